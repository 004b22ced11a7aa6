package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  final DurationConverter converter = new DurationConverter();

  @Test
  void readsUnitsAndBareSeconds() {
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(converter.convert("1.5")).isEqualTo(Duration.ofMillis(1500));
    assertThat(converter.convert("0")).isEqualTo(Duration.ZERO);
    assertThat(converter.convert("PT3S")).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void rejectsOtherTextNamingTheAcceptedForms() {
    for (String bad : new String[] {"", "ten", "-1s", "5 parsecs", "PTx"}) {
      assertThatThrownBy(() -> converter.convert(bad)).as(bad)
          .isInstanceOf(TypeConversionException.class).hasMessageContaining("500ms, 10s");
    }
  }
}
