package io.sockjet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sockjet's client against servers no one here wrote: Node's {@code ws} and python3-websockets,
 * installed by {@code interop/setup.sh} (which {@code .ci/run} calls). Outside CI, a missing peer
 * skips its test; in CI it fails it.
 */
@Timeout(120)
class ClientInteropIT {
  static final Path INTEROP = Path.of("..", "interop").toAbsolutePath().normalize();

  /** A peer server process; stdin closed = stop. */
  record Peer(Process process, int port) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      process.getOutputStream().close();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroy();
      }
    }
  }

  static Peer start(String which) throws Exception {
    return start(which, false);
  }

  /** Starts a peer; with {@code deflate}, Node's ws turns permessage-deflate on (python's is on by default). */
  static Peer start(String which, boolean deflate) throws Exception {
    List<String> command = which.equals("node-ws")
        ? deflate ? List.of("node", INTEROP.resolve("ws-echo-server.js").toString(), "--deflate")
            : List.of("node", INTEROP.resolve("ws-echo-server.js").toString())
        : List.of("/usr/bin/python3", INTEROP.resolve("py-echo-server.py").toString());
    boolean installed = which.equals("node-ws")
        ? Files.isDirectory(INTEROP.resolve("node_modules/ws"))
        : new File("/usr/bin/python3").canExecute() && new ProcessBuilder("/usr/bin/python3", "-c",
            "import websockets").start().waitFor() == 0;
    if (System.getenv("CI") == null) {
      assumeThat(installed).as(which + " not installed; run interop/setup.sh").isTrue();
    }
    assertThat(installed).as(which + " must be installed in CI (interop/setup.sh)").isTrue();
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as(which + " did not report its port").startsWith("PORT ");
    return new Peer(p, Integer.parseInt(line.substring(5).trim()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"node-ws", "python-websockets"})
  void echoesTextBinaryLargeMessagesAndCloses(String which) throws Exception {
    try (Peer peer = start(which);
        WebSocketClient client = WebSocketClient.builder().eventLoops(1).build()) {
      URI uri = URI.create("ws://127.0.0.1:" + peer.port() + "/echo?peer=" + which);
      // A queue fed by a listener sees every message, including ones that arrive before a
      // nextMessage() call would have been made.
      MessageQueue received = new MessageQueue();
      WebSocket ws = client.connect(uri, received).get(10, TimeUnit.SECONDS);

      var next = ws.nextMessage();
      ws.sendText("hello κόσμε 😀");
      assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo(new Message.Text("hello κόσμε 😀"));

      next = ws.nextMessage();
      ws.sendText("");
      assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo(new Message.Text(""));

      next = ws.nextMessage();
      ws.sendBinary(new byte[] {0, 1, 2, (byte) 255});
      assertThat(((Message.Binary) next.get(10, TimeUnit.SECONDS)).data())
          .isEqualTo(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 255}));

      byte[] big = new byte[16 << 20];
      for (int i = 0; i < big.length; i++) {
        big[i] = (byte) (i * 31 + (i >> 11));
      }
      next = ws.nextMessage();
      ws.sendBinary(big);
      assertThat(((Message.Binary) next.get(60, TimeUnit.SECONDS)).data())
          .isEqualTo(ByteBuffer.wrap(big));

      // The messages above also reached the listener, the last one possibly just after the
      // nextMessage() future completed: drain up to and including the big one.
      Message seen;
      do {
        seen = received.poll(10, TimeUnit.SECONDS);
        assertThat(seen).as("the 16 MiB echo reaches the listener").isNotNull();
      } while (!(seen instanceof Message.Binary b && b.data().remaining() == big.length));
      for (int i = 0; i < 100; i++) { // order is kept
        ws.sendText("n" + i);
      }
      for (int i = 0; i < 100; i++) {
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(new Message.Text("n" + i));
      }

      ws.close(1000, "done");
      CloseEvent closed = ws.closeFuture().get(10, TimeUnit.SECONDS);
      assertThat(closed.code()).isEqualTo(1000);
      assertThat(closed.clean()).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"node-ws", "python-websockets"})
  void serverCloseCodeAndReasonReachTheClient(String which) throws Exception {
    try (Peer peer = start(which);
        WebSocketClient client = WebSocketClient.builder().eventLoops(1).build()) {
      WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + peer.port() + "/"))
          .get(10, TimeUnit.SECONDS);
      ws.sendText("close:4001:bye now");
      CloseEvent closed = ws.closeFuture().get(10, TimeUnit.SECONDS);
      assertThat(closed).isEqualTo(new CloseEvent(4001, "bye now", true, true));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"node-ws:dedicated", "node-ws:shared", "python-websockets:dedicated",
      "python-websockets:shared"})
  void compressedEchoWithPermessageDeflate(String peerAndMode) throws Exception {
    String which = peerAndMode.substring(0, peerAndMode.indexOf(':'));
    Compression compression = (peerAndMode.endsWith("shared") ? Compression.shared()
        : Compression.dedicated()).toBuilder().threshold(0).build();
    try (Peer peer = start(which, true);
        WebSocketClient client = WebSocketClient.builder().eventLoops(1).compression(compression)
            .build()) {
      MessageQueue received = new MessageQueue();
      WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + peer.port() + "/"),
          received).get(10, TimeUnit.SECONDS);
      assertThat(ws.extensions()).startsWith("permessage-deflate");
      if (peerAndMode.endsWith("shared")) {
        assertThat(ws.extensions()).contains("server_no_context_takeover");
      }
      if (which.equals("node-ws")) {
        ws.sendText("extensions?");
        assertThat(received.poll(10, TimeUnit.SECONDS).toString()).contains("permessage-deflate");
      }
      String text = "compress me, compress me, κόσμε 😀 ".repeat(2000);
      byte[] binary = new byte[1 << 20];
      for (int i = 0; i < binary.length; i++) {
        binary[i] = (byte) ((i % 251) ^ (i >> 13));
      }
      for (int round = 0; round < 3; round++) { // later rounds use the kept window, if any
        ws.sendText(text);
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(new Message.Text(text));
        ws.sendText("");
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(new Message.Text(""));
        ws.sendBinary(binary);
        assertThat(((Message.Binary) received.poll(30, TimeUnit.SECONDS)).data())
            .isEqualTo(ByteBuffer.wrap(binary));
      }
      for (int i = 0; i < 100; i++) {
        ws.sendText("message " + i);
      }
      for (int i = 0; i < 100; i++) {
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(new Message.Text("message " + i));
      }
      ws.close(1000, "done");
      assertThat(ws.closeFuture().get(10, TimeUnit.SECONDS).clean()).isTrue();
    }
  }
}
