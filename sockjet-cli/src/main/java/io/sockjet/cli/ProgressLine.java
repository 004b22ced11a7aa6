package io.sockjet.cli;

import java.io.PrintStream;

/**
 * Not thread-safe; used by the one thread that runs {@code bench}: the once-a-second status. On a
 * terminal it rewrites one line in place (carriage return, padded over the previous text); in a
 * pipe or a log it writes plain lines, with no control characters.
 */
final class ProgressLine {
  private final PrintStream err;
  private final boolean inPlace;
  private int lastLength;

  /** Writes to {@code err}; {@code inPlace} only for a terminal. */
  ProgressLine(PrintStream err, boolean inPlace) {
    this.err = err;
    this.inPlace = inPlace;
  }

  /** Shows {@code text} as the current status. */
  void show(String text) {
    if (inPlace) {
      StringBuilder line = new StringBuilder(text.length() + 8).append('\r').append(text);
      for (int i = text.length(); i < lastLength; i++) {
        line.append(' ');
      }
      lastLength = text.length();
      err.print(line);
      err.flush();
    } else {
      err.println(text);
    }
  }

  /** Ends the in-place line, so what follows starts on a line of its own. */
  void finish() {
    if (inPlace && lastLength > 0) {
      err.println();
      lastLength = 0;
    }
  }
}
