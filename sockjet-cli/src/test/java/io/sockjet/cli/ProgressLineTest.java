package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  String written() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void onATerminalTheLineIsRewrittenInPlaceAndPaddedOverLongerText() {
    ProgressLine line = new ProgressLine(err, true);
    line.show("12345");
    line.show("ab");
    line.finish();
    assertThat(written()).isEqualTo("\r12345\rab   " + System.lineSeparator());
  }

  @Test
  void elsewhereEachUpdateIsAPlainLine() {
    ProgressLine line = new ProgressLine(err, false);
    line.show("one");
    line.show("two");
    line.finish();
    assertThat(written()).isEqualTo("one" + System.lineSeparator() + "two" + System.lineSeparator())
        .doesNotContain("\r");
  }
}
