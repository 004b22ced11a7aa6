package io.sockjet.protocol.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.sockjet.protocol.Role;
import io.sockjet.protocol.handshake.ExtensionHeader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeflateParametersTest {
  /** Distinct values in every field, so a helper reading the wrong one shows. */
  private static final DeflateParameters MIXED = new DeflateParameters(true, false, 10, 12);

  @Test
  void theServerFieldsGovernWhatTheServerSendsRfc7692Section7_1() {
    assertThat(MIXED.sendWindowBits(Role.SERVER)).isEqualTo(10);
    assertThat(MIXED.sendNoContextTakeover(Role.SERVER)).isTrue();
    assertThat(MIXED.receiveWindowBits(Role.CLIENT)).isEqualTo(10);
    assertThat(MIXED.receiveNoContextTakeover(Role.CLIENT)).isTrue();
  }

  @Test
  void theClientFieldsGovernWhatTheClientSendsRfc7692Section7_1() {
    assertThat(MIXED.sendWindowBits(Role.CLIENT)).isEqualTo(12);
    assertThat(MIXED.sendNoContextTakeover(Role.CLIENT)).isFalse();
    assertThat(MIXED.receiveWindowBits(Role.SERVER)).isEqualTo(12);
    assertThat(MIXED.receiveNoContextTakeover(Role.SERVER)).isFalse();
  }

  @Test
  void defaultsAreWhatABarePermessageDeflateAgrees() {
    assertThat(DeflateParameters.DEFAULTS).isEqualTo(new DeflateParameters(false, false, 15, 15));
    assertThat(DeflateParameters.DEFAULTS.toExtension().toString()).isEqualTo("permessage-deflate");
  }

  @Test
  void toExtensionWritesEveryNonDefaultParameterInAFixedOrder() {
    assertThat(ExtensionHeader.format(List.of(new DeflateParameters(true, true, 9, 8).toExtension())))
        .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover;"
            + " server_max_window_bits=9; client_max_window_bits=8");
    assertThat(MIXED.toExtension().toString())
        .isEqualTo("permessage-deflate; server_no_context_takeover; server_max_window_bits=10;"
            + " client_max_window_bits=12");
    assertThat(new DeflateParameters(false, true, 15, 15).toExtension().toString())
        .isEqualTo("permessage-deflate; client_no_context_takeover");
  }

  @Test
  void theServerWindowCanBeWrittenAt15ToEchoAnOfferOfExactlyThat() {
    assertThat(DeflateParameters.DEFAULTS.toExtension(true).toString())
        .isEqualTo("permessage-deflate; server_max_window_bits=15");
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, 0, 7, 16, Integer.MAX_VALUE})
  void windowsOutside8To15AreRejected(int bits) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new DeflateParameters(false, false, bits, 15))
        .withMessage("serverMaxWindowBits must be 8 to 15 (RFC 7692 §7.1.2), got " + bits);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new DeflateParameters(false, false, 15, bits))
        .withMessage("clientMaxWindowBits must be 8 to 15 (RFC 7692 §7.1.2), got " + bits);
  }

  @Test
  void windows8And15AreTheBounds() {
    assertThat(new DeflateParameters(false, false, 8, 15).serverMaxWindowBits()).isEqualTo(8);
    assertThat(new DeflateParameters(false, false, 15, 8).clientMaxWindowBits()).isEqualTo(8);
  }
}
