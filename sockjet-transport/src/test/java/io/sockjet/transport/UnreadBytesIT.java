package io.sockjet.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Channel#unreadCapacity()}: bytes a handler leaves come back in front of the next read,
 * where they were, and the loop lends a bounded number of buffers for them.
 */
@Timeout(60)
class UnreadBytesIT {
  private final EventLoopGroup group = new EventLoopGroup(1, "unread", NanoClock.SYSTEM);
  private final List<RecordReader> readers = new CopyOnWriteArrayList<>();

  @AfterEach
  void shutdown() throws Exception {
    Loopback.shutdown(group);
  }

  /**
   * Reads records of a 4-byte length and that many bytes. A record the buffer holds only part of
   * is left for the channel to hand back when it may; when it may not, its bytes are copied into
   * a buffer of the reader's own.
   */
  static final class RecordReader implements ChannelHandler {
    final CompletableFuture<Channel> opened = new CompletableFuture<>();
    final List<byte[]> records = new CopyOnWriteArrayList<>();
    final List<Integer> capacities = new CopyOnWriteArrayList<>();
    /** Where each whole record lay: the buffer's identity and the index of its length field. */
    final List<String> places = new CopyOnWriteArrayList<>();
    /** Where the last partial record was left, in the same form. */
    volatile String leftAt;
    private ByteBuffer own = ByteBuffer.allocate(0); // bytes copied when nothing could be left

    @Override
    public void onOpen(Channel channel) {
      opened.complete(channel);
    }

    @Override
    public void onRead(Channel channel, ByteBuffer data) {
      int capacity = channel.unreadCapacity();
      capacities.add(capacity);
      ByteBuffer in = data;
      if (own.hasRemaining()) {
        in = ByteBuffer.allocate(own.remaining() + data.remaining()).put(own).put(data).flip();
        own = ByteBuffer.allocate(0);
      }
      while (in.remaining() >= 4 && in.remaining() >= 4 + in.getInt(in.position())) {
        int at = in.position();
        byte[] record = new byte[in.getInt()];
        in.get(record);
        records.add(record);
        places.add(System.identityHashCode(in) + "@" + at);
      }
      if (!in.hasRemaining()) {
        return;
      }
      if (in == data && capacity >= in.remaining()) {
        leftAt = System.identityHashCode(in) + "@" + in.position();
        return; // left for the channel to hand back
      }
      own = ByteBuffer.allocate(in.remaining()).put(in).flip();
    }
  }

  private TcpServer server() throws Exception {
    return TcpServer.builder(group, () -> {
      RecordReader r = new RecordReader();
      readers.add(r);
      return r;
    }).bind(Loopback.any());
  }

  private static byte[] record(int size, int seed) {
    byte[] wire = new byte[4 + size];
    ByteBuffer.wrap(wire).putInt(size);
    for (int i = 4; i < wire.length; i++) {
      wire[i] = (byte) (i * 31 + seed);
    }
    return wire;
  }

