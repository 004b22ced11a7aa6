package io.sockjet.protocol.handshake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Random;

/**
 * Stateless and thread-safe. The {@code Sec-WebSocket-Key} a client sends and the
 * {@code Sec-WebSocket-Accept} a server proves it read it with (RFC 6455 §1.3, §4.2.2).
 */
public final class AcceptKey {
  /** RFC 6455 §1.3: the server concatenates the key "with the Globally Unique Identifier". */
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  /** RFC 6455 §4.1: the key is "a randomly selected 16-byte value that has been base64-encoded". */
  static final int NONCE_BYTES = 16;

  private AcceptKey() {}

  /**
   * The accept value for {@code key}: base64(SHA-1(key + GUID)). RFC 6455 §1.3's example maps
   * {@code dGhlIHNhbXBsZSBub25jZQ==} to {@code s3pPLMBiTxaQ9kYGzzhZRbK+xOo=}.
   */
  public static String of(String key) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-1 (MessageDigest javadoc).
      throw new AssertionError(e);
    }
    byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
    return Base64.getEncoder().encodeToString(digest);
  }

  /**
   * A fresh client key: 16 bytes from {@code random}, base64-encoded. RFC 6455 §4.1: "The nonce
   * MUST be selected randomly for each connection"; pass a {@code SecureRandom} outside tests.
   */
  public static String newKey(Random random) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    return Base64.getEncoder().encodeToString(nonce);
  }
}
