package io.sockjet.cli;

import io.sockjet.WebSocketHandshakeException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;

/**
 * Stateless: turns why a connect failed into the one line a person reads on stderr, saying what
 * was tried and what happened (refused, unknown host, timeout, TLS, the HTTP status of a refused
 * upgrade), without a stack trace.
 */
final class ConnectFailure {
  private ConnectFailure() {}

  /**
   * The line for a failed connect to {@code uri}, starting with "sockjet: ".
   *
   * @param error what the connect future failed with (wrappers are looked through)
   * @param timeout the connect timeout in force, named when it ran out
   */
  static String describe(URI uri, Throwable error, Duration timeout) {
    Throwable e = unwrap(error);
    String target = uri.getHost() + ":" + port(uri);
    String why;
    if (e instanceof UnknownHostException) {
      why = "cannot resolve host '" + uri.getHost() + "'";
    } else if (e instanceof ConnectException) {
      why = "cannot connect to " + target + ": connection refused";
    } else if (e instanceof NoRouteToHostException) {
      why = "cannot connect to " + target + ": no route to host";
    } else if (e instanceof SocketTimeoutException) {
      why = "timed out after " + human(timeout) + " connecting to " + uri;
    } else if (e instanceof SSLException) {
      why = "TLS handshake with " + target + " failed: " + tlsReason(e, uri);
    } else if (e instanceof WebSocketHandshakeException h) {
      why = switch (h.kind()) {
        case UNEXPECTED_STATUS -> "the server refused the WebSocket upgrade of " + uri + ": HTTP "
            + h.status() + reasonPhrase(h);
        case PROXY_REFUSED -> "the proxy refused to connect to " + target + ": HTTP " + h.status()
            + (h.status() == 407 ? " (proxy credentials missing or wrong)" : "");
        default -> "bad upgrade response from " + target + ": " + message(e);
      };
    } else {
      why = "connecting to " + uri + " failed: " + message(e);
    }
    return "sockjet: " + why;
  }

  /**
   * What went wrong in TLS, in words: the JDK's messages for the two common cases name internal
   * classes ("PKIX path building failed: sun.security..."), so those are recognised by their
   * causes and text and said plainly; anything else keeps the JDK's message.
   */
  private static String tlsReason(Throwable e, URI uri) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage() == null ? "" : t.getMessage();
      // The JDK's words for a first record that is not TLS ("Unrecognized SSL message,
      // plaintext connection?" on JDK 17, "Unsupported or unrecognized SSL message" later).
      if (m.contains("plaintext connection") || m.contains("nrecognized SSL message")) {
        return "the server answered without TLS: try ws" + uri.toString().substring(3);
      }
      if (t instanceof CertPathBuilderException || m.contains("PKIX path")) {
        return "the server's certificate is not trusted (--insecure skips certificate checks, "
            + "for test servers only)";
      }
      if (t instanceof CertificateException && m.contains("subject alternative")) {
        return "the server's certificate is not for this host (" + m + ")";
      }
    }
    return message(e);
  }

  /** The reason phrase from the library's message ("expected status 101, got 404 Not Found"). */
  private static String reasonPhrase(WebSocketHandshakeException h) {
    String m = h.getMessage() == null ? "" : h.getMessage();
    String marker = "got " + h.status();
    int at = m.indexOf(marker);
    if (at < 0) {
      return "";
    }
    String rest = m.substring(at + marker.length()).strip();
    return rest.isEmpty() ? "" : " " + rest;
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof ExecutionException || t instanceof CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** The port {@code uri} connects to: its own, or the scheme's default. */
  static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static String human(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }
}
