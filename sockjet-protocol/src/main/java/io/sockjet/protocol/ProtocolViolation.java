package io.sockjet.protocol;

/**
 * A peer broke RFC 6455. Carries the {@link Violation} and so the close code to fail the
 * connection with (RFC 6455 §7.1.7). Thrown inside the core and reported to listeners; never
 * escapes {@code Connection.receive}.
 *
 * <p>No stack trace is captured: a flood of bad peers must not cost a stack walk per frame, and
 * the {@link #violation()} says all there is to say about where it came from.
 */
public final class ProtocolViolation extends Exception {
  private static final long serialVersionUID = 1L;

  /** The rule broken, which carries the close code. */
  private final Violation violation;

  /** A violation with its standard description. */
  public ProtocolViolation(Violation violation) {
    this(violation, violation.description());
  }

  /** A violation with a more specific message (e.g. naming the offending value). */
  public ProtocolViolation(Violation violation, String message) {
    super(message, null, false, false);
    this.violation = violation;
  }

  /** What the peer did wrong. */
  public Violation violation() {
    return violation;
  }

  /** The close code to fail the connection with. */
  public int closeCode() {
    return violation.closeCode();
  }
}
