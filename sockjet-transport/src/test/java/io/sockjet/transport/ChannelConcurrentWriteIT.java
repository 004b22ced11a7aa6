package io.sockjet.transport;

import io.sockjet.buffer.Ownership;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ChannelConcurrentWriteIT {
  private static final int THREADS = 8;
  private static final int WRITES_PER_THREAD = 2000;
  /** Record: thread id (4 bytes), sequence (4 bytes), payload of the thread id repeated. */
  private static final int PAYLOAD = 300;

  private final EventLoopGroup group = new EventLoopGroup(1, "cw", NanoClock.SYSTEM);

  @AfterEach
  void shutdown() throws Exception {
    Loopback.shutdown(group);
  }

  @Test
  void writesFromEightThreadsArriveWholeAndInEachThreadsOrder() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    TcpServer server = TcpServer.builder(group, () -> handler).bind(Loopback.any());
    try (Socket peer = Loopback.connect(server.localAddress())) {
      Channel channel = handler.opened.get(20, TimeUnit.SECONDS);
      CyclicBarrier start = new CyclicBarrier(THREADS);
      List<CompletableFuture<Void>> writers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int id = t;
        writers.add(
            CompletableFuture.runAsync(
                () -> {
                  try {
                    start.await(20, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    throw new RuntimeException(e);
                  }
                  for (int seq = 0; seq < WRITES_PER_THREAD; seq++) {
                    ByteBuffer head = ByteBuffer.allocate(8).putInt(id).putInt(seq).flip();
                    ByteBuffer body = ByteBuffer.allocate(PAYLOAD);
                    while (body.hasRemaining()) {
                      body.put((byte) id);
                    }
                    body.flip();
                    // Alternate gathering writes, copies and single buffers.
                    if (seq % 3 == 0) {
                      channel.write(head, body);
                    } else if (seq % 3 == 1) {
                      channel.write(Ownership.LENT, head, body);
                    } else {
                      channel.write(ByteBuffer.allocate(8 + PAYLOAD).put(head).put(body).flip());
                    }
                  }
                },
                runnable -> new Thread(runnable).start()));
      }
      DataInputStream in = new DataInputStream(peer.getInputStream());
      int[] nextSeq = new int[THREADS];
      byte[] body = new byte[PAYLOAD];
      for (int i = 0; i < THREADS * WRITES_PER_THREAD; i++) {
        int id = in.readInt();
        int seq = in.readInt();
        in.readFully(body);
        assertThat(id).isBetween(0, THREADS - 1);
        assertThat(seq).isEqualTo(nextSeq[id]++);
        for (byte b : body) {
          assertThat(b).isEqualTo((byte) id);
        }
      }
      for (CompletableFuture<Void> w : writers) {
        w.get(20, TimeUnit.SECONDS);
      }
      channel.whenFlushed().get(20, TimeUnit.SECONDS);
      assertThat(channel.queuedBytes()).isZero();
    }
    assertThat(handler.violation).isNull();
  }
}
