package io.sockjet.cli;

/**
 * The exit statuses of {@code sockjet connect} and {@code sockjet bench}, documented in each
 * command's help. Constants only.
 */
final class ExitStatus {
  /** Success: the connection closed normally (1000 or 1001), or the benchmark had no errors. */
  static final int OK = 0;
  /** The connection could not be opened: refused, unknown host, TLS, timeout, HTTP status. */
  static final int CONNECT_FAILED = 1;
  /** Bad arguments (picocli's own status for usage errors). */
  static final int USAGE = 2;
  /**
   * The connection ended badly (a close code other than 1000/1001, no closing handshake, a
   * protocol error, unreadable input), or the benchmark counted errors.
   */
  static final int FAILED = 3;

  private ExitStatus() {}
}
