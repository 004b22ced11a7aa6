package io.sockjet.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Stateless: reads a duration option such as {@code 500ms}, {@code 10s}, {@code 2m} or a bare
 * number of seconds ({@code 1.5}). ISO-8601 ({@code PT10S}) is accepted too.
 */
final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

  /** Parses {@code value}; the message of a failure names the accepted forms. */
  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.startsWith("pt")) {
      try {
        return Duration.parse(value.trim());
      } catch (RuntimeException e) {
        throw invalid(value);
      }
    }
    Matcher m = SIMPLE.matcher(v);
    if (!m.matches()) {
      throw invalid(value);
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double millis = switch (unit) {
      case "ms" -> amount;
      case "s" -> amount * 1_000;
      case "m" -> amount * 60_000;
      default -> amount * 3_600_000;
    };
    return Duration.ofNanos(Math.round(millis * 1_000_000));
  }

  private static TypeConversionException invalid(String value) {
    return new TypeConversionException(
        "'" + value + "' is not a duration (examples: 500ms, 10s, 2m, 1.5)");
  }
}
