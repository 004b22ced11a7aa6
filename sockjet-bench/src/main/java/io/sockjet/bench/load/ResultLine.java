package io.sockjet.bench.load;

import java.util.Locale;

/**
 * One machine-readable result line, {@code RESULT key=value key=value ...}: what the drivers
 * print and {@code bench/compare.sh} collects. Values hold no spaces; decimals use a dot whatever
 * the locale. Not thread-safe; built and printed by one thread.
 */
final class ResultLine {
  private final StringBuilder line = new StringBuilder("RESULT");

  /** Adds a text value (spaces become underscores, to keep the line splittable). */
  ResultLine put(String key, String value) {
    line.append(' ').append(key).append('=').append(value.replace(' ', '_'));
    return this;
  }

  /** Adds a whole number. */
  ResultLine put(String key, long value) {
    line.append(' ').append(key).append('=').append(value);
    return this;
  }

  /** Adds a decimal with {@code decimals} digits after the point; -1 (unknown) stays -1. */
  ResultLine put(String key, double value, int decimals) {
    String v = value == -1 ? "-1" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    line.append(' ').append(key).append('=').append(v);
    return this;
  }

  /** Prints the line on standard output and flushes it. */
  void print() {
    System.out.println(line);
    System.out.flush();
  }

  @Override
  public String toString() {
    return line.toString();
  }
}
