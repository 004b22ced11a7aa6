package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderSplitTest {

  private static List<String> lines(String input, int max) throws IOException {
    return lines(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), max);
  }

  private static List<String> lines(InputStream in, int max) throws IOException {
    LineReader reader = new LineReader(in, max, LineReader.Overflow.SPLIT);
    List<String> out = new ArrayList<>();
    byte[] line;
    while ((line = reader.next()) != null) {
      out.add(new String(line, StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void splitsOnNewlinesDroppingCarriageReturnsAndKeepingEmptyLines() throws IOException {
    assertThat(lines("one\ntwo\r\n\nthree", 100)).containsExactly("one", "two", "", "three");
    assertThat(lines("", 100)).isEmpty();
    assertThat(lines("last\n", 100)).containsExactly("last");
  }

  @Test
  void longLinesComeInPiecesOfAtMostMaxBytes() throws IOException {
    assertThat(lines("abcdefghij\nk", 4)).containsExactly("abcd", "efgh", "ij", "k");
    // A line of exactly the limit is one piece: no empty piece after it.
    assertThat(lines("abcdefgh\n", 4)).containsExactly("abcd", "efgh");
  }

  @Test
  void piecesNeverEndInHalfACharacter() throws IOException {
    // "aé€😀": 1 + 2 + 3 + 4 bytes; every cut falls between characters.
    String text = "a\u00e9\u20ac\uD83D\uDE00";
    for (int max = 4; max <= 10; max++) {
      List<String> pieces = lines(text + "\n", max);
      assertThat(String.join("", pieces)).as("max %d", max).isEqualTo(text);
      for (String piece : pieces) {
        assertThat(piece).doesNotContain("\uFFFD");
        assertThat(piece.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(max);
      }
    }
  }

  @Test
  void readsAcrossManySmallReads() throws IOException {
    byte[] data = "first line\nsecond\n".getBytes(StandardCharsets.UTF_8);
    InputStream trickle = new InputStream() {
      int i;

      @Override
      public int read() {
        return i < data.length ? data[i++] & 0xFF : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (i >= data.length) {
          return -1;
        }
        b[off] = data[i++];
        return 1;
      }
    };
    assertThat(lines(trickle, 64)).containsExactly("first line", "second");
  }

  @Test
  void invalidUtf8IsCutAtTheLimitAllTheSame() throws IOException {
    byte[] bad = new byte[10];
    java.util.Arrays.fill(bad, (byte) 0x80);
    LineReader reader = new LineReader(new ByteArrayInputStream(bad), 4, LineReader.Overflow.SPLIT);
    assertThat(reader.next()).hasSize(4);
    assertThat(reader.next()).hasSize(4);
    assertThat(reader.next()).hasSize(2);
    assertThat(reader.next()).isNull();
  }
}
