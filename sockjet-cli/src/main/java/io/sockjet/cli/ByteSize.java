package io.sockjet.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a size in bytes as a person writes it: {@code 65536}, {@code 64k}, {@code 64KiB},
 * {@code 16M}, {@code 1GiB}. The units are binary (k = 1024), as the library's defaults are
 * (64 MiB, 16 MiB, 64 KiB). Stateless; picocli calls it from the parsing thread.
 */
final class ByteSize implements ITypeConverter<Long> {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)", Pattern.CASE_INSENSITIVE);

  /** Parses {@code text}; a picocli error names the accepted forms. */
  @Override
  public Long convert(String text) {
    return parse(text);
  }

  /** The number of bytes {@code text} stands for. */
  static long parse(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new TypeConversionException("'" + text
          + "' is not a size; write bytes, or a number with k, M or G (binary: 1k = 1024)");
    }
    int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "", "b" -> 0;
      case "k", "kb", "kib" -> 10;
      case "m", "mb", "mib" -> 20;
      default -> 30;
    };
    try {
      long n = Long.parseLong(m.group(1));
      if (n > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException();
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + text + "' is too large");
    }
  }
}
