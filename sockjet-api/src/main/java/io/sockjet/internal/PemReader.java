package io.sockjet.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Reads a server's key material from PEM files, as web servers take them: a certificate chain
 * (the server's certificate first, then intermediates) and an unencrypted PKCS#8 private key
 * ({@code BEGIN PRIVATE KEY}), into a key manager. Only the JDK is used: {@link
 * CertificateFactory} reads the chain, {@link KeyFactory} the key, for the key algorithm the
 * certificate names. Every problem is an {@link IllegalArgumentException} naming the file.
 *
 * <p>Other key formats are refused with the openssl command that converts them, rather than
 * parsed here: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), SEC1 ({@code BEGIN EC PRIVATE KEY}) and
 * encrypted PKCS#8. Stateless.
 */
public final class PemReader {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
  /** The in-memory key store needs a password; nothing outside this class ever sees it. */
  private static final char[] NO_PASSWORD = new char[0];

  private PemReader() {}

  /** A key manager presenting the chain in {@code certFile} with the key in {@code keyFile}. */
  public static X509ExtendedKeyManager keyManager(Path certFile, Path keyFile) {
    X509Certificate[] chain = readChain(certFile);
    PrivateKey key = readKey(keyFile, chain[0].getPublicKey().getAlgorithm());
    requireMatch(key, chain[0].getPublicKey(), certFile, keyFile);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", key, NO_PASSWORD, chain);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, NO_PASSWORD);
      for (KeyManager km : kmf.getKeyManagers()) {
        if (km instanceof X509ExtendedKeyManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("no X.509 key manager from " + kmf.getAlgorithm());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot set up TLS with " + certFile + " and " + keyFile
          + ": " + e.getMessage(), e);
    }
  }

  /** The certificates in a PEM file, in file order. */
  public static X509Certificate[] readChain(Path file) {
    String text = read(file, "certificate");
    if (!text.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    try {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
      if (certs.isEmpty()) {
        throw new IllegalArgumentException(file + " holds no certificate");
      }
      return certs.stream().map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
    } catch (CertificateException e) {
      throw new IllegalArgumentException("cannot read the certificates in " + file + ": " + e.getMessage(), e);
    }
  }

  /** The private key in a PEM file; {@code algorithm} is the certificate's key algorithm. */
  static PrivateKey readKey(Path file, String algorithm) {
    String text = read(file, "key");
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String label = m.group(1);
      switch (label) {
        case "PRIVATE KEY":
          return decode(file, algorithm, m.group(2));
        case "RSA PRIVATE KEY":
        case "EC PRIVATE KEY":
          throw new IllegalArgumentException(file + " holds a " + label + " (the older "
              + (label.startsWith("RSA") ? "PKCS#1" : "SEC1") + " format); Sockjet reads PKCS#8 "
              + "keys (BEGIN PRIVATE KEY). Convert it with:\n  openssl pkcs8 -topk8 -nocrypt -in "
              + file + " -out key.pk8.pem");
        case "ENCRYPTED PRIVATE KEY":
          throw new IllegalArgumentException(file + " holds an encrypted key; Sockjet reads unencrypted PKCS#8 "
              + "keys. Decrypt it with:\n  openssl pkcs8 -in " + file + " -out key.pk8.pem");
        default:
          // Other blocks (EC PARAMETERS, a certificate in the same file) are skipped.
      }
    }
    throw new IllegalArgumentException(file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
  }

  private static PrivateKey decode(Path file, String algorithm, String base64) {
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the key in " + file + " is not valid base64", e);
    }
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read the key in " + file + " as a PKCS#8 " + algorithm
          + " key (the certificate's algorithm): " + e.getMessage(), e);
    }
  }

  /**
   * Fails unless {@code key} belongs to {@code certKey}: signs a test message with one and checks
   * it with the other, so a mixed-up pair is reported now rather than as a handshake failure on
   * every connection.
   */
  private static void requireMatch(PrivateKey key, PublicKey certKey, Path certFile, Path keyFile) {
    String algorithm = switch (certKey.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "EdDSA", "Ed25519" -> "Ed25519";
      case "Ed448" -> "Ed448";
      default -> null; // RSASSA-PSS and others: the TLS handshake is the check
    };
    if (algorithm == null) {
      return;
    }
    try {
      byte[] probe = "sockjet key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certKey);
      verifier.update(probe);
      if (verifier.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException e) {
      // A key of another kind or curve lands here too: it does not match either.
    }
    throw new IllegalArgumentException("the key in " + keyFile + " does not belong to the certificate in "
        + certFile);
  }

  private static String read(Path file, String what) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      String why = e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.toString();
      throw new IllegalArgumentException("cannot read the " + what + " file " + file + ": " + why, e);
    }
  }
}
