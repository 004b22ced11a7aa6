package io.sockjet.cli;

import io.sockjet.Compression;
import java.util.Arrays;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code --compress[=MODE]} and its settings: permessage-deflate (RFC 7692) and which memory mode
 * it runs in. Filled by picocli, read once.
 */
final class CompressOptions {
  /** The memory modes, as {@link Compression} names them. */
  enum Mode {
    /** Context takeover both ways: best ratio, most memory per busy connection. */
    dedicated,
    /** The server forgets its window per message; its compressors are shared per loop. */
    shared_compressor,
    /** No context takeover either way: nothing held per connection between messages. */
    shared
  }

  @Option(names = "--compress", arity = "0..1", paramLabel = "MODE", fallbackValue = "shared_compressor",
      preprocessor = ModeOrNothing.class,
      description = "permessage-deflate, in a memory mode: dedicated (context takeover both "
          + "ways: best ratio, a compressor per busy connection), shared_compressor (default: "
          + "the server forgets its window, its compressors shared per thread) or shared (no "
          + "context takeover: no per-connection memory at all).")
  Mode mode;

  @Option(names = "--compress-threshold", paramLabel = "SIZE", defaultValue = "1k",
      description = "Messages smaller than this go uncompressed (default: ${DEFAULT-VALUE}).")
  String threshold = "1k";

  /**
   * Takes the next argument as the mode only when it is a mode's name or attached ({@code
   * --compress=MODE}): picocli would otherwise take any next argument, such as the URL in {@code
   * connect --compress ws://...}, and fail on it. Stateless.
   */
  static final class ModeOrNothing implements IParameterPreprocessor {
    @Override
    public boolean preprocess(Stack<String> args, CommandSpec spec, ArgSpec option,
        Map<String, Object> info) {
      boolean attached = !" ".equals(info.get("separator"));
      if (!attached && (args.isEmpty() || !isMode(args.peek()))) {
        args.push(((OptionSpec) option).fallbackValue());
      }
      return false; // picocli goes on and reads the value now on top
    }

    private static boolean isMode(String arg) {
      return Arrays.stream(Mode.values()).anyMatch(m -> m.name().equals(arg));
    }
  }

  /** The settings, or null when {@code --compress} was not given. */
  Compression compression() {
    return compression(null);
  }

  /**
   * The settings with a server's memory budget ({@code null}: none), or null when {@code
   * --compress} was not given.
   */
  Compression compression(String budget) {
    if (mode == null) {
      return null;
    }
    Compression base = switch (mode) {
      case dedicated -> Compression.dedicated();
      case shared_compressor -> Compression.sharedCompressor();
      case shared -> Compression.shared();
    };
    Compression.Builder b = base.toBuilder().threshold(Math.toIntExact(ByteSize.parse(threshold)));
    if (budget != null) {
      b.memoryBudget(ByteSize.parse(budget));
    }
    return b.build();
  }
}
