package io.sockjet.cli;

import io.sockjet.testkit.SelfSignedCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;

/** Writes test certificates and keys as PEM files, the way openssl would. */
final class Pem {
  private Pem() {}

  static String block(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  static Path certificate(SelfSignedCertificate cert, Path file) throws IOException {
    try {
      return Files.writeString(file, block("CERTIFICATE", cert.certificate().getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path pkcs8Key(SelfSignedCertificate cert, Path file) throws IOException {
    return Files.writeString(file, block("PRIVATE KEY", cert.privateKey().getEncoded()));
  }
}
