package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.WebSocketClient;
import io.sockjet.testkit.RawFrame;
import io.sockjet.testkit.RawPeer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The long soak of FUZZING.md, skipped unless {@code -Dsockjet.soak=DURATION} (e.g. {@code 5m})
 * is given: {@code sockjet serve --echo} in a small JVM, honest clients echoing and checking every
 * reply while attackers take turns (ping floods, stalled large messages, dribbled frames, garbage,
 * slow handshakes, connection churn). At the end every honest round trip must have come back
 * intact, the server must still serve, and it must have stayed alive throughout.
 */
class HostileSoakIT {
  private static final int HONEST = 8;
  private static final int ATTACKERS = 6;

  @Test
  @Timeout(value = 3, unit = TimeUnit.HOURS)
  void honestClientsAreServedThroughMinutesOfMixedAttacks() throws Exception {
    String soak = System.getProperty("sockjet.soak");
    Assumptions.assumeTrue(soak != null, "a soak runs only with -Dsockjet.soak=DURATION");
    Duration length = new TimeSpan().convert(soak);
    long end = System.nanoTime() + length.toNanos();
    AtomicLong roundTrips = new AtomicLong();
    AtomicLong attacks = new AtomicLong();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    try (ServeProcess s = ServeProcess.start(HostilePeersIT.SMALL_JVM, null, "--echo", "-q",
            "--ping-interval", "2s", "--pong-timeout", "2s", "--message-timeout", "5s",
            "--max-message", "16M", "--max-connections", "2000");
        WebSocketClient client = WebSocketClient.builder().eventLoops(1).build()) {
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < HONEST; i++) {
        int id = i;
        threads.add(new Thread(() -> honest(client, s.port, id, end, roundTrips, failures),
            "honest-" + i));
      }
      for (int i = 0; i < ATTACKERS; i++) {
        long seed = 1000 + i;
        threads.add(new Thread(() -> attack(s.port, seed, end, attacks), "attacker-" + i));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join(length.toMillis() + 120_000);
      }
      System.out.printf("soak: %s, %d honest round trips, %d attacks, %d failures%n", length,
          roundTrips.get(), attacks.get(), failures.size());
      assertThat(failures).as("honest clients' failures").isEmpty();
      assertThat(s.process.isAlive()).as("server alive; stderr: %s", s.err()).isTrue();
      assertThat(roundTrips.get()).isPositive();
    }
  }

  /** Echoes numbered messages and checks each reply; reconnects if the server closed it. */
  private static void honest(WebSocketClient client, int port, int id, long end,
      AtomicLong roundTrips, List<String> failures) {
    long n = 0;
    while (System.nanoTime() < end) {
      try (Peer peer = Peer.connect(client, URI.create("ws://127.0.0.1:" + port + "/"))) {
        for (int i = 0; i < 1000 && System.nanoTime() < end; i++) {
          String text = "honest " + id + " #" + n++;
          peer.ws.sendText(text);
          String back = peer.next();
          if (!back.equals(text)) {
            failures.add("sent " + text + ", got " + back);
          }
          roundTrips.incrementAndGet();
        }
      } catch (Throwable e) {
        failures.add("honest " + id + ": " + e);
      }
    }
  }

  /** One attack after another, chosen at random, each bounded in bytes and time. */
  private static void attack(int port, long seed, long end, AtomicLong attacks) {
    SplittableRandom random = new SplittableRandom(seed);
    while (System.nanoTime() < end) {
      int kind = random.nextInt(6);
      try (RawPeer p = kind == 5 ? RawPeer.connect(port) : RawPeer.open(port)) {
        p.socket.setSoTimeout(2_000);
        switch (kind) {
          case 0 -> { // ping flood, never reading
            byte[] ping = RawFrame.of(0x9).payload(new byte[125]).mask(RawPeer.MASK).bytes();
            for (int i = 0; i < 20_000; i++) {
              p.send(ping);
            }
          }
          case 1 -> { // most of a large message, then a stall
            p.send(java.util.Arrays.copyOf(RawFrame.of(0x2).declaredLength(12 << 20)
                .mask(RawPeer.MASK).bytes(), 14));
            p.send(new byte[8 << 20]);
            Thread.sleep(1_000);
          }
          case 2 -> { // a frame dribbled
            byte[] f = RawFrame.of(0x1).payload(new byte[50]).mask(RawPeer.MASK).bytes();
            for (byte b : f) {
              p.send(new byte[] {b});
              Thread.sleep(200);
            }
          }
          case 3 -> { // garbage
            byte[] junk = new byte[1 + random.nextInt(4096)];
            random.nextBytes(junk);
            p.send(junk);
            p.drainToEof();
          }
          case 4 -> { // connect, send half a message, vanish
            p.send(RawFrame.of(0x1).fin(false).payload("half").mask(RawPeer.MASK).bytes());
          }
          default -> { // a slow upgrade request (this one connected without a handshake)
            for (char c : RawPeer.upgradeRequest("/", "").toCharArray()) {
              p.send(String.valueOf(c));
              Thread.sleep(50);
            }
          }
        }
      } catch (IOException | InterruptedException expected) {
        // the server closed the attacker: that is the point
      }
      attacks.incrementAndGet();
    }
  }
}
