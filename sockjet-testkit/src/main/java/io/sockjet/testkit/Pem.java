package io.sockjet.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;

/** Writes test certificates and keys as PEM files, the way openssl would. */
public final class Pem {
  private Pem() {}

  /** A PEM block of {@code der} under {@code label}, base64 in 64-char lines. */
  public static String block(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  /** Writes {@code cert}'s certificate to {@code file} as PEM; returns the file. */
  public static Path certificate(SelfSignedCertificate cert, Path file) throws IOException {
    try {
      return Files.writeString(file, block("CERTIFICATE", cert.certificate().getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code cert}'s private key to {@code file} as unencrypted PKCS#8 PEM. */
  public static Path pkcs8Key(SelfSignedCertificate cert, Path file) throws IOException {
    return Files.writeString(file, block("PRIVATE KEY", cert.privateKey().getEncoded()));
  }
}
