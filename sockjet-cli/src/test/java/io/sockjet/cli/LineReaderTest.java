package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  static List<String> lines(InputStream in, int max) throws IOException {
    LineReader reader = new LineReader(in, max, LineReader.Overflow.FAIL);
    List<String> out = new ArrayList<>();
    for (byte[] line; (line = reader.next()) != null; ) {
      out.add(new String(line, StandardCharsets.UTF_8));
    }
    return out;
  }

  static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Hands out one byte per read: every line boundary falls between two reads. */
  static InputStream trickle(String s) {
    return new FilterInputStream(bytes(s)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(1, len));
      }
    };
  }

  @Test
  void splitsOnNewlineAndKeepsEmptyLines() throws IOException {
    assertThat(lines(bytes("a\n\nb\n"), 100)).containsExactly("a", "", "b");
  }

  @Test
  void lastLineWithoutNewlineCounts() throws IOException {
    assertThat(lines(bytes("a\nb"), 100)).containsExactly("a", "b");
    assertThat(lines(bytes(""), 100)).isEmpty();
    assertThat(lines(bytes("\n"), 100)).containsExactly("");
  }

  @Test
  void crBeforeNewlineIsDroppedButNotElsewhere() throws IOException {
    assertThat(lines(bytes("a\r\nb\rc\r\n\r"), 100)).containsExactly("a", "b\rc", "");
  }

  @Test
  void linesSplitAcrossReadsComeOutWhole() throws IOException {
    assertThat(lines(trickle("héllo 🎉\r\nworld\nend"), 100))
        .containsExactly("héllo 🎉", "world", "end");
  }

  @Test
  void lineLongerThanTheChunkIsAssembled() throws IOException {
    String longLine = "x".repeat(200_000);
    assertThat(lines(bytes(longLine + "\nshort\n"), 1 << 20)).containsExactly(longLine, "short");
  }

  @Test
  void lineOverTheLimitFailsAndOneAtTheLimitPasses() throws IOException {
    assertThat(lines(bytes("12345\n"), 5)).containsExactly("12345");
    assertThat(lines(bytes("12345\r\n"), 5)).containsExactly("12345");
    assertThatThrownBy(() -> lines(bytes("123456\n"), 5))
        .isInstanceOf(LineReader.LineTooLongException.class);
    assertThatThrownBy(() -> lines(bytes("123456"), 5))
        .isInstanceOf(LineReader.LineTooLongException.class);
    assertThatThrownBy(() -> lines(trickle("1234567890"), 5))
        .isInstanceOf(LineReader.LineTooLongException.class);
  }

  @Test
  void bytesAreNotDecoded() throws IOException {
    byte[] raw = {(byte) 0xff, 0, (byte) 0x80, '\n'};
    LineReader reader = new LineReader(new ByteArrayInputStream(raw), 10, LineReader.Overflow.FAIL);
    assertThat(reader.next()).containsExactly(0xff, 0, 0x80);
    assertThat(reader.next()).isNull();
  }
}
