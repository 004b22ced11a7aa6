package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketHandshakeException;
import io.sockjet.WebSocketListener;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --exec} as websocketd users know it: CGI variables in the program's environment,
 * {@code --binary}, {@code --dir} and {@code --static}, with path traversal refused.
 */
@Timeout(60)
class ServeExecWebsocketdTest {
  @TempDir
  Path tmp;

  private final WebSocketClient client = WebSocketClient.builder().eventLoops(1)
      .header("X-Token", "s3cret").header("Proxy", "http://evil.example:1")
      .header("Cookie", "a=1").build();

  @AfterEach
  void closeClient() {
    client.close();
  }

  private Path script(Path dir, String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  @Test
  void theProgramSeesTheRequestAsCgiVariables() throws Exception {
    Path env = script(tmp, "env.sh", "for v in PATH_INFO QUERY_STRING REMOTE_ADDR REMOTE_PORT "
        + "SERVER_NAME SERVER_PORT SERVER_PROTOCOL SERVER_SOFTWARE REQUEST_METHOD SCRIPT_NAME "
        + "REQUEST_URI HTTP_X_TOKEN HTTP_COOKIE HTTP_PROXY GATEWAY_INTERFACE; do "
        + "eval \"echo $v=\\$$v\"; done; echo END");
    try (ServeRunner serve = ServeRunner.start("--exec", "--", env.toString());
        Peer peer = Peer.connect(client, serve.uri("/room/a%20b?user=ada&x=1"))) {
      StringBuilder seen = new StringBuilder();
      for (String line = peer.next(); !line.equals("END"); line = peer.next()) {
        seen.append(line).append('\n');
      }
      assertThat(seen.toString()).isEqualTo("PATH_INFO=/room/a b\n"
          + "QUERY_STRING=user=ada&x=1\n"
          + "REMOTE_ADDR=127.0.0.1\n"
          + "REMOTE_PORT=" + peer.ws.localAddress().getPort() + "\n"
          + "SERVER_NAME=127.0.0.1\n"
          + "SERVER_PORT=" + serve.port() + "\n"
          + "SERVER_PROTOCOL=HTTP/1.1\n"
          + "SERVER_SOFTWARE=sockjet/" + VersionProvider.version() + "\n"
          + "REQUEST_METHOD=GET\n"
          + "SCRIPT_NAME=/\n"
          + "REQUEST_URI=/room/a%20b?user=ada&x=1\n"
          + "HTTP_X_TOKEN=s3cret\n"
          + "HTTP_COOKIE=a=1\n"
          + "HTTP_PROXY=" + System.getenv().getOrDefault("HTTP_PROXY", "") + "\n"
          + "GATEWAY_INTERFACE=CGI/1.1\n");
    }
  }

  @Test
  void binaryPassesRawBytesBothWays() throws Exception {
    BlockingQueue<ByteBuffer> got = new LinkedBlockingQueue<>();
    try (ServeRunner serve = ServeRunner.start("--exec", "--binary", "--", "cat")) {
      WebSocket ws = client.connect(serve.uri("/"), new WebSocketListener() {
        @Override
        public void onBinary(WebSocket w, ByteBuffer data) {
          got.add(data);
        }
      }).get(10, TimeUnit.SECONDS);
      byte[] raw = {0, 1, 2, '\n', (byte) 0xff, '\r'};
      ws.sendBinary(raw);
      assertThat(readBytes(got, raw.length)).isEqualTo(raw); // no newline added, none removed
      ws.sendText("héllo");
      assertThat(readBytes(got, 6)).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
      ws.close(1000, "");
    }
  }

  /** Joins binary messages until {@code n} bytes have come (a pipe may split or join writes). */
  private static byte[] readBytes(BlockingQueue<ByteBuffer> got, int n) throws Exception {
    ByteBuffer all = ByteBuffer.allocate(n);
    while (all.hasRemaining()) {
      ByteBuffer b = got.poll(10, TimeUnit.SECONDS);
      assertThat(b).as("bytes within 10 s").isNotNull();
      all.put(b);
    }
    return all.array();
  }

  @Test
  void dirRunsTheProgramThePathNamesWithItsPathInfo() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("scripts"));
    script(dir, "hello.sh", "echo \"hello $SCRIPT_NAME [$PATH_INFO] $QUERY_STRING\"");
    script(dir, "tools/deep.sh", "echo \"deep $SCRIPT_NAME [$PATH_INFO]\"");
    try (ServeRunner serve = ServeRunner.start("--dir", dir.toString())) {
      try (Peer a = Peer.connect(client, serve.uri("/hello.sh?q=1"))) {
        assertThat(a.next()).isEqualTo("hello /hello.sh [] q=1");
      }
      // The listening lines follow the start, so they are surely out by the first reply.
      assertThat(serve.out()).contains("each connection runs the program its path names in "
          + dir.toAbsolutePath());
      try (Peer b = Peer.connect(client, serve.uri("/tools/deep.sh/more/info"))) {
        assertThat(b.next()).isEqualTo("deep /tools/deep.sh [/more/info]");
      }
    }
  }

  @Test
  void dirRefusesPathsThatNameNoProgramOrLeadOutside() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("scripts"));
    script(dir, "ok.sh", "echo ok");
    script(dir, ".hidden.sh", "echo hidden");
    script(tmp, "outside.sh", "echo outside");
    Files.writeString(dir.resolve("plain.txt"), "not a program");
    try (ServeRunner serve = ServeRunner.start("--dir", dir.toString())) {
      for (String path : new String[] {"/nothing.sh", "/", "/tools", "/plain.txt",
          "/.hidden.sh", "/../outside.sh", "/%2e%2e/outside.sh", "/ok.sh/../../outside.sh",
          "//ok.sh", "/ok.sh%00"}) {
        assertThatThrownBy(() -> client.connect(rawUri(serve, path)).get(10, TimeUnit.SECONDS))
            .as(path).isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(WebSocketHandshakeException.class)
            .extracting(e -> ((WebSocketHandshakeException) e).status()).isEqualTo(404);
      }
      try (Peer ok = Peer.connect(client, serve.uri("/ok.sh"))) {
        assertThat(ok.next()).isEqualTo("ok");
      }
    }
  }

  /** A URI whose path is sent as written (URI.create would keep it; no normalising here). */
  private static URI rawUri(ServeRunner serve, String path) throws Exception {
    return new URI("ws://127.0.0.1:" + serve.port() + path);
  }

  @Test
  void staticServesFilesBesideTheWebSocketAndNothingOutside() throws Exception {
    Path site = Files.createDirectory(tmp.resolve("site"));
    Files.writeString(site.resolve("index.html"), "<h1>hi</h1>");
    Files.writeString(site.resolve("app.js"), "console.log(1)");
    Files.createDirectory(site.resolve("sub"));
    Files.writeString(site.resolve("sub/data.json"), "{}");
    Files.writeString(site.resolve(".env"), "SECRET=1");
    Files.writeString(tmp.resolve("secret.txt"), "outside");
    try (ServeRunner serve = ServeRunner.start("--static", site.toString(), "--exec", "--",
        "cat");
        Peer peer = Peer.connect(client, serve.uri("/"))) {
      assertThat(get(serve, "GET", "/")).startsWith("HTTP/1.1 200")
          .contains("Content-Type: text/html; charset=utf-8").endsWith("<h1>hi</h1>");
      assertThat(get(serve, "GET", "/app.js")).startsWith("HTTP/1.1 200")
          .contains("Content-Type: text/javascript; charset=utf-8");
      assertThat(get(serve, "GET", "/sub/data.json")).contains("application/json")
          .endsWith("{}");
      for (String bad : new String[] {"/../secret.txt", "/%2e%2e/secret.txt", "/.env",
          "/sub/../../secret.txt", "/missing.html", "/sub"}) {
        assertThat(get(serve, "GET", bad)).as(bad).startsWith("HTTP/1.1 404");
      }
      assertThat(get(serve, "POST", "/")).startsWith("HTTP/1.1 405");
      peer.ws.sendText("the WebSocket still works");
      assertThat(peer.next()).isEqualTo("the WebSocket still works");
    }
  }

  /** A raw HTTP/1.1 request, so the path goes out exactly as written; the whole response. */
  private static String get(ServeRunner serve, String method, String path) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), serve.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void binaryOrDirWithoutExecAndDirWithAProgramAreUsageErrors() {
    assertThat(ServeRunner.run("serve", "--echo", "--binary").status())
        .isEqualTo(ExitStatus.USAGE);
    assertThat(ServeRunner.run("serve", "--dir", tmp.toString(), "--exec", "--", "cat").err())
        .contains("give a program or --dir, not both");
    assertThat(ServeRunner.run("serve", "--dir", tmp.resolve("missing").toString()).err())
        .contains("--dir: " + tmp.resolve("missing") + " is not a folder");
    assertThat(ServeRunner.run("serve", "--static", tmp.toString()).err())
        .contains("--static: the chat serves its own page");
  }
}
