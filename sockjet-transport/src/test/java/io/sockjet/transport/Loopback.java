package io.sockjet.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stateless: small blocking-socket helpers for loopback tests. */
final class Loopback {
  /** Read timeout of test sockets, so a broken test fails instead of hanging. */
  static final int SO_TIMEOUT_MS = 20_000;

  static final Duration WAIT = Duration.ofSeconds(20);

  private Loopback() {}

  static InetSocketAddress any() {
    return new InetSocketAddress("127.0.0.1", 0);
  }

  static Socket connect(InetSocketAddress address) throws IOException {
    Socket socket = new Socket();
    socket.setSoTimeout(SO_TIMEOUT_MS);
    socket.connect(address, SO_TIMEOUT_MS);
    return socket;
  }

  /** Reads exactly {@code n} bytes. */
  static byte[] readFully(InputStream in, int n) throws IOException {
    byte[] out = in.readNBytes(n);
    if (out.length != n) {
      throw new IOException("EOF after " + out.length + " of " + n + " bytes");
    }
    return out;
  }

  static void shutdown(EventLoopGroup group) throws Exception {
    group.shutdownGracefully(Duration.ofSeconds(2)).get(20, TimeUnit.SECONDS);
  }
}
