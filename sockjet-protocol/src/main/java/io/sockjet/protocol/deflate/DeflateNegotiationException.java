package io.sockjet.protocol.deflate;

/**
 * Immutable. A permessage-deflate negotiation element breaks RFC 7692 §7, or asks for what this
 * side cannot do. A client that gets this for the server's response fails the WebSocket
 * connection (RFC 7692 §7: "A client MUST _Fail the WebSocket Connection_ if the peer server
 * accepted an extension negotiation offer for this extension with an extension negotiation
 * response meeting any of the following conditions"); a server declines the offer and tries the
 * next one.
 *
 * <p>No stack trace is captured: it is thrown for peer input.
 */
public final class DeflateNegotiationException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The parameter at fault, or null when the element as a whole is. */
  private final String parameter;

  /**
   * @param parameter the parameter at fault as written, or {@code null} when the fault is the
   *     element as a whole (such as permessage-deflate accepted twice)
   * @param message why, naming the rule broken
   */
  public DeflateNegotiationException(String parameter, String message) {
    super(parameter == null ? message : parameter + ": " + message, null, false, false);
    this.parameter = parameter;
  }

  /** The parameter at fault as written, or {@code null} when the fault is the element as a whole. */
  public String parameter() {
    return parameter;
  }
}
