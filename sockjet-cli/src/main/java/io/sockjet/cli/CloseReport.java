package io.sockjet.cli;

import io.sockjet.CloseEvent;
import java.io.PrintStream;

/**
 * Stateless: how {@code connect} says on stderr that its connection ended, and which exit status
 * that makes. A close is normal only with 1000 or 1001 (or, when we started the close, a reply
 * with no code, 1005); any other code from the server is a failure whoever closed first, since
 * a server that refused a message (1009, 1008, ...) usually closes just as our own close goes out.
 */
final class CloseReport {
  private CloseReport() {}

  /**
   * Prints the line for {@code closed} (and the {@code error} the connection reported, if any) on
   * {@code err} and returns the exit status. {@code interactive} adds a line for a normal close.
   */
  static int report(CloseEvent closed, Throwable error, boolean interactive, PrintStream err) {
    String reason = closed.reason().isEmpty() ? "" : " " + closed.reason();
    int code = closed.code();
    if (closed.remote() && closed.clean()) {
      return byServer(code, reason, err, code == 1000 || code == 1001);
    }
    if (error != null) { // a protocol violation by the server, an I/O error or a timeout
      err.println("sockjet: connection failed (" + code + reason + "): " + describe(error));
      return ExitStatus.FAILED;
    }
    if (code == 1006) {
      err.println("sockjet: connection lost without a closing handshake");
      return ExitStatus.FAILED;
    }
    if (!closed.clean()) {
      err.println("sockjet: the server did not answer the close frame");
      return ExitStatus.FAILED;
    }
    // We closed first and the server answered: with our 1000, its own going-away, or no code
    // are all fine; anything else was the server's own close crossing ours.
    if (code != 1000 && code != 1001 && code != 1005) {
      return byServer(code, reason, err, false);
    }
    if (interactive) {
      err.println("sockjet: closed " + code + reason);
    }
    return ExitStatus.OK;
  }

  private static int byServer(int code, String reason, PrintStream err, boolean normal) {
    err.println("sockjet: closed by the server: " + code + meaning(code) + reason);
    return normal ? ExitStatus.OK : ExitStatus.FAILED;
  }

  /**
   * What an error code means (RFC 6455 §7.4.1 and the IANA registry), in parentheses, so the
   * line says why without a look-up; nothing for the normal codes and the application's own.
   */
  static String meaning(int code) {
    String m = switch (code) {
      case 1002 -> "protocol error";
      case 1003 -> "unsupported data";
      case 1005 -> "no status code";
      case 1007 -> "invalid payload data";
      case 1008 -> "policy violation";
      case 1009 -> "message too big";
      case 1010 -> "mandatory extension";
      case 1011 -> "internal server error";
      case 1012 -> "service restart";
      case 1013 -> "try again later";
      case 1014 -> "bad gateway";
      default -> null;
    };
    return m == null ? "" : " (" + m + ")";
  }

  private static String describe(Throwable error) {
    String m = error.getMessage();
    return m == null || m.isBlank() ? error.getClass().getSimpleName() : m;
  }
}
