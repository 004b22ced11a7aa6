package io.sockjet.transport;

import io.sockjet.buffer.Ownership;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Corking stops once the loop's write chunks are all out: one pass that writes to more sockets
 * than there are chunks to cork them writes the rest at once, so the memory one pass holds for
 * corked writes stays bounded however many sockets it writes to.
 */
@Timeout(60)
class CorkLimitIT {
  private static final int SOCKETS = WriteChunks.MAX_OUTSTANDING + 44;
  private static final int MESSAGE = 100;

  private final EventLoopGroup group = new EventLoopGroup(1, "cork", NanoClock.SYSTEM);

  @AfterEach
  void shutdown() throws Exception {
    Loopback.shutdown(group);
  }

  @Test
  void aPassWritingToMoreSocketsThanChunksCorksOnlyAsManyAsThereAreChunks() throws Exception {
    List<RecordingHandler> handlers = new CopyOnWriteArrayList<>();
    TcpServer server = TcpServer.builder(group, () -> {
      RecordingHandler h = new RecordingHandler();
      handlers.add(h);
      return h;
    }).bind(Loopback.any());
    List<Socket> peers = new ArrayList<>();
    try {
      for (int i = 0; i < SOCKETS; i++) {
        peers.add(Loopback.connect(server.localAddress()));
      }
      List<Channel> channels = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (handlers.size() < SOCKETS && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      for (RecordingHandler h : handlers) {
        channels.add(h.opened.get(20, TimeUnit.SECONDS));
      }
      EventLoop loop = channels.get(0).loop();

      // One task on the loop writes a small message to every socket, each a copy (which a corked
      // write keeps in a chunk), and notes which writes were left waiting for the end of the pass.
      int[] corkedAndChunks = CompletableFuture.supplyAsync(() -> {
        int corked = 0;
        for (int i = 0; i < channels.size(); i++) {
          channels.get(i).write(Ownership.LENT, message(i));
          if (channels.get(i).queuedBytes() > 0) {
            corked++;
          }
        }
        return new int[] {corked, loop.writeChunks.allocated()};
      }, loop).get(20, TimeUnit.SECONDS);

      assertThat(corkedAndChunks[0]).as("writes corked in the pass")
          .isPositive().isLessThanOrEqualTo(WriteChunks.MAX_OUTSTANDING);
      // A write that goes out at once still passes through a chunk, given back when written.
      assertThat(corkedAndChunks[1]).as("chunks the pass took")
          .isLessThanOrEqualTo(WriteChunks.MAX_OUTSTANDING + 1);
      // Corked or not, every socket gets its bytes once the pass is over.
      for (int i = 0; i < peers.size(); i++) {
        InputStream in = peers.get(i).getInputStream();
        assertThat(Loopback.readFully(in, MESSAGE)).isEqualTo(message(i).array());
      }
    } finally {
      for (Socket s : peers) {
        s.close();
      }
    }
  }

  private static ByteBuffer message(int i) {
    byte[] b = new byte[MESSAGE];
    java.util.Arrays.fill(b, (byte) i);
    return ByteBuffer.wrap(b);
  }
}
