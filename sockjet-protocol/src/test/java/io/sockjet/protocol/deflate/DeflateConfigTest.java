package io.sockjet.protocol.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeflateConfigTest {

  @Test
  void builderStartsFromTheRfcDefaultsAndTheCodecDefaults() {
    assertThat(DeflateConfig.builder().build())
        .isEqualTo(new DeflateConfig(false, false, 15, 15, true, true, 6, 8, 1024));
  }

  @Test
  void serverDefaultsAddServerNoContextTakeoverOnly() {
    assertThat(DeflateConfig.serverDefaults())
        .isEqualTo(DeflateConfig.builder().serverNoContextTakeover(true).build());
  }

  @Test
  void clientDefaultsAreTheBuilders() {
    assertThat(DeflateConfig.clientDefaults()).isEqualTo(DeflateConfig.builder().build());
  }

  @Test
  void everySetterLandsInItsOwnField() {
    DeflateConfig c = DeflateConfig.builder()
        .serverNoContextTakeover(true)
        .clientNoContextTakeover(true)
        .serverMaxWindowBits(9)
        .clientMaxWindowBits(10)
        .offerClientMaxWindowBits(false)
        .fallbackOffer(false)
        .compressionLevel(1)
        .memLevel(5)
        .compressionThreshold(0)
        .build();
    assertThat(c).isEqualTo(new DeflateConfig(true, true, 9, 10, false, false, 1, 5, 0));
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(c.toBuilder().memLevel(9).build()).isEqualTo(new DeflateConfig(true, true, 9, 10, false, false, 1, 9, 0));
  }

  @ParameterizedTest(name = "{0}({1})")
  @CsvSource(delimiter = '|', textBlock = """
      serverMaxWindowBits  | 7   | serverMaxWindowBits must be 8 to 15 (RFC 7692 §7.1.2), got 7
      serverMaxWindowBits  | 16  | serverMaxWindowBits must be 8 to 15 (RFC 7692 §7.1.2), got 16
      clientMaxWindowBits  | 7   | clientMaxWindowBits must be 8 to 15 (RFC 7692 §7.1.2), got 7
      clientMaxWindowBits  | 16  | clientMaxWindowBits must be 8 to 15 (RFC 7692 §7.1.2), got 16
      compressionLevel     | -1  | compressionLevel must be 0 (store) to 9 (smallest), got -1
      compressionLevel     | 10  | compressionLevel must be 0 (store) to 9 (smallest), got 10
      memLevel             | 0   | memLevel must be 1 to 9, got 0
      memLevel             | 10  | memLevel must be 1 to 9, got 10
      compressionThreshold | -1  | compressionThreshold must be 0 (compress every message) or more bytes, got -1
      """)
  void outOfRangeValuesAreRejectedByTheBuilderAndTheConstructor(String field, int value, String message) {
    Consumer<DeflateConfig.Builder> set = switch (field) {
      case "serverMaxWindowBits" -> b -> b.serverMaxWindowBits(value);
      case "clientMaxWindowBits" -> b -> b.clientMaxWindowBits(value);
      case "compressionLevel" -> b -> b.compressionLevel(value);
      case "memLevel" -> b -> b.memLevel(value);
      case "compressionThreshold" -> b -> b.compressionThreshold(value);
      default -> throw new IllegalArgumentException(field);
    };
    assertThatIllegalArgumentException().isThrownBy(() -> set.accept(DeflateConfig.builder())).withMessage(message);

    DeflateConfig d = DeflateConfig.builder().build();
    assertThatIllegalArgumentException().isThrownBy(() -> new DeflateConfig(
        d.serverNoContextTakeover(),
        d.clientNoContextTakeover(),
        field.equals("serverMaxWindowBits") ? value : d.serverMaxWindowBits(),
        field.equals("clientMaxWindowBits") ? value : d.clientMaxWindowBits(),
        d.offerClientMaxWindowBits(),
        d.fallbackOffer(),
        field.equals("compressionLevel") ? value : d.compressionLevel(),
        field.equals("memLevel") ? value : d.memLevel(),
        field.equals("compressionThreshold") ? value : d.compressionThreshold()))
        .withMessage(message);
  }

  @ParameterizedTest
  @CsvSource({"8, 0, 1, 0", "15, 9, 9, 2147483647"})
  void rangeBoundsAreAccepted(int windowBits, int level, int memLevel, int threshold) {
    DeflateConfig c = DeflateConfig.builder()
        .serverMaxWindowBits(windowBits)
        .clientMaxWindowBits(windowBits)
        .compressionLevel(level)
        .memLevel(memLevel)
        .compressionThreshold(threshold)
        .build();
    assertThat(c.serverMaxWindowBits()).isEqualTo(windowBits);
    assertThat(c.clientMaxWindowBits()).isEqualTo(windowBits);
    assertThat(c.compressionLevel()).isEqualTo(level);
    assertThat(c.memLevel()).isEqualTo(memLevel);
    assertThat(c.compressionThreshold()).isEqualTo(threshold);
  }
}
