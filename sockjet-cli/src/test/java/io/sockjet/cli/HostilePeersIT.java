package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.WebSocketClient;
import io.sockjet.testkit.RawFrame;
import io.sockjet.testkit.RawPeer;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Attacks on {@code sockjet serve --echo} in a forked JVM with small memory limits, so that what
 * used to exhaust it does so within seconds: raw sockets over loopback, every loop bounded in
 * count and time. Each test asserts that the server still echoes a fresh client during and after
 * the attack, that the attacker is stopped (pushed back by TCP or closed with the right code),
 * and that the process is alive at the end.
 */
@Timeout(120)
class HostilePeersIT {
  /** Small enough that the attacks below would exhaust it within seconds if nothing bounded them. */
  static final List<String> SMALL_JVM =
      List.of("-Xmx64m", "-XX:MaxDirectMemorySize=64m", "-XX:+UseSerialGC");

  private final WebSocketClient client = WebSocketClient.builder().eventLoops(1).build();
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    client.close();
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  private ServeProcess serve(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--echo", "-q"));
    all.addAll(Arrays.asList(args));
    ServeProcess s = ServeProcess.start(SMALL_JVM, null, all.toArray(String[]::new));
    opened.add(s);
    return s;
  }

  private RawPeer attacker(ServeProcess s) throws IOException {
    RawPeer p = RawPeer.open(s.port);
    opened.add(p);
    return p;
  }

  /** A fresh client gets its message back within 5 s. */
  private void assertEchoes(ServeProcess s, String text) throws Exception {
    assertThat(s.process.isAlive()).as("server alive; stderr: %s", s.err()).isTrue();
    try (Peer peer = Peer.connect(client, URI.create("ws://127.0.0.1:" + s.port + "/"))) {
      peer.ws.sendText(text);
      assertThat(peer.next()).isEqualTo(text);
    }
  }

  @Test
  void aPingFloodFromAClientThatNeverReadsIsPushedBackAndOthersAreServed() throws Exception {
    ServeProcess s = serve();
    RawPeer flood = attacker(s);
    byte[] ping = RawFrame.of(0x9).payload(new byte[125]).mask(RawPeer.MASK).bytes();
    byte[] burst = new byte[ping.length * 512];
    for (int i = 0; i < 512; i++) {
      System.arraycopy(ping, 0, burst, i * ping.length, ping.length);
    }
    AtomicLong written = new AtomicLong();
    Thread writer = new Thread(() -> {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
      try {
        while (System.nanoTime() < deadline) {
          flood.send(burst); // blocks once the server stops reading
          written.addAndGet(burst.length);
        }
      } catch (IOException closedUnderUs) {
        // the test closes the socket to end a write that blocks for good
      }
    }, "ping-flood");
    writer.start();
    for (int i = 0; i < 3; i++) {
      Thread.sleep(1500);
      assertEchoes(s, "during the flood " + i);
    }
    writer.join(TimeUnit.SECONDS.toMillis(8));
    flood.close();
    writer.join(5_000);
    // Unbounded, the server read ~1 GB of pings in 6 s (and died queueing their pongs); bounded,
    // it stops reading once a high-water mark of pongs waits, and TCP stops the attacker.
    assertThat(written.get()).as("bytes of pings the server let in").isLessThan(64L << 20);
    assertEchoes(s, "after the flood");
  }

  @Test
  void unfinishedLargeMessagesHitTheMemoryBudgetAndAreClosedWith1009() throws Exception {
    // 16 MiB budget (a quarter of 64 MiB); each attacker sends 12 MiB of a 30 MiB message.
    ServeProcess s = serve("--max-message", "32M", "--max-frame", "32M");
    int attackers = 4;
    int declared = 30 << 20;
    int sent = 12 << 20;
    List<RawPeer> peers = new ArrayList<>();
    List<Thread> writers = new ArrayList<>();
    for (int i = 0; i < attackers; i++) {
      RawPeer p = attacker(s);
      peers.add(p);
      byte[] header = Arrays.copyOf(RawFrame.of(0x2).declaredLength(declared)
          .mask(RawPeer.MASK).bytes(), 14);
      Thread w = new Thread(() -> {
        try {
          p.send(header);
          byte[] piece = new byte[1 << 20];
          for (int n = 0; n < sent; n += piece.length) {
            p.send(piece); // the payload's mask does not matter: it is binary
          }
        } catch (IOException closedByServer) {
          // the server closed this attacker: what the test expects for most of them
        }
      }, "partial-message-" + i);
      writers.add(w);
      w.start();
    }
    for (Thread w : writers) {
      w.join(30_000);
    }
    assertEchoes(s, "while partial messages wait");
    int closed1009 = 0;
    for (RawPeer p : peers) {
      p.socket.setSoTimeout(2_000);
      try {
        if (p.readClose().closeCode() == 1009) {
          closed1009++;
        }
      } catch (java.net.SocketTimeoutException stillOpen) {
        // this one fits in the budget and is still waiting
      } catch (IOException reset) {
        // reset after the close frame went out: the code is lost on our side
      }
    }
    // 48 MiB asked for, 16 MiB allowed: at least two attackers must have been refused.
    assertThat(closed1009).as("attackers closed with 1009").isGreaterThanOrEqualTo(2);
    assertEchoes(s, "after the partial messages");
  }

  @Test
  void aPeerDribblingAFrameIsDroppedByTheDefaultKeepalive() throws Exception {
    // The defaults are 20 s + 20 s; shortened here so the test takes seconds, not a minute.
    ServeProcess s = serve("--ping-interval", "1s", "--pong-timeout", "1s");
    RawPeer dribbler = attacker(s);
    byte[] frame = RawFrame.of(0x1).payload(new byte[100]).mask(RawPeer.MASK).bytes();
    dribbler.send(Arrays.copyOf(frame, 6)); // header and mask: a frame begins
    dribbler.socket.setSoTimeout(300);
    boolean dropped = false;
    for (int i = 6; i < frame.length && !dropped; i++) {
      try {
        dribbler.send(new byte[] {frame[i]}); // one byte every 300 ms looks alive to a byte count
      } catch (IOException reset) {
        dropped = true;
        break;
      }
      dropped = dribbler.drainToEof(); // false after 300 ms with the connection still open
      if (i > 6 + 30) { // 30 bytes, about 9 s: well past 1 s + 1 s
        break;
      }
    }
    assertThat(dropped).as("dribbler dropped within about 9 s").isTrue();
    assertEchoes(s, "after the dribbler");
  }

  @Test
  void aMessageNotFinishedInTimeIsClosedWith1008() throws Exception {
    ServeProcess s = serve("--no-keepalive", "--message-timeout", "1s");
    RawPeer slow = attacker(s);
    slow.send(RawFrame.of(0x1).fin(false).payload("begun, ").mask(RawPeer.MASK).bytes());
    assertThat(slow.readClose().closeCode()).isEqualTo(1008);
    assertEchoes(s, "after the slow message");
  }
}
