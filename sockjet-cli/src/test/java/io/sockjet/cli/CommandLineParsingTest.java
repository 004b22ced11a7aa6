package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sockjet.WebSocketListener;
import io.sockjet.testkit.SelfSignedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * How the command line reads its arguments: optional values that never take the next argument,
 * bad URLs as usage errors in one line, unknown options named alone, no arguments as a usage
 * error, and the hints for ws:// on a TLS port and wss:// on a plain one.
 */
@Timeout(60)
class CommandLineParsingTest {
  @RegisterExtension
  final LocalServer local = new LocalServer();

  /** Runs {@code sockjet args} as {@link Main} does, with its error handlers. */
  static CliRun sockjet(String... args) {
    ServeRunner.Result r = ServeRunner.run(args);
    return new CliRun(r.status(), r.out(), r.err());
  }

  @Test
  void compressWithoutAValueLeavesTheUrlAlone() {
    CommandLine cli = new CommandLine(new ConnectCommand());
    cli.parseArgs("--compress", "ws://127.0.0.1:1/");
    ConnectCommand c = cli.getCommand();
    assertThat(c.client.compress.mode).isEqualTo(CompressOptions.Mode.shared_compressor);
    assertThat(c.urlText).isEqualTo("ws://127.0.0.1:1/");
  }

  @Test
  void compressTakesAModeAttachedOrNamedNext() {
    for (String[] args : new String[][] {{"--compress=dedicated", "ws://h/"},
        {"--compress", "dedicated", "ws://h/"}}) {
      CommandLine cli = new CommandLine(new ConnectCommand());
      cli.parseArgs(args);
      ConnectCommand c = cli.getCommand();
      assertThat(c.client.compress.mode).isEqualTo(CompressOptions.Mode.dedicated);
      assertThat(c.urlText).isEqualTo("ws://h/");
    }
  }

  @Test
  void serveCompressWithoutAValueLeavesTheNextOptionAlone() {
    CommandLine cli = new CommandLine(new ServeCommand());
    cli.parseArgs("--compress", "--echo");
    ServeCommand s = cli.getCommand();
    assertThat(s.compress.mode).isEqualTo(CompressOptions.Mode.shared_compressor);
    assertThat(s.modes.echo).isTrue();
  }

  @Test
  void aPortOutOfRangeIsAUsageErrorInOneLine() {
    CliRun run = sockjet("connect", "ws://localhost:99999/");
    assertThat(run.exit()).isEqualTo(ExitStatus.USAGE);
    assertThat(run.err()).isEqualTo("sockjet: bad URL 'ws://localhost:99999/': port 99999 is out "
        + "of range (1 to 65535) (see 'sockjet connect --help')\n");
  }

  @Test
  void badUrlsSayWhatIsWrongWithoutAnException() {
    String[][] cases = {
        {"ws://", "no host"},
        {"ws://localhost:abc/", "the port must be a number, not 'abc'"},
        {"ws://local host/", "contains a space"},
        {"http://localhost/", "starts with ws://"},
        {"localhost:8080", "expected ws://HOST[:PORT][/PATH]"},
        {"ws://localhost/#frag", "no #fragment"},
        {"ws://localhost:0/", "port 0 is out of range"}};
    for (String[] c : cases) {
      CliRun run = sockjet("connect", c[0]);
      assertThat(run.exit()).as(c[0]).isEqualTo(ExitStatus.USAGE);
      assertThat(run.err()).as(c[0]).startsWith("sockjet: bad URL '" + c[0] + "': ")
          .contains(c[1]).doesNotContain("Exception").doesNotContain("index");
    }
  }

  @Test
  void anUnknownOptionIsNamedAloneNotTheUrlAfterIt() {
    CliRun run = sockjet("connect", "-w", "5", "ws://localhost:1/");
    assertThat(run.exit()).isEqualTo(ExitStatus.USAGE);
    assertThat(run.err()).startsWith("sockjet: Unknown option: '-w' (see")
        .doesNotContain("'ws://localhost:1/'");
  }

  @Test
  void noArgumentsPrintTheUsageAndExitTwo() {
    CliRun run = sockjet();
    assertThat(run.exit()).isEqualTo(ExitStatus.USAGE);
    assertThat(run.err()).startsWith("Usage: sockjet").contains("connect", "serve", "bench");
    assertThat(sockjet("--help").exit()).isZero();
  }

  @Test
  void plainWsToATlsPortHintsAtWss() {
    SelfSignedCertificate cert = SelfSignedCertificate.generate("dns:localhost", "ip:127.0.0.1");
    local.start(b -> b.tls(cert.serverContext()).listener(new WebSocketListener() {}));
    CliRun run = CliRun.inProcess(ConnectCommand::new, "", local.url() + "x");
    assertThat(run.exit()).isEqualTo(ExitStatus.CONNECT_FAILED);
    assertThat(run.err()).isEqualTo("sockjet: the server at 127.0.0.1:" + local.port()
        + " answered with TLS: try wss://127.0.0.1:" + local.port() + "/x\n");
  }

  @Test
  void wssToAPlainPortHintsAtWs() {
    local.start(new EchoBack());
    CliRun run = CliRun.inProcess(ConnectCommand::new, "", local.url("wss"));
    assertThat(run.exit()).isEqualTo(ExitStatus.CONNECT_FAILED);
    assertThat(run.err()).endsWith(
        "the server answered without TLS: try " + local.url() + "\n");
  }
}
