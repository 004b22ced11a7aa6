package io.sockjet.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration as a person writes it: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}; a
 * bare number is seconds. Stateless; picocli calls it from the parsing thread.
 */
final class TimeSpan implements ITypeConverter<Duration> {
  private static final Pattern SPAN = Pattern.compile("(\\d+)\\s*(|ms|s|m|h)",
      Pattern.CASE_INSENSITIVE);

  /** Parses {@code text}; a picocli error names the accepted forms. */
  @Override
  public Duration convert(String text) {
    return parse(text);
  }

  /** The duration {@code text} stands for. */
  static Duration parse(String text) {
    Matcher m = SPAN.matcher(text.trim());
    if (!m.matches()) {
      throw new TypeConversionException("'" + text
          + "' is not a duration; write a number with ms, s, m or h (a bare number is seconds)");
    }
    try {
      long n = Long.parseLong(m.group(1));
      Duration d = switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "ms" -> Duration.ofMillis(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofSeconds(n);
      };
      d.toNanos(); // the library schedules in nanoseconds: about 292 years at most
      return d;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new TypeConversionException("'" + text + "' is too long");
    }
  }

  /** {@code d} as it would be written on the command line, for log lines: 850ms, 3.2s, 2m05s. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    long s = d.toSeconds();
    return s < 3600 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
        : String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
