package io.sockjet.protocol.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What only {@code java.util.zip} does: its {@code Deflater} has no window or memory setting. */
class JdkZlibTest {

  @Test
  void refusesToDeflateWithWindowsBelow15() {
    Zlib jdk = Zlib.jdk();
    for (int bits = 8; bits < 15; bits++) {
      int windowBits = bits;
      assertThat(jdk.canDeflateWithWindow(windowBits)).isFalse();
      assertThatThrownBy(() -> jdk.newDeflater(-1, windowBits, 8))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("15-bit window only");
    }
    assertThat(jdk.canDeflateWithWindow(15)).isTrue();
    jdk.newDeflater(-1, 15, 8).end();
  }

  @Test
  void inflatesWithAnyAgreedWindow() {
    // Its Inflater always has 32 KiB, which reads streams made with any smaller window.
    for (int bits = 8; bits <= 15; bits++) {
      Zlib.jdk().newInflater(bits).end();
    }
  }

  @Test
  void ignoresMemLevelAndSaysSo() {
    assertThat(Zlib.jdk().honoursMemLevel()).isFalse();
    assertThat(Zlib.jdk().name()).isEqualTo("java.util.zip");
  }
}
