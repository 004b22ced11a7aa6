import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the JDK that compiles sockjet-protocol's FFM part ({@code src/main/java22}, the system
 * zlib binding) into {@code META-INF/versions/22}, so that a build run on JDK 17 still produces
 * the whole multi-release jar. Run by the build (maven-antrun-plugin) with the source launcher:
 * {@code java FindFfmJdk.java [JDK_HOME]}.
 *
 * <p>Prints the home of the JDK to use, or nothing when none of release 22 or later is found.
 * The first that qualifies of: the JDK given as the argument ({@code -Dsockjet.jdk22}; refused,
 * exit status 2, if it is not a JDK 22+), the JDK running the build, and otherwise the newest
 * among those Maven's toolchains ({@code ~/.m2/toolchains.xml}) declare, those named by
 * {@code JAVA<N>_HOME} variables, and those installed where installers put them.
 *
 * <p>A JDK's release is read from its {@code release} file, not from its directory name.
 */
public final class FindFfmJdk {
  private static final int FFM_RELEASE = 22;
  private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");
  private static final Pattern JDK_HOME = Pattern.compile("<jdkHome>\\s*([^<]+?)\\s*</jdkHome>");

  private FindFfmJdk() {}

  public static void main(String[] args) throws IOException {
    if (args.length > 0 && !args[0].isBlank()) {
      Path given = Path.of(args[0]);
      if (release(given).orElse(0) < FFM_RELEASE) {
        System.err.println("FindFfmJdk: " + given + " is not a JDK " + FFM_RELEASE + " or later");
        System.exit(2);
      }
      System.out.println(given.toAbsolutePath().normalize());
      return;
    }
    Path running = Path.of(System.getProperty("java.home"));
    if (release(running).orElse(0) >= FFM_RELEASE) {
      System.out.println(running);
      return;
    }
    Path best = null;
    int bestRelease = FFM_RELEASE - 1;
    for (Path candidate : candidates()) {
      int release = release(candidate).orElse(0);
      if (release > bestRelease) {
        best = candidate;
        bestRelease = release;
      }
    }
    if (best != null) {
      System.out.println(best.toAbsolutePath().normalize());
    }
  }

  /** Where JDKs are declared or installed; some may not exist or may not be JDKs. */
  private static List<Path> candidates() throws IOException {
    List<Path> candidates = new ArrayList<>();
    String userHome = System.getProperty("user.home");
    Path toolchains = Path.of(userHome, ".m2", "toolchains.xml");
    if (Files.isReadable(toolchains)) {
      Matcher m = JDK_HOME.matcher(Files.readString(toolchains));
      while (m.find()) {
        candidates.add(Path.of(m.group(1)));
      }
    }
    for (Map.Entry<String, String> e : System.getenv().entrySet()) {
      if (e.getKey().matches("JAVA\\d+_HOME") || e.getKey().equals("JAVA_HOME")) {
        candidates.add(Path.of(e.getValue()));
      }
    }
    // Debian and Ubuntu packages, Red Hat, tarballs by convention, IntelliJ, SDKMAN!, macOS.
    for (String parent : new String[] {"/usr/lib/jvm", "/usr/java", "/opt/java", "/opt",
        userHome + "/.jdks", userHome + "/.sdkman/candidates/java",
        "/Library/Java/JavaVirtualMachines"}) {
      Path dir = Path.of(parent);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
        for (Path child : children) {
          candidates.add(child);
          candidates.add(child.resolve("Contents/Home")); // a macOS bundle
        }
      } catch (IOException unreadable) {
        // A directory we may not list holds nothing we could use.
      }
    }
    return candidates;
  }

  /** The feature release of the JDK at {@code home}, if it is a JDK (it has javac). */
  private static Optional<Integer> release(Path home) {
    if (!Files.isExecutable(home.resolve("bin/javac")) && !Files.isExecutable(home.resolve("bin/javac.exe"))) {
      return Optional.empty();
    }
    try {
      Matcher m = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
      return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
  }
}
