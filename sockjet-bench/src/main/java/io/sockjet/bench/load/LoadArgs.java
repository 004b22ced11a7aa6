package io.sockjet.bench.load;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} options of a load driver, checked against the names the driver knows,
 * so a misspelt option fails instead of silently running with a default. Not thread-safe; parsed
 * once on the main thread.
 */
final class LoadArgs {
  private final Map<String, String> values = new HashMap<>();

  private LoadArgs() {}

  /** Parses {@code --name value} pairs; every name must be in {@code known}. */
  static LoadArgs parse(String[] args, Set<String> known) {
    LoadArgs parsed = new LoadArgs();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value, got: " + arg);
      }
      String name = arg.substring(2);
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name + "; known: " + known);
      }
      parsed.values.put(name, args[++i]);
    }
    return parsed;
  }

  /** Whether the option was given. */
  boolean has(String name) {
    return values.containsKey(name);
  }

  /** The option's value, or {@code fallback}. */
  String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** The option's value as an int, or {@code fallback}. */
  int integer(String name, int fallback) {
    String v = values.get(name);
    return v == null ? fallback : Integer.parseInt(v.replace("_", ""));
  }

  /** The option's value as a long, or {@code fallback}. */
  long longValue(String name, long fallback) {
    String v = values.get(name);
    return v == null ? fallback : Long.parseLong(v.replace("_", ""));
  }

  /** The option's value as seconds (fractions allowed), or {@code fallback}. */
  double seconds(String name, double fallback) {
    String v = values.get(name);
    return v == null ? fallback : Double.parseDouble(v);
  }
}
