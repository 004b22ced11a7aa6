package io.sockjet.internal;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager whose key and certificate chain can be replaced while the server runs: the one
 * {@code SSLContext} a server listens with keeps this object, and each new handshake asks it for
 * the key material then current. Handshakes already done keep what they were given.
 *
 * <p>Thread-safe: handshakes on every loop read the delegate; {@link #swap} publishes a new one.
 */
public final class SwappableKeyManager extends X509ExtendedKeyManager {
  private volatile X509ExtendedKeyManager delegate;

  public SwappableKeyManager(X509ExtendedKeyManager first) {
    this.delegate = Objects.requireNonNull(first);
  }

  /** New handshakes use {@code next} from now on. */
  public void swap(X509ExtendedKeyManager next) {
    this.delegate = Objects.requireNonNull(next);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return delegate.getClientAliases(keyType, issuers);
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return delegate.chooseClientAlias(keyType, issuers, socket);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return delegate.getServerAliases(keyType, issuers);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return delegate.chooseServerAlias(keyType, issuers, socket);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return delegate.chooseEngineServerAlias(keyType, issuers, engine);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return delegate.chooseEngineClientAlias(keyType, issuers, engine);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return delegate.getCertificateChain(alias);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return delegate.getPrivateKey(alias);
  }
}
