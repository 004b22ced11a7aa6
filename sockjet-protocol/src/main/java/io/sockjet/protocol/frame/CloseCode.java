package io.sockjet.protocol.frame;

/**
 * Stateless and thread-safe: constants and static functions only.
 *
 * <p>Close status codes (RFC 6455 §7.4 and the IANA "WebSocket Close Code Number Registry").
 * Kept as {@code int} constants rather than an enum because the wire carries any 16-bit value
 * and applications may use any code in 3000-4999; {@link #isValidOnWire} decides which are legal.
 */
public final class CloseCode {
  /** 1000: the purpose for which the connection was established has been fulfilled. */
  public static final int NORMAL = 1000;
  /** 1001: an endpoint is going away (server shutting down, browser leaving the page). */
  public static final int GOING_AWAY = 1001;
  /** 1002: the peer broke the protocol. */
  public static final int PROTOCOL_ERROR = 1002;
  /** 1003: a data type the endpoint cannot accept (e.g. binary to a text-only endpoint). */
  public static final int UNSUPPORTED_DATA = 1003;
  /** 1005: no status code was present. Reserved: MUST NOT be sent (§7.4.1). */
  public static final int NO_STATUS_RECEIVED = 1005;
  /** 1006: closed without a close frame. Reserved: MUST NOT be sent (§7.4.1). */
  public static final int ABNORMAL_CLOSURE = 1006;
  /** 1007: message data inconsistent with its type (e.g. invalid UTF-8 in a text message). */
  public static final int INVALID_PAYLOAD = 1007;
  /** 1008: a message violates the endpoint's policy (generic code when no other fits). */
  public static final int POLICY_VIOLATION = 1008;
  /** 1009: a message too big to process. */
  public static final int MESSAGE_TOO_BIG = 1009;
  /** 1010: (client) the server did not negotiate an extension the client requires. */
  public static final int MANDATORY_EXTENSION = 1010;
  /** 1011: (server) an unexpected condition prevented the server from fulfilling the request. */
  public static final int INTERNAL_ERROR = 1011;
  /** 1012: the service is restarting (IANA registry). */
  public static final int SERVICE_RESTART = 1012;
  /** 1013: try again later, e.g. the server is overloaded (IANA registry). */
  public static final int TRY_AGAIN_LATER = 1013;
  /** 1014: a gateway or proxy received an invalid response from upstream (IANA registry). */
  public static final int BAD_GATEWAY = 1014;
  /** 1015: the TLS handshake failed. Reserved: MUST NOT be sent (§7.4.1). */
  public static final int TLS_HANDSHAKE_FAILED = 1015;

  /** §7.4.2: 3000-3999 are registered with IANA for libraries, frameworks and applications. */
  private static final int FIRST_REGISTERED = 3000;
  /** §7.4.2: 4000-4999 are for private use, by prior agreement between the endpoints. */
  private static final int FIRST_PRIVATE = 4000;
  /** §7.4.2: codes from 5000 up are not defined at all. */
  private static final int FIRST_UNDEFINED = 5000;

  private CloseCode() {}

  /**
   * Whether {@code code} may appear in a close frame: 1000-1003, 1007-1014 and 3000-4999.
   *
   * <p>RFC 6455 §7.4.1 reserves 1005, 1006 and 1015 ("MUST NOT be set as a status code in a
   * Close control frame by an endpoint"); 1004 is reserved without a meaning; 1012-1014 are in
   * the IANA registry; the rest of 1000-2999 is "reserved for definition by this protocol, its
   * future revisions, and extensions" (§7.4.2), so no peer can mean anything by it; below 1000
   * is "not used" and 5000 and up is undefined. A close frame with any of these fails the
   * connection with 1002.
   */
  public static boolean isValidOnWire(int code) {
    return (code >= NORMAL && code <= UNSUPPORTED_DATA)
        || (code >= INVALID_PAYLOAD && code <= BAD_GATEWAY)
        || (code >= FIRST_REGISTERED && code < FIRST_UNDEFINED);
  }

  /**
   * Whether this endpoint may send {@code code}: the same set as {@link #isValidOnWire}, since a
   * code we would reject from a peer is one a peer would reject from us.
   */
  public static boolean isSendable(int code) {
    return isValidOnWire(code);
  }

  /**
   * A readable name for messages and logs: the constant's name for the codes above,
   * {@code REGISTERED(3xxx)}, {@code PRIVATE(4xxx)} or {@code UNKNOWN(n)} otherwise.
   */
  public static String name(int code) {
    switch (code) {
      case NORMAL: return "NORMAL";
      case GOING_AWAY: return "GOING_AWAY";
      case PROTOCOL_ERROR: return "PROTOCOL_ERROR";
      case UNSUPPORTED_DATA: return "UNSUPPORTED_DATA";
      case NO_STATUS_RECEIVED: return "NO_STATUS_RECEIVED";
      case ABNORMAL_CLOSURE: return "ABNORMAL_CLOSURE";
      case INVALID_PAYLOAD: return "INVALID_PAYLOAD";
      case POLICY_VIOLATION: return "POLICY_VIOLATION";
      case MESSAGE_TOO_BIG: return "MESSAGE_TOO_BIG";
      case MANDATORY_EXTENSION: return "MANDATORY_EXTENSION";
      case INTERNAL_ERROR: return "INTERNAL_ERROR";
      case SERVICE_RESTART: return "SERVICE_RESTART";
      case TRY_AGAIN_LATER: return "TRY_AGAIN_LATER";
      case BAD_GATEWAY: return "BAD_GATEWAY";
      case TLS_HANDSHAKE_FAILED: return "TLS_HANDSHAKE_FAILED";
      default:
        if (code >= FIRST_REGISTERED && code < FIRST_PRIVATE) {
          return "REGISTERED(" + code + ")";
        }
        if (code >= FIRST_PRIVATE && code < FIRST_UNDEFINED) {
          return "PRIVATE(" + code + ")";
        }
        return "UNKNOWN(" + code + ")";
    }
  }
}
