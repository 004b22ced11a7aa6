package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.SlowSubscriberPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/**
 * {@link ByteSize}, {@link TimeSpan} and {@link SlowSubscribers}: what people write for sizes,
 * durations and slow-subscriber policies.
 */
class ConvertersTest {

  @Test
  void sizesAreBytesOrBinaryMultiples() {
    assertThat(ByteSize.parse("65536")).isEqualTo(65536);
    assertThat(ByteSize.parse("64k")).isEqualTo(64 * 1024);
    assertThat(ByteSize.parse("64KiB")).isEqualTo(64 * 1024);
    assertThat(ByteSize.parse("16M")).isEqualTo(16L << 20);
    assertThat(ByteSize.parse("1 GiB")).isEqualTo(1L << 30);
    assertThat(ByteSize.parse("10b")).isEqualTo(10);
  }

  @Test
  void badSizesSayWhatIsAccepted() {
    assertThatThrownBy(() -> ByteSize.parse("12q")).isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("k, M or G");
    assertThatThrownBy(() -> ByteSize.parse("-1")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> ByteSize.parse("99999999999G")).hasMessageContaining("too large");
  }

  @Test
  void durationsHaveUnitsOrAreSeconds() {
    assertThat(TimeSpan.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(TimeSpan.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(TimeSpan.parse("10")).isEqualTo(Duration.ofSeconds(10));
    assertThat(TimeSpan.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(TimeSpan.parse("1H")).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> TimeSpan.parse("soon")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> TimeSpan.parse("99999999999999h")).hasMessageContaining("too long");
  }

  @Test
  void durationsFormatForLogLines() {
    assertThat(TimeSpan.format(Duration.ofMillis(850))).isEqualTo("850ms");
    assertThat(TimeSpan.format(Duration.ofMillis(3250))).isEqualTo("3.3s");
    assertThat(TimeSpan.format(Duration.ofSeconds(125))).isEqualTo("2m05s");
    assertThat(TimeSpan.format(Duration.ofMinutes(61))).isEqualTo("1h01m");
  }

  @Test
  void slowSubscriberPoliciesSkipOrCloseWithACode() {
    assertThat(SlowSubscribers.parse("skip:256k")).isEqualTo(SlowSubscriberPolicy.skip(256 << 10));
    assertThat(SlowSubscribers.parse("close:1M")).isEqualTo(SlowSubscriberPolicy.close(1 << 20, 1013));
    assertThat(SlowSubscribers.parse("CLOSE:64k:1008"))
        .isEqualTo(SlowSubscriberPolicy.close(64 << 10, 1008));
    for (String bad : new String[] {"skip", "skip:1k:1013", "drop:1k", "close:1k:1000",
        "close:1k:x", ""}) {
      assertThatThrownBy(() -> SlowSubscribers.parse(bad)).as(bad)
          .isInstanceOf(TypeConversionException.class).hasMessageContaining("skip:SIZE");
    }
    assertThatThrownBy(() -> SlowSubscribers.parse("skip:lots"))
        .isInstanceOf(TypeConversionException.class).hasMessageContaining("not a size");
  }
}
