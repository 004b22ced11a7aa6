package io.sockjet.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloseCodeTest {

  /** RFC 6455 §7.4.1 (defined and reserved codes), §7.4.2 (ranges) and the IANA registry. */
  @ParameterizedTest(name = "{0} valid on the wire: {1}")
  @CsvSource({
    "0,     false",
    "999,   false",
    "1000,  true",
    "1001,  true",
    "1002,  true",
    "1003,  true",
    "1004,  false",
    "1005,  false",
    "1006,  false",
    "1007,  true",
    "1010,  true",
    "1011,  true",
    "1012,  true",
    "1013,  true",
    "1014,  true",
    "1015,  false",
    "1016,  false",
    "2000,  false",
    "2999,  false",
    "3000,  true",
    "3999,  true",
    "4000,  true",
    "4999,  true",
    "5000,  false",
    "65535, false",
    "-1,    false",
    "65536, false",
  })
  void onlyDefinedRegisteredAndPrivateCodesAreValidOnTheWire(int code, boolean valid) {
    assertThat(CloseCode.isValidOnWire(code)).isEqualTo(valid);
    assertThat(CloseCode.isSendable(code)).isEqualTo(valid);
  }

  @Test
  void reservedCodesThatMustNeverBeSentAreNotSendable() {
    // RFC 6455 §7.4.1: 1005, 1006 and 1015 "MUST NOT be set as a status code in a Close control frame".
    assertThat(CloseCode.isSendable(CloseCode.NO_STATUS_RECEIVED)).isFalse();
    assertThat(CloseCode.isSendable(CloseCode.ABNORMAL_CLOSURE)).isFalse();
    assertThat(CloseCode.isSendable(CloseCode.TLS_HANDSHAKE_FAILED)).isFalse();
  }

  @Test
  void constantsHaveTheirRegisteredValues() {
    int[] codes = {
      CloseCode.NORMAL, CloseCode.GOING_AWAY, CloseCode.PROTOCOL_ERROR, CloseCode.UNSUPPORTED_DATA,
      CloseCode.NO_STATUS_RECEIVED, CloseCode.ABNORMAL_CLOSURE, CloseCode.INVALID_PAYLOAD,
      CloseCode.POLICY_VIOLATION, CloseCode.MESSAGE_TOO_BIG, CloseCode.MANDATORY_EXTENSION,
      CloseCode.INTERNAL_ERROR, CloseCode.SERVICE_RESTART, CloseCode.TRY_AGAIN_LATER,
      CloseCode.BAD_GATEWAY, CloseCode.TLS_HANDSHAKE_FAILED
    };
    assertThat(codes).containsExactly(
        1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "1000, NORMAL",
    "1002, PROTOCOL_ERROR",
    "1005, NO_STATUS_RECEIVED",
    "1014, BAD_GATEWAY",
    "1015, TLS_HANDSHAKE_FAILED",
    "1004, UNKNOWN(1004)",
    "3000, REGISTERED(3000)",
    "4999, PRIVATE(4999)",
    "5000, UNKNOWN(5000)",
  })
  void nameDescribesTheCode(int code, String name) {
    assertThat(CloseCode.name(code)).isEqualTo(name);
  }
}
