package io.sockjet.cli;

import java.io.BufferedOutputStream;
import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * The streams a command reads and writes, always UTF-8, and whether a person is at a terminal.
 * Commands take one so tests can run them in-process on byte arrays.
 *
 * <p>Why not {@code System.out}: on JDK 17 its charset follows the locale, which is US-ASCII in
 * a bare CI environment, and would print "h?llo" for "héllo". Received text must reach stdout
 * byte for byte, so the standard descriptors are wrapped here with an explicit UTF-8 encoder.
 *
 * @param in standard input, read as bytes
 * @param out standard output; callers flush after each message so pipes see it at once
 * @param err standard error, for status lines, warnings and failures
 * @param interactive true only when stdin and stdout are a terminal: only then may a command
 *     print decoration (banners, carriage-return progress lines)
 */
record Stdio(InputStream in, PrintStream out, PrintStream err, boolean interactive) {

  /** The process's own standard streams. */
  static Stdio system() {
    PrintStream out = new PrintStream(
        new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false,
        StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
        StandardCharsets.UTF_8);
    return new Stdio(new FileInputStream(FileDescriptor.in), out, err, isTerminal());
  }

  /**
   * Whether stdin and stdout are a terminal. Up to JDK 21 (and again from 25) {@code
   * System.console()} is null otherwise; JDK 22-24 return a console for pipes too and answer
   * through {@code Console.isTerminal()}, which JDK 17 lacks, hence the reflective look-up.
   */
  static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // before JDK 22: a console exists only for a terminal
    }
  }
}
