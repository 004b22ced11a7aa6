package io.sockjet;

import io.sockjet.internal.PemReader;
import io.sockjet.internal.SwappableKeyManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;

/**
 * A server's TLS identity, from PEM files as web servers take them (a certificate chain, the
 * server's certificate first, and an unencrypted PKCS#8 key), renewable without a restart: {@link
 * #reload} reads the files again, and {@link #reloadWhenChanged} has the server check them on a
 * timer, the way renewed certificates (ACME clients, certbot) are picked up. New handshakes use
 * the new certificate; connections already open keep theirs. Thread-safe.
 *
 * <pre>{@code
 * ServerTls tls = ServerTls.fromPem(Path.of("fullchain.pem"), Path.of("privkey.pem"))
 *     .reloadWhenChanged(Duration.ofMinutes(1));
 * WebSocketServer server = WebSocketServer.builder().port(443).tls(tls).start();
 * }</pre>
 *
 * <p>Other key formats are refused with the openssl command that converts them: PKCS#1 ({@code
 * BEGIN RSA PRIVATE KEY}), SEC1 ({@code BEGIN EC PRIVATE KEY}) and encrypted keys.
 */
public final class ServerTls {
  private final Path certificateChain;
  private final Path privateKey;
  private final SwappableKeyManager keys;
  private final SSLContext context;
  private final Duration checkEvery; // null: reload() only
  private volatile FileTime[] loaded; // the files' modification times when last read

  private ServerTls(Path certificateChain, Path privateKey, SwappableKeyManager keys,
      SSLContext context, Duration checkEvery, FileTime[] loaded) {
    this.certificateChain = certificateChain;
    this.privateKey = privateKey;
    this.keys = keys;
    this.context = context;
    this.checkEvery = checkEvery;
    this.loaded = loaded;
  }

  /**
   * Reads the chain and the key now, checking that the key belongs to the certificate.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static ServerTls fromPem(Path certificateChain, Path privateKey) {
    Objects.requireNonNull(certificateChain, "certificateChain");
    Objects.requireNonNull(privateKey, "privateKey");
    FileTime[] times = modified(certificateChain, privateKey);
    SwappableKeyManager keys =
        new SwappableKeyManager(PemReader.keyManager(certificateChain, privateKey));
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {keys}, null, null);
      return new ServerTls(certificateChain, privateKey, keys, context, null, times);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available: " + e.getMessage(), e);
    }
  }

  /**
   * The same identity, with the server checking the files' modification times every {@code
   * interval} and reloading them when either changed (a check costs two file stats; a bad new
   * pair is logged and the old one kept until the files are fixed).
   */
  public ServerTls reloadWhenChanged(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive: " + interval);
    }
    return new ServerTls(certificateChain, privateKey, keys, context, interval, loaded);
  }

  /**
   * Reads the files again and presents what they hold to new handshakes.
   *
   * @throws IllegalArgumentException if the new files are wrong; the old identity stays
   */
  public void reload() {
    FileTime[] times = modified(certificateChain, privateKey);
    keys.swap(PemReader.keyManager(certificateChain, privateKey));
    loaded = times;
  }

  /** Reloads if either file changed since it was last read; true if it did. */
  public boolean reloadIfChanged() {
    FileTime[] now = modified(certificateChain, privateKey);
    FileTime[] before = loaded;
    if (now[0].equals(before[0]) && now[1].equals(before[1])) {
      return false;
    }
    reload();
    return true;
  }

  /** The context a server listens with; the same object across reloads. */
  public SSLContext context() {
    return context;
  }

  /** How often the server checks the files, or null if only {@link #reload} reloads them. */
  public Duration checkEvery() {
    return checkEvery;
  }

  private static FileTime[] modified(Path chain, Path key) {
    return new FileTime[] {modified(chain, "certificate"), modified(key, "key")};
  }

  private static FileTime modified(Path file, String what) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      String why = e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.toString();
      throw new IllegalArgumentException("cannot read the " + what + " file " + file + ": " + why, e);
    }
  }
}
