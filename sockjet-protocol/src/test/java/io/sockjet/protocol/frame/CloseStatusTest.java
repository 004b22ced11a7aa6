package io.sockjet.protocol.frame;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sockjet.protocol.ProtocolViolation;
import io.sockjet.protocol.Violation;
import io.sockjet.protocol.text.Utf8Validator;
import io.sockjet.testkit.Gen;
import io.sockjet.testkit.Hex;
import io.sockjet.testkit.Property;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloseStatusTest {

  @Test
  void emptyBodyMeansNoStatusReceived() throws ProtocolViolation {
    // RFC 6455 §7.1.5: with no status code in the close frame, the status is 1005.
    ByteBuffer empty = ByteBuffer.allocate(0);
    assertThat(CloseStatus.parse(empty)).isEqualTo(new CloseStatus(1005, ""));
  }

  @Test
  void oneByteBodyIsAProtocolError() {
    // RFC 6455 §5.5.1: a body starts with a 2-byte status code.
    ProtocolViolation e =
        catchThrowableOfType(ProtocolViolation.class, () -> CloseStatus.parse(ByteBuffer.wrap(Hex.bytes("03"))));
    assertThat(e.violation()).isEqualTo(Violation.INVALID_CLOSE_PAYLOAD);
    assertThat(e.closeCode()).isEqualTo(1002);
  }

  @Test
  void parsesCodeAndReasonWithoutMovingThePosition() throws ProtocolViolation {
    ByteBuffer frame = ByteBuffer.wrap(Hex.bytes("ff 03 e8 62 79 65 ff"));
    frame.position(1).limit(6);
    assertThat(CloseStatus.parse(frame)).isEqualTo(new CloseStatus(1000, "bye"));
    assertThat(frame.position()).isEqualTo(1);
    assertThat(frame.limit()).isEqualTo(6);
  }

  @Test
  void readsTheCodeInNetworkByteOrderWhateverTheBufferOrder() throws ProtocolViolation {
    ByteBuffer little = ByteBuffer.wrap(Hex.bytes("0f a0")).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(CloseStatus.parse(little).code()).isEqualTo(4000);
  }

  @Test
  void decodesAMultiByteReason() throws ProtocolViolation {
    ByteBuffer body = ByteBuffer.wrap(Hex.bytes("03 e9 ce ba e1 bd b9 cf 83 ce bc ce b5"));
    assertThat(CloseStatus.parse(body)).isEqualTo(new CloseStatus(1001, "\u03ba\u1f79\u03c3\u03bc\u03b5"));
  }

  /** RFC 6455 §7.4.1/§7.4.2 and the IANA registry, checked on a received close frame. */
  @ParameterizedTest(name = "code {0} accepted: {1}")
  @CsvSource({
    "999, false", "1000, true", "1003, true", "1004, false", "1005, false", "1006, false",
    "1007, true", "1014, true", "1015, false", "1016, false", "2999, false", "3000, true",
    "4999, true", "5000, false", "65535, false",
  })
  void receivedCodeMustBeValidOnTheWire(int code, boolean accepted) throws ProtocolViolation {
    ByteBuffer body = ByteBuffer.wrap(new byte[] {(byte) (code >> 8), (byte) code, 'o', 'k'});
    if (accepted) {
      assertThat(CloseStatus.parse(body)).isEqualTo(new CloseStatus(code, "ok"));
    } else {
      ProtocolViolation e = catchThrowableOfType(ProtocolViolation.class, () -> CloseStatus.parse(body));
      assertThat(e.violation()).isEqualTo(Violation.INVALID_CLOSE_CODE);
      assertThat(e.closeCode()).isEqualTo(1002);
      assertThat(e.getMessage()).contains(Integer.toString(code));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "truncated 2-byte character, 03 e8 61 ce",
    "surrogate,                  03 e8 ed a0 80",
    "overlong,                   03 e8 c0 af",
    "stray continuation,         03 e8 80",
  })
  void reasonThatIsNotUtf8IsInvalidPayload(String name, String hex) {
    // RFC 6455 §8.1: invalid UTF-8 where UTF-8 is required fails the connection, with 1007 (§7.4.1).
    ProtocolViolation e =
        catchThrowableOfType(ProtocolViolation.class, () -> CloseStatus.parse(ByteBuffer.wrap(Hex.bytes(hex))));
    assertThat(e.violation()).isEqualTo(Violation.INVALID_CLOSE_REASON);
    assertThat(e.closeCode()).isEqualTo(1007);
  }

  @Test
  void invalidCodeIsReportedBeforeAnInvalidReason() {
    ProtocolViolation e =
        catchThrowableOfType(
            ProtocolViolation.class, () -> CloseStatus.parse(ByteBuffer.wrap(Hex.bytes("03 ed ff"))));
    assertThat(e.violation()).isEqualTo(Violation.INVALID_CLOSE_CODE);
  }

  @Test
  void payloadIsTheCodeInNetworkByteOrderThenTheReason() {
    assertThat(Hex.of(CloseStatus.NORMAL.toPayload())).isEqualTo("03 e8");
    assertThat(Hex.of(CloseStatus.of(1001, "bye").toPayload())).isEqualTo("03 e9 62 79 65");
    assertThat(Hex.of(CloseStatus.of(4999, "").toPayload())).isEqualTo("13 87");
  }

  @Test
  void noStatusIsSentAsAnEmptyBody() {
    // RFC 6455 §7.1.5: an empty close body is how "no status code" is expressed.
    assertThat(CloseStatus.NO_STATUS.toPayload().remaining()).isZero();
    assertThat(new CloseStatus(1005, "ignored").toPayload().remaining()).isZero();
  }

  @Test
  void codesThatMustNeverBeSentHaveNoPayload() {
    assertThatThrownBy(CloseStatus.ABNORMAL::toPayload).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new CloseStatus(1015, "").toPayload()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void ofRefusesCodesThisEndpointMustNotSend() {
    for (int code : new int[] {999, 1004, 1005, 1006, 1015, 1016, 2999, 5000}) {
      assertThatThrownBy(() -> CloseStatus.of(code, "")).as("code %d", code)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(Integer.toString(code));
    }
    assertThat(CloseStatus.of(3000, "x")).isEqualTo(new CloseStatus(3000, "x"));
  }

  @Test
  void constructorAcceptsLocalOnlyCodesButNotValuesBeyond16Bits() {
    assertThat(new CloseStatus(1006, "").code()).isEqualTo(1006);
    assertThatThrownBy(() -> new CloseStatus(-1, "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CloseStatus(65536, "")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reasonIsNeverNull() {
    assertThat(new CloseStatus(1000, null).reason()).isEmpty();
    assertThat(CloseStatus.of(1000, null).reason()).isEmpty();
  }

  @Test
  void constantsCarryTheirCodes() {
    assertThat(CloseStatus.NORMAL.code()).isEqualTo(1000);
    assertThat(CloseStatus.GOING_AWAY.code()).isEqualTo(1001);
    assertThat(CloseStatus.NO_STATUS.code()).isEqualTo(1005);
    assertThat(CloseStatus.ABNORMAL.code()).isEqualTo(1006);
  }

  /**
   * RFC 6455 §5.5: control frame payloads are at most 125 bytes, so a reason is cut to the last
   * whole code point within 123 bytes.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "1-byte characters,             a,  1, 123",
    "2-byte characters,             é,  1, 122",
    "3-byte characters,             €,  1, 123",
    "4-byte characters,             😀, 2, 120",
    "4-byte after one ASCII byte,   😀, 2, 121",
  })
  void longReasonIsTruncatedAtACodePointBoundary(String name, String unit, int charsPerUnit, int expectedBytes) {
    String prefix = name.contains("after one") ? "x" : "";
    String reason = prefix + unit.repeat(200);
    ByteBuffer payload = CloseStatus.of(1000, reason).toPayload();

    assertThat(payload.remaining()).isEqualTo(2 + expectedBytes).isLessThanOrEqualTo(125);
    ByteBuffer reasonBytes = payload.duplicate().position(2);
    assertThat(Utf8Validator.isValid(reasonBytes)).isTrue();
    String sent = UTF_8.decode(reasonBytes).toString();
    assertThat(reason).startsWith(sent);
    assertThat((sent.length() - prefix.length()) % charsPerUnit).isZero();
  }

  @Test
  void reasonOfExactly123BytesIsKeptWhole() throws ProtocolViolation {
    String reason = "€".repeat(41);
    ByteBuffer payload = CloseStatus.of(1000, reason).toPayload();
    assertThat(payload.remaining()).isEqualTo(125);
    assertThat(CloseStatus.parse(payload).reason()).isEqualTo(reason);
  }

  @Test
  void parseReadsBackWhatToPayloadWrote() {
    Property.forAll(0xC105_0001L, 500, gen -> {
      int code = sendableCode(gen);
      String reason = reason(gen);
      ByteBuffer payload = CloseStatus.of(code, reason).toPayload();
      assertThat(payload.remaining()).isLessThanOrEqualTo(125);

      CloseStatus parsed = CloseStatus.parse(payload);
      assertThat(parsed.code()).isEqualTo(code);
      assertThat(reason).startsWith(parsed.reason());
      if (reason.getBytes(UTF_8).length <= CloseStatus.MAX_REASON_BYTES) {
        assertThat(parsed.reason()).isEqualTo(reason);
      }
    });
  }

  private static int sendableCode(Gen gen) {
    return switch (gen.intBetween(0, 2)) {
      case 0 -> gen.intBetween(1000, 1003);
      case 1 -> gen.intBetween(1007, 1014);
      default -> gen.intBetween(3000, 4999);
    };
  }

  /** Up to 8 pieces of well-formed text only (no lone surrogates), so "prefix of the original" is exact. */
  private static String reason(Gen gen) {
    StringBuilder out = new StringBuilder();
    int pieces = gen.length(0, 8);
    for (int i = 0; i < pieces; i++) {
      switch (gen.intBetween(0, 2)) {
        case 0 -> out.append(gen.stringBetween(0, 30, '\u0000', '\u007F'));
        case 1 -> out.append(gen.stringBetween(0, 30, '\u0080', '\uD7FF'));
        default -> out.appendCodePoint(gen.intBetween(0x10000, Character.MAX_CODE_POINT));
      }
    }
    return out.toString();
  }
}
