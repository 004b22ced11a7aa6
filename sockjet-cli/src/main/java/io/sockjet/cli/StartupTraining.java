package io.sockjet.cli;

import io.sockjet.WebSocketServer;
import java.time.Duration;

/**
 * Not a command: the training run the {@code ./sockjet} launcher makes once, under {@code
 * -XX:ArchiveClassesAtExit}, to record the classes a {@code connect} loads in a class-data
 * sharing archive (AppCDS), which later runs map instead of loading and verifying each class
 * (see BENCHMARKS.md, start-up). It starts an echo server on a free loopback port, connects to it
 * with {@code sockjet connect} as a pipe would (the launcher gives it an empty stdin), prints the
 * help, and exits. Runs on its own thread, once.
 */
public final class StartupTraining {
  private StartupTraining() {}

  /** Trains, then exits with the status of the connect (0 when all went well). */
  public static void main(String[] args) {
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .listener(new EchoBack()).start();
    int status;
    try {
      status = Main.execute("connect", "--wait", "0", "ws://127.0.0.1:" + server.port() + "/");
      Main.execute("connect", "--help");
    } finally {
      server.shutdown(Duration.ofSeconds(1)).join();
    }
    System.exit(status);
  }
}
