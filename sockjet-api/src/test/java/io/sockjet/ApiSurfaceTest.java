package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API names only its own types and the JDK's: every public or protected member of a
 * public type in {@code io.sockjet}, generic arguments and bounds included, is checked by
 * reflection over the compiled package. A transport or protocol type there would force users to
 * read (and us to keep stable) a module they were never meant to see.
 */
class ApiSurfaceTest {

  @Test
  void publicSignaturesNameOnlyTheApisOwnTypesAndTheJdks() throws Exception {
    List<Class<?>> api = publicTypes();
    // Guards against a scan that finds nothing and so passes.
    assertThat(api).contains(WebSocketServer.class, WebSocketServer.Builder.class,
        WebSocketClient.class, ConnectionOptions.class, EventLoops.class, ChannelWatch.class,
        ChannelWatcher.class);
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : api) {
      leaks.addAll(leaks(type));
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void theCheckSeesThroughGenericsArraysBoundsAndInheritance() {
    assertThat(leaks(Leaky.class)).hasSize(6);
    assertThat(leaks(Leaky.class)).anyMatch(l -> l.endsWith("names io.sockjet.internal.LineCache"));
    assertThat(leaks(LeakyByInheritance.class)).hasSize(1);
  }

  @Test
  void everyTypeInTheExportedPackageIsPublicApi() throws Exception {
    // Internals live in io.sockjet.internal, which the module does not export: a package-private
    // class here would be a file in the API's package that is not API.
    List<String> hidden = new ArrayList<>();
    for (String name : classNames()) {
      Class<?> c = Class.forName(name, false, WebSocket.class.getClassLoader());
      if (c.getDeclaringClass() == null && !c.isAnonymousClass() && !c.isLocalClass()
          && !c.isSynthetic() && !Modifier.isPublic(c.getModifiers())) {
        hidden.add(name);
      }
    }
    assertThat(hidden).isEmpty();
  }

  @Test
  void theModuleExportsOnlyTheApiAndPassesNoOtherModuleOn() throws Exception {
    ModuleDescriptor module;
    Path where = codeSource();
    if (Files.isDirectory(where)) {
      try (InputStream in = Files.newInputStream(where.resolve("module-info.class"))) {
        module = ModuleDescriptor.read(in);
      }
    } else {
      try (JarFile jar = new JarFile(where.toFile());
          InputStream in = jar.getInputStream(jar.getEntry("module-info.class"))) {
        module = ModuleDescriptor.read(in);
      }
    }
    assertThat(module.name()).isEqualTo("io.sockjet");
    assertThat(module.exports()).extracting(ModuleDescriptor.Exports::source)
        .containsExactly("io.sockjet");
    for (ModuleDescriptor.Requires r : module.requires()) {
      if (r.name().startsWith("io.sockjet.")) {
        assertThat(r.modifiers()).as(r.name()).doesNotContain(ModuleDescriptor.Requires.Modifier.TRANSITIVE);
      }
    }
  }

  /** What {@code type} exposes that is neither {@code io.sockjet}'s nor the JDK's. */
  static List<String> leaks(Class<?> type) {
    Set<String> found = new TreeSet<>();
    check(type.getName() + " extends", type.getGenericSuperclass(), found);
    for (Type t : type.getGenericInterfaces()) {
      check(type.getName() + " implements", t, found);
    }
    for (TypeVariable<?> v : type.getTypeParameters()) {
      check(type.getName() + "<" + v + ">", v, found);
    }
    for (Executable e : exposedExecutables(type)) {
      String where = e.toGenericString();
      for (TypeVariable<?> v : e.getTypeParameters()) {
        check(where, v, found);
      }
      for (Type t : e.getGenericParameterTypes()) {
        check(where, t, found);
      }
      for (Type t : e.getGenericExceptionTypes()) {
        check(where, t, found);
      }
      if (e instanceof Method m) {
        check(where, m.getGenericReturnType(), found);
      }
    }
    for (Field f : type.getFields()) { // public, inherited ones included
      check(f.toGenericString(), f.getGenericType(), found);
    }
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isProtected(f.getModifiers())) {
          check(f.toGenericString(), f.getGenericType(), found);
        }
      }
    }
    return new ArrayList<>(found);
  }

  /**
   * Public methods (inherited ones too: a package-private superclass's public methods are
   * callable), public and protected constructors, and protected methods up the hierarchy.
   */
  private static List<Executable> exposedExecutables(Class<?> type) {
    List<Executable> all = new ArrayList<>(List.of(type.getMethods()));
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (exposed(c)) {
        all.add(c);
      }
    }
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (Modifier.isProtected(m.getModifiers())) {
          all.add(m);
        }
      }
    }
    all.removeIf(e -> e.isSynthetic() || (e instanceof Method m && m.isBridge()));
    return all;
  }

  private static boolean exposed(Member m) {
    return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
  }

  private static void check(String where, Type t, Set<String> found) {
    check(where, t, found, new HashSet<>());
  }

  private static void check(String where, Type t, Set<String> found, Set<Type> seen) {
    if (t == null || !seen.add(t)) {
      return; // seen: a recursive bound such as <B extends ConnectionOptions<B>>
    }
    if (t instanceof Class<?> c) {
      while (c.isArray()) {
        c = c.getComponentType();
      }
      if (!allowed(c)) {
        found.add(where + " names " + c.getName());
      }
    } else if (t instanceof ParameterizedType p) {
      check(where, p.getRawType(), found, seen);
      check(where, p.getOwnerType(), found, seen);
      for (Type a : p.getActualTypeArguments()) {
        check(where, a, found, seen);
      }
    } else if (t instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        check(where, b, found, seen);
      }
      for (Type b : w.getLowerBounds()) {
        check(where, b, found, seen);
      }
    } else if (t instanceof GenericArrayType a) {
      check(where, a.getGenericComponentType(), found, seen);
    } else if (t instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) {
        check(where, b, found, seen);
      }
    }
  }

  /**
   * The API's own package, primitives, and the JDK's modules (java.*, jdk.*). Not its
   * subpackages: {@code io.sockjet.internal} is not exported, so naming it is a leak too.
   */
  private static boolean allowed(Class<?> c) {
    if (c.isPrimitive() || c.getPackageName().equals("io.sockjet")) {
      return true;
    }
    String module = c.getModule().getName(); // null on the class path: not the JDK
    return module != null && (module.startsWith("java.") || module.startsWith("jdk."));
  }

  /** The public types (nested ones whose enclosing types are public too) of io.sockjet. */
  private static List<Class<?>> publicTypes() throws IOException, URISyntaxException {
    List<Class<?>> types = new ArrayList<>();
    for (String name : classNames()) {
      Class<?> c;
      try {
        c = Class.forName(name, false, WebSocket.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new AssertionError(e);
      }
      if (visible(c)) {
        types.add(c);
      }
    }
    return types;
  }

  private static boolean visible(Class<?> c) {
    for (Class<?> t = c; t != null; t = t.getDeclaringClass()) {
      if (!Modifier.isPublic(t.getModifiers())) {
        return false;
      }
    }
    return !c.isAnonymousClass() && !c.isLocalClass() && !c.isSynthetic();
  }

  /** Names of the classes compiled into io.sockjet itself (not its subpackages), main code only. */
  private static List<String> classNames() throws IOException, URISyntaxException {
    Path where = codeSource();
    List<String> names = new ArrayList<>();
    if (Files.isDirectory(where)) {
      try (Stream<Path> files = Files.list(where.resolve("io/sockjet"))) {
        files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
            .forEach(n -> names.add("io.sockjet." + n.substring(0, n.length() - 6)));
      }
    } else {
      try (JarFile jar = new JarFile(where.toFile())) {
        jar.stream().map(e -> e.getName())
            .filter(n -> n.startsWith("io/sockjet/") && n.endsWith(".class")
                && n.indexOf('/', "io/sockjet/".length()) < 0)
            .forEach(n -> names.add(n.substring(0, n.length() - 6).replace('/', '.')));
      }
    }
    return names;
  }

  /** The classes directory or jar the API was loaded from (not the tests'). */
  private static Path codeSource() throws URISyntaxException {
    return Path.of(WebSocket.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  // ------------------------------------------------------------------ samples for the check

  /** Six leaks, each hidden a different way; one names the library's own internals. */
  @SuppressWarnings("unused")
  public abstract static class Leaky {
    public abstract Supplier<? extends io.sockjet.protocol.frame.MaskKeySource> wildcard();

    public abstract void array(io.sockjet.transport.Watch[] watches);

    public abstract <T extends io.sockjet.transport.WatchHandler> T bound();

    protected io.sockjet.protocol.Limits field;

    public abstract io.sockjet.internal.LineCache internal();

    public Leaky(List<io.sockjet.transport.EventLoopGroup> groups) {}

    // Not exposed: never counted.
    abstract io.sockjet.transport.EventLoop hidden();
  }

  /** A package-private superclass, whose public method the public subclass exposes. */
  abstract static class HiddenBase {
    public abstract io.sockjet.transport.EventLoopGroup inherited();
  }

  /** One leak, through its package-private superclass. */
  public abstract static class LeakyByInheritance extends HiddenBase {}
}
