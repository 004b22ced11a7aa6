package io.sockjet.protocol.deflate;

import io.sockjet.protocol.Role;
import io.sockjet.protocol.handshake.ExtensionOffer;
import io.sockjet.protocol.handshake.ExtensionParameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Immutable. What both ends of one connection agreed for permessage-deflate (RFC 7692 §7.1): for
 * each direction, whether the sender forgets its LZ77 window after every message, and the
 * largest window it compresses with. The "server" fields govern what the server sends, the
 * "client" fields what the client sends (RFC 7692 §7.1 names each parameter after the side whose
 * compressor it governs).
 *
 * <p>Invariant for a value {@link DeflateNegotiation} returns: the window this side sends with,
 * {@code sendWindowBits(localRole)}, is one the {@link Zlib} given to the negotiation can
 * compress with; it may be smaller than the peer allowed, never larger.
 *
 * @param serverNoContextTakeover the server resets its compressor after every message, so the
 *     client may reset its decompressor too (RFC 7692 §7.1.1.1)
 * @param clientNoContextTakeover the client resets its compressor after every message, so the
 *     server may reset its decompressor too (RFC 7692 §7.1.1.2)
 * @param serverMaxWindowBits the base-2 logarithm of the largest LZ77 window the server
 *     compresses with, 8 to 15 (RFC 7692 §7.1.2.1)
 * @param clientMaxWindowBits the same for the client (RFC 7692 §7.1.2.2)
 */
public record DeflateParameters(
    boolean serverNoContextTakeover,
    boolean clientNoContextTakeover,
    int serverMaxWindowBits,
    int clientMaxWindowBits) {

  /** The smallest window RFC 7692 §7.1.2 allows: 2^8 = 256 bytes. */
  public static final int MIN_WINDOW_BITS = 8;

  /**
   * The largest window, 2^15 = 32,768 bytes, and the default when a parameter is absent (RFC 7692
   * §7.1.2.1: "Absence of this parameter in an extension negotiation offer indicates that the
   * client can receive messages compressed using an LZ77 sliding window of up to 32,768 bytes").
   */
  public static final int MAX_WINDOW_BITS = 15;

  /** What a bare {@code permessage-deflate} agrees: context takeover and 15-bit windows both ways. */
  public static final DeflateParameters DEFAULTS =
      new DeflateParameters(false, false, MAX_WINDOW_BITS, MAX_WINDOW_BITS);

  /** The extension's registered name (RFC 7692 §7), public as {@link DeflateNegotiation#EXTENSION_NAME}. */
  static final String EXTENSION_NAME = "permessage-deflate";
  static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
  static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
  static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
  static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

  /**
   * @throws IllegalArgumentException if a window is outside 8 to 15
   */
  public DeflateParameters {
    checkWindowBits("serverMaxWindowBits", serverMaxWindowBits);
    checkWindowBits("clientMaxWindowBits", clientMaxWindowBits);
  }

  /** The largest window {@code sender} compresses with, 8 to 15. */
  public int sendWindowBits(Role sender) {
    return Objects.requireNonNull(sender, "sender") == Role.SERVER ? serverMaxWindowBits : clientMaxWindowBits;
  }

  /** Whether {@code sender} resets its compressor after every message. */
  public boolean sendNoContextTakeover(Role sender) {
    return Objects.requireNonNull(sender, "sender") == Role.SERVER ? serverNoContextTakeover : clientNoContextTakeover;
  }

  /**
   * The largest window the messages {@code receiver} gets were compressed with: its decompressor
   * needs no more than {@code 2^bits} bytes of history.
   */
  public int receiveWindowBits(Role receiver) {
    return sendWindowBits(Objects.requireNonNull(receiver, "receiver").peer());
  }

  /**
   * Whether the peer of {@code receiver} resets its compressor after every message, so no
   * message refers back to an earlier one and {@code receiver} may reset (or release) its
   * decompressor between messages.
   */
  public boolean receiveNoContextTakeover(Role receiver) {
    return sendNoContextTakeover(Objects.requireNonNull(receiver, "receiver").peer());
  }

  /**
   * The {@code Sec-WebSocket-Extensions} element a server writes to agree these parameters, in
   * the order {@code server_no_context_takeover}, {@code client_no_context_takeover},
   * {@code server_max_window_bits}, {@code client_max_window_bits}, each only when it differs
   * from the default: {@code DEFAULTS.toExtension()} is a bare {@code permessage-deflate}.
   *
   * <p>{@link DeflateNegotiation#accept(List, DeflateConfig, Zlib)} may answer with one more
   * parameter: {@code server_max_window_bits=15} when the client offered exactly that, because
   * the server accepts that offer only by echoing it (RFC 7692 §7.1.2.1).
   */
  public ExtensionOffer toExtension() {
    return toExtension(false);
  }

  /** As {@link #toExtension()}, writing {@code server_max_window_bits} even at 15 when asked. */
  ExtensionOffer toExtension(boolean alwaysServerMaxWindowBits) {
    List<ExtensionParameter> parameters = new ArrayList<>(4);
    if (serverNoContextTakeover) {
      parameters.add(new ExtensionParameter(SERVER_NO_CONTEXT_TAKEOVER, null));
    }
    if (clientNoContextTakeover) {
      parameters.add(new ExtensionParameter(CLIENT_NO_CONTEXT_TAKEOVER, null));
    }
    if (alwaysServerMaxWindowBits || serverMaxWindowBits < MAX_WINDOW_BITS) {
      parameters.add(new ExtensionParameter(SERVER_MAX_WINDOW_BITS, Integer.toString(serverMaxWindowBits)));
    }
    if (clientMaxWindowBits < MAX_WINDOW_BITS) {
      parameters.add(new ExtensionParameter(CLIENT_MAX_WINDOW_BITS, Integer.toString(clientMaxWindowBits)));
    }
    return new ExtensionOffer(EXTENSION_NAME, parameters);
  }

  /** Rejects a window outside 8 to 15, naming {@code what}. */
  static int checkWindowBits(String what, int bits) {
    if (bits < MIN_WINDOW_BITS || bits > MAX_WINDOW_BITS) {
      throw new IllegalArgumentException(
          what + " must be " + MIN_WINDOW_BITS + " to " + MAX_WINDOW_BITS + " (RFC 7692 §7.1.2), got " + bits);
    }
    return bits;
  }
}
