package io.sockjet.protocol.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AcceptKeyTest {
  @Test
  void acceptOfTheRfc6455Section1_3SampleKey() {
    assertThat(AcceptKey.of("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }

  @Test
  void newKeyIsBase64OfSixteenBytesFromTheGivenRandomRfc6455Section4_1() {
    String key = AcceptKey.newKey(new Random(7));
    assertThat(key).hasSize(24);
    assertThat(Base64.getDecoder().decode(key)).hasSize(16);
    assertThat(AcceptKey.newKey(new Random(7))).as("deterministic for a seeded source").isEqualTo(key);
    assertThat(AcceptKey.newKey(new Random(8))).isNotEqualTo(key);
  }
}
