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
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
        () -> cli.execute("--host", "127.0.0.1", "--port", "0", "--echo"));
    for (int i = 0; i < 200 && serve.server == null; i++) {
      Thread.sleep(25);
    }
    assertThat(serve.server).as("server started").isNotNull();
    LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
        URI.create("ws://127.0.0.1:" + serve.server.port() + "/"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            got.add(data.toString());
            w.request(1);
            return null;
          }
        }).join();
    ws.sendText("ping through the CLI", true).join();
    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("ping through the CLI");
    serve.stop.countDown();
    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void badArgumentsGiveAClearMessageAndNonZeroStatus() {
    assertThat(Main.run("serve", "--port", "not-a-number")).isNotZero();
    assertThat(Main.run("no-such-command")).isNotZero();
  }
}
