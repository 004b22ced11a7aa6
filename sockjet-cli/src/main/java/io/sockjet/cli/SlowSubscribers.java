package io.sockjet.cli;

import io.sockjet.SlowSubscriberPolicy;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --slow-subscribers}: {@code skip:SIZE} (skip a subscriber with more than SIZE
 * queued for that message, and tell it later how many it missed) or {@code close:SIZE[:CODE]}
 * (close it, with 1013 unless CODE says 1008). SIZE as {@link ByteSize} reads it: {@code 256k},
 * {@code 1M}. Stateless; picocli calls it from the parsing thread.
 */
final class SlowSubscribers implements ITypeConverter<SlowSubscriberPolicy> {
  private static final String FORMS = "write skip:SIZE or close:SIZE[:CODE], e.g. skip:256k or "
      + "close:1M:1013 (CODE 1008 or 1013)";

  @Override
  public SlowSubscriberPolicy convert(String text) {
    return parse(text);
  }

  /** The policy {@code text} stands for. */
  static SlowSubscriberPolicy parse(String text) {
    String[] parts = text.trim().split(":", -1);
    String action = parts[0].toLowerCase(Locale.ROOT);
    boolean skip = action.equals("skip") && parts.length == 2;
    boolean close = action.equals("close") && (parts.length == 2 || parts.length == 3);
    if (!skip && !close) {
      throw new TypeConversionException("'" + text + "' is not a slow-subscriber policy; " + FORMS);
    }
    long cap = ByteSize.parse(parts[1]);
    if (skip) {
      return SlowSubscriberPolicy.skip(cap);
    }
    try {
      return SlowSubscriberPolicy.close(cap,
          parts.length == 3 ? Integer.parseInt(parts[2].trim()) : 1013);
    } catch (IllegalArgumentException e) { // a bad number, or a code the library refuses
      throw new TypeConversionException("'" + text + "': " + FORMS);
    }
  }
}
