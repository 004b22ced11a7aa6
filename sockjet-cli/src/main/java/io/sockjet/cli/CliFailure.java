package io.sockjet.cli;

/**
 * A failure the user can act on (a missing file, a port in use, a key in the wrong format): the
 * command line prints its message alone, without a stack trace or the usage help, and exits 1.
 */
final class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with the message the user sees. */
  CliFailure(String message) {
    super(message);
  }

  /** A failure with the message the user sees and its cause (kept for debugging). */
  CliFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
