package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(30)
class ServeCommandTest {

  @Test
  void serveEchoesMessagesUntilStopped() throws Exception {
    ServeCommand serve = new ServeCommand();
    CommandLine cli = new CommandLine(serve);
    // Its own thread, not the common pool: the command blocks until stopped, and on a 2-core
    // machine the common pool has one worker, which the JDK's WebSocket client needs too.
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread serving = new Thread(
        () -> exit.complete(cli.execute("--host", "127.0.0.1", "--port", "0", "--echo")), "serve");
    serving.setDaemon(true);
    serving.start();
    for (int i = 0; i < 200 && serve.server == null; i++) {
      Thread.sleep(25);
    }
    assertThat(serve.server).as("server started").isNotNull();
    LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
    // Kept in a local that stays reachable: the JDK's client may stop its selector thread once the
    // HttpClient facade is collected, leaving a WebSocket whose sends never complete.
    HttpClient http = HttpClient.newHttpClient();
    WebSocket ws = http.newWebSocketBuilder().buildAsync(
        URI.create("ws://127.0.0.1:" + serve.server.port() + "/"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            got.add(data.toString());
            w.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    ws.sendText("ping through the CLI", true).get(10, TimeUnit.SECONDS);
    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("ping through the CLI");
    serve.stop.countDown();
    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    java.lang.ref.Reference.reachabilityFence(http);
  }

  @Test
  void badArgumentsGiveAClearMessageAndNonZeroStatus() {
    assertThat(Main.run("serve", "--port", "not-a-number")).isNotZero();
    assertThat(Main.run("no-such-command")).isNotZero();
  }
}