  private static void send(Socket socket, byte[] bytes, int from, int to) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(bytes, from, to - from);
    out.flush();
  }

  private int lentOnLoop() throws Exception {
    CompletableFuture<Integer> lent = new CompletableFuture<>();
    EventLoop loop = group.next();
    loop.execute(() -> lent.complete(loop.readBuffers.lent()));
    return lent.get(10, TimeUnit.SECONDS);
  }

  private RecordReader firstReader() throws Exception {
    for (int i = 0; i < 2000 && readers.isEmpty(); i++) {
      Thread.sleep(5);
    }
    return readers.get(0);
  }

  private static void awaitRecords(RecordReader reader, int count) throws Exception {
    for (int i = 0; i < 2000 && reader.records.size() < count; i++) {
      Thread.sleep(5);
    }
    assertThat(reader.records).hasSize(count);
  }

  @Test
  void aRecordSplitAcrossReadsComesBackWholeWhereItsFirstPartWas() throws Exception {
    TcpServer server = server();
    byte[] first = record(10, 1);
    byte[] split = record(100_000, 2);
    byte[] wire = new byte[first.length + split.length];
    System.arraycopy(first, 0, wire, 0, first.length);
    System.arraycopy(split, 0, wire, first.length, split.length);
    try (Socket socket = Loopback.connect(server.localAddress())) {
      int cut = first.length + 30_000;
      send(socket, wire, 0, cut);
      RecordReader reader = firstReader();
      reader.opened.get(10, TimeUnit.SECONDS);
      awaitRecords(reader, 1);
      for (int i = 0; i < 2000 && reader.leftAt == null; i++) {
        Thread.sleep(5);
      }
      assertThat(lentOnLoop()).as("buffers lent while the record waits").isEqualTo(1);
      send(socket, wire, cut, wire.length);
      awaitRecords(reader, 2);
      assertThat(reader.records.get(1)).isEqualTo(Arrays.copyOfRange(split, 4, split.length));
      assertThat(reader.places.get(1)).as("the whole record lies where its first part was")
          .isEqualTo(reader.leftAt);
      assertThat(lentOnLoop()).as("the emptied buffer went back").isZero();
    }
  }

  @Test
  void theLoopLendsABoundedNumberOfBuffersAndTheRestConsumeEverything() throws Exception {
    TcpServer server = server();
    int n = ReadBuffers.MAX_LENT + 3;
    byte[] wire = record(50_000, 3);
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        Socket s = Loopback.connect(server.localAddress());
        sockets.add(s);
        send(s, wire, 0, 20_000);
      }
      for (int i = 0; i < 2000 && readers.stream().filter(r -> !r.capacities.isEmpty()).count() < n;
          i++) {
        Thread.sleep(5);
      }
      assertThat(lentOnLoop()).isEqualTo(ReadBuffers.MAX_LENT);
      long refused = readers.stream().filter(r -> r.capacities.get(0) == 0).count();
      assertThat(refused).as("readers told to consume everything").isEqualTo(3);
      for (Socket s : sockets) {
        send(s, wire, 20_000, wire.length);
      }
      for (RecordReader r : readers) {
        awaitRecords(r, 1);
        assertThat(r.records.get(0)).isEqualTo(Arrays.copyOfRange(wire, 4, wire.length));
      }
      assertThat(lentOnLoop()).isZero();
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  @Test
  void aRecordDribbledInOverManyReadsStopsBeingKept() throws Exception {
    TcpServer server = server();
    byte[] wire = record(60_000, 5);
    int pieces = ChannelIo.MAX_READS_INTO_KEPT + 4;
    int step = wire.length / pieces + 1;
    try (Socket socket = Loopback.connect(server.localAddress())) {
      for (int from = 0; from < wire.length; from += step) {
        send(socket, wire, from, Math.min(wire.length, from + step));
        Thread.sleep(20); // one read per piece
      }
      RecordReader reader = firstReader();
      awaitRecords(reader, 1);
      assertThat(reader.records.get(0)).isEqualTo(Arrays.copyOfRange(wire, 4, wire.length));
      // The first read, then MAX_READS_INTO_KEPT - 1 reads into the kept buffer: after that the
      // channel offers nothing and the reader copies the record's bytes into its own buffer.
      assertThat(reader.capacities.subList(0, ChannelIo.MAX_READS_INTO_KEPT))
          .as("capacities offered").allMatch(c -> c > 0);
      assertThat(reader.capacities.get(ChannelIo.MAX_READS_INTO_KEPT)).isZero();
      assertThat(lentOnLoop()).isZero();
    }
  }

  @Test
  void aChannelThatClosesWhileHoldingBytesGivesTheBufferBack() throws Exception {
    TcpServer server = server();
    byte[] wire = record(50_000, 4);
    try (Socket socket = Loopback.connect(server.localAddress())) {
      send(socket, wire, 0, 10_000);
      RecordReader reader = firstReader();
      Channel channel = reader.opened.get(10, TimeUnit.SECONDS);
      for (int i = 0; i < 2000 && reader.leftAt == null; i++) {
        Thread.sleep(5);
      }
      assertThat(lentOnLoop()).isEqualTo(1);
      channel.abort();
      for (int i = 0; i < 2000 && channel.isOpen(); i++) {
        Thread.sleep(5);
      }
      assertThat(lentOnLoop()).isZero();
    }
  }
}
