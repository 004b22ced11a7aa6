package io.sockjet.transport;

import io.sockjet.buffer.Ownership;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A child process for {@link AcceptBackoffIT}: an echo server on 127.0.0.1 that prints {@code
 * PORT <port>} on stdout, then runs until its stdin closes (the parent ended) or it is killed.
 * Started under a low descriptor limit ({@code ulimit -n}), so that the parent can exhaust its
 * descriptors by connecting, without touching its own. With the argument {@code log-at-start}
 * it writes a log line before it prints the port.
 */
final class FdExhaustionServer {
  private FdExhaustionServer() {}

  public static void main(String[] args) throws IOException {
    EventLoopGroup group = new EventLoopGroup(1, "fdx", NanoClock.SYSTEM);
    TcpServer server =
        TcpServer.builder(group, Echo::new).bind(new InetSocketAddress("127.0.0.1", 0));
    if (args.length > 0 && args[0].equals("log-at-start")) {
      // As most applications do. The JDK's logging sets itself up on the first line it writes
      // (its formatter reads the time-zone data file), which fails without a free descriptor: a
      // child that has not logged before running out writes no warning at all.
      System.getLogger("fdx").log(System.Logger.Level.INFO, "listening");
    }
    System.out.println("PORT " + server.localAddress().getPort());
    System.out.flush();
    // Blocks without using a descriptor more; EOF means the parent is gone.
    while (System.in.read() >= 0) {
      // nothing to do with the input
    }
    System.exit(0);
  }

  /** Confined to its channel's loop: writes back what it reads. */
  private static final class Echo implements ChannelHandler {
    @Override
    public void onRead(Channel channel, ByteBuffer data) {
      channel.write(Ownership.LENT, data);
    }
  }
}
