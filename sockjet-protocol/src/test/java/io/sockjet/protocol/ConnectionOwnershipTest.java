package io.sockjet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.buffer.Ownership;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the output is told about each payload's ownership, and what the connection does to the
 * caller's buffer: it passes the stated ownership on unchanged, masks in place only what it may
 * modify, and never moves or changes a buffer it was lent or shares.
 */
class ConnectionOwnershipTest {
  record Written(ByteBuffer payload, Ownership ownership, byte[] bytes) {}

  final RecordingListener listener = new RecordingListener();
  final List<Written> written = new ArrayList<>();

  @AfterEach
  void noUnexpectedEvents() {
    listener.assertExhausted();
  }

  private Connection connection(Role role) {
    return new Connection(role, Limits.DEFAULTS, () -> ConnectionTest.KEY, listener, (h, p, o) -> {
      byte[] bytes = null;
      if (p != null) {
        bytes = new byte[p.remaining()];
        p.duplicate().get(bytes);
      }
      written.add(new Written(p, o, bytes));
    });
  }

  private static ByteBuffer payload() {
    return ByteBuffer.wrap("some payload".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void aServerPassesTheOwnershipOnAndKeepsTheCallersPosition() {
    Connection server = connection(Role.SERVER);
    for (Ownership o : Ownership.values()) {
      ByteBuffer p = payload();
      server.sendBinary(p, o);
      Written w = written.get(written.size() - 1);
      assertThat(w.ownership()).isEqualTo(o);
      assertThat(w.bytes()).isEqualTo(payload().array());
      if (o != Ownership.OWNED) {
        assertThat(p.position()).as("position after a %s send", o).isZero();
      }
      if (o == Ownership.SHARED) {
        assertThat(w.payload()).as("a view the output may keep").isNotSameAs(p);
        assertThat(w.payload().isReadOnly()).isTrue();
      }
    }
  }

  @Test
  void aClientMasksInPlaceOnlyWhatItMayModify() {
    Connection client = connection(Role.CLIENT);
    for (Ownership o : Ownership.values()) {
      ByteBuffer p = payload();
      client.sendBinary(p, o);
      Written w = written.get(written.size() - 1);
      assertThat(w.bytes()).as("masked").isNotEqualTo(payload().array());
      if (o.mayModify()) {
        assertThat(w.payload()).as("%s: masked in place, no copy", o).isSameAs(p);
        assertThat(w.ownership()).isEqualTo(o);
      } else {
        assertThat(p.array()).as("%s: the caller's bytes are untouched", o)
            .isEqualTo(payload().array());
        assertThat(w.ownership()).as("a masked copy in scratch").isEqualTo(Ownership.SCRATCH);
      }
    }
  }

  @Test
  void textEncodedHereIsScratchAndUtf8TextGoesAsItIs() {
    Connection server = connection(Role.SERVER);
    server.sendText("héllo");
    assertThat(written.get(0).ownership()).isEqualTo(Ownership.SCRATCH);
    server.sendTextUtf8(ByteBuffer.wrap("héllo".getBytes(StandardCharsets.UTF_8)), Ownership.SHARED);
    assertThat(written.get(1).ownership()).isEqualTo(Ownership.SHARED);
    assertThat(written.get(1).bytes()).isEqualTo(written.get(0).bytes());
  }

  @Test
  void aFragmentedMessageInProgressIsVisible() {
    Connection server = connection(Role.SERVER);
    assertThat(server.isSendingFragmentedMessage()).isFalse();
    server.sendBinaryFragment(payload(), false, Ownership.LENT);
    assertThat(server.isSendingFragmentedMessage()).isTrue();
    server.sendBinaryFragment(payload(), true, Ownership.LENT);
    assertThat(server.isSendingFragmentedMessage()).isFalse();
  }
}
