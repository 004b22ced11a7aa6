package io.sockjet.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * Stateless: asks whether a port that failed a plain {@code ws://} upgrade speaks TLS, so the
 * failure can say "try wss://" instead of a puzzling "closed before the upgrade response" (what a
 * TLS server does with a plain HTTP request varies: it closes, sends an alert or a 400 page).
 * Used only after a failure, so a working connect pays nothing.
 */
final class TlsProbe {
  private TlsProbe() {}

  /**
   * Whether a TLS handshake with {@code host:port} completes within {@code timeout}. Any
   * certificate is accepted: the question is only whether the server speaks TLS, and nothing is
   * sent over the probe.
   */
  static boolean answersTls(String host, int port, Duration timeout) {
    int millis = (int) Math.max(1, Math.min(timeout.toMillis(), Integer.MAX_VALUE));
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), millis);
      plain.setSoTimeout(millis);
      try (SSLSocket tls = (SSLSocket) TrustAnyCertificate.context().getSocketFactory()
          .createSocket(plain, host, port, false)) {
        tls.startHandshake();
        return true;
      }
    } catch (SSLException e) {
      return false; // it answered, but not with TLS
    } catch (IOException | RuntimeException e) {
      return false; // gone, or too slow to tell: no hint rather than a wrong one
    }
  }

  /** {@code uri} with {@code wss} for its scheme, for the hint. */
  static String secure(URI uri) {
    return "wss" + uri.toString().substring(uri.getScheme().length());
  }
}
