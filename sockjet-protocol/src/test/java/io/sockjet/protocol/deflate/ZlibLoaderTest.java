package io.sockjet.protocol.deflate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** How {@link Zlib#system()} is chosen: {@link ZlibLoader#choose} branch by branch. */
class ZlibLoaderTest {
  /** A stand-in for the native binding. */
  private static final Zlib FAKE_NATIVE =
      new Zlib() {
        @Override
        public String name() {
          return "fake (native)";
        }

        @Override
        public boolean canDeflateWithWindow(int windowBits) {
          return true;
        }

        @Override
        public boolean honoursMemLevel() {
          return true;
        }

        @Override
        public RawDeflater newDeflater(int level, int windowBits, int memLevel) {
          throw new UnsupportedOperationException();
        }

        @Override
        public RawInflater newInflater(int windowBits) {
          throw new UnsupportedOperationException();
        }
      };

  /** Fails the test if the loader asks for the binding when it must not. */
  private static final Supplier<Zlib> MUST_NOT_ASK =
      () -> {
        throw new AssertionError("the native binding was asked for");
      };

  @Test
  void usesTheBindingOnJava22AndLater() {
    assertThat(ZlibLoader.choose(null, 22, () -> FAKE_NATIVE)).isSameAs(FAKE_NATIVE);
    assertThat(ZlibLoader.choose("native", 25, () -> FAKE_NATIVE)).isSameAs(FAKE_NATIVE);
  }

  @Test
  void propertyJdkForcesJavaUtilZip() {
    assertThat(ZlibLoader.choose("jdk", 25, MUST_NOT_ASK)).isSameAs(Zlib.jdk());
  }

  @Test
  void beforeJava22TheBindingIsNeverLoaded() {
    assertThat(ZlibLoader.choose(null, 17, MUST_NOT_ASK)).isSameAs(Zlib.jdk());
    assertThat(ZlibLoader.choose(null, 21, MUST_NOT_ASK)).isSameAs(Zlib.jdk());
  }

  @Test
  void aMissingOrFailingBindingFallsBack() {
    assertThat(ZlibLoader.choose(null, 25, () -> null)).isSameAs(Zlib.jdk());
    assertThat(
            ZlibLoader.choose(
                null,
                25,
                () -> {
                  throw new IllegalCallerException("native access denied");
                }))
        .isSameAs(Zlib.jdk());
    assertThat(
            ZlibLoader.choose(
                null,
                25,
                () -> {
                  throw new NoClassDefFoundError("FfmZlib");
                }))
        .isSameAs(Zlib.jdk());
  }

  @Test
  void systemIsTheBindingWhereverItMustLoad() {
    // This build compiles the binding for Java 22+, and the test JVM allows native access.
    boolean forcedJdk = "jdk".equals(System.getProperty("sockjet.zlib"));
    if (Implementations.nativeExpected() && !forcedJdk) {
      assertThat(Zlib.system().name()).startsWith("zlib 1.").endsWith(" (native)");
    } else {
      assertThat(Zlib.system()).isSameAs(Zlib.jdk());
    }
  }
}
