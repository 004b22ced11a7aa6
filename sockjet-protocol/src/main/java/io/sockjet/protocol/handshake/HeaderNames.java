package io.sockjet.protocol.handshake;

/** Constants only. The header field names of the opening handshake (RFC 6455 §11.3). */
final class HeaderNames {
  static final String HOST = "Host";
  static final String UPGRADE = "Upgrade";
  static final String CONNECTION = "Connection";
  static final String ORIGIN = "Origin";
  static final String KEY = "Sec-WebSocket-Key";
  static final String ACCEPT = "Sec-WebSocket-Accept";
  static final String VERSION = "Sec-WebSocket-Version";
  static final String PROTOCOL = "Sec-WebSocket-Protocol";
  static final String EXTENSIONS = "Sec-WebSocket-Extensions";

  /** The upgrade token of RFC 6455 §4.1, matched case-insensitively (RFC 9110 §7.8). */
  static final String WEBSOCKET = "websocket";
  /** The only protocol version this library speaks: RFC 6455 §4.1 "MUST be 13". */
  static final String VERSION_13 = "13";

  private HeaderNames() {}

  /**
   * Whether {@code name} is a field the handshake itself writes; a caller's extra headers may
   * not set these, or the request or response could contradict itself.
   */
  static boolean isHandshakeField(String name) {
    for (String reserved : new String[] {HOST, UPGRADE, CONNECTION, KEY, ACCEPT, VERSION, PROTOCOL, EXTENSIONS}) {
      if (reserved.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }
}
