package io.sockjet.cli;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Stateless and thread-safe: the trust manager behind {@code --insecure}, which accepts every
 * server certificate (self-signed, expired, for another host). For talking to a test server
 * only: it gives up what TLS is for, so the command warns on stderr whenever it is used.
 *
 * <p>An {@link X509ExtendedTrustManager}, not the plain interface: for a plain {@code
 * X509TrustManager} the JDK wraps the manager and still checks the host name and algorithm
 * constraints itself, which would defeat the option.
 */
final class TrustAnyCertificate extends X509ExtendedTrustManager {

  /** A TLS context that trusts any server certificate. */
  static SSLContext context() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustAnyCertificate()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS implementation in this JDK", e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    // Trusts any: the point of --insecure.
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
    // Trusts any: the point of --insecure.
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) {
    // Trusts any: the point of --insecure.
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    // A client never judges client certificates.
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
    // A client never judges client certificates.
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {
    // A client never judges client certificates.
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
