package io.sockjet.cli;

import io.sockjet.OverflowPolicy;
import io.sockjet.SlowSubscriberPolicy;
import io.sockjet.WebSocketServer;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * Every limit and timer of the library's server, as {@code serve} options. Each default is the
 * library's own, written twice on purpose (annotation and field): picocli applies the annotation
 * only when an option of the group is given, and the field covers the other case. Filled by
 * picocli on the command's thread, then read once by {@link #apply}.
 */
final class LimitOptions {

  @Option(names = "--max-message", paramLabel = "SIZE", defaultValue = "64M",
      converter = ByteSize.class,
      description = "Largest message a client may send; over it the connection closes with 1009 "
          + "(default: ${DEFAULT-VALUE}).")
  long maxMessage = 64L << 20;

  @Option(names = "--max-frame", paramLabel = "SIZE", defaultValue = "64M",
      converter = ByteSize.class,
      description = "Largest frame a client may send; over it: 1009 (default: ${DEFAULT-VALUE}).")
  long maxFrame = 64L << 20;

  @Option(names = "--max-fragments", paramLabel = "N", defaultValue = "16384",
      description = "Most frames in one message; over it: 1009 (default: ${DEFAULT-VALUE}).")
  int maxFragments = 16384;

  @Option(names = "--max-outgoing", paramLabel = "SIZE", defaultValue = "64M",
      converter = ByteSize.class,
      description = "Largest message the server sends; --exec sends a program's longer output "
          + "lines in pieces of a third of this (default: ${DEFAULT-VALUE}).")
  long maxOutgoing = 64L << 20;

  @Option(names = "--max-queued", paramLabel = "SIZE", converter = ByteSize.class,
      description = "Bytes waiting to be sent to one client, control frames included; over it, "
          + "--on-overflow decides (default: --max-outgoing plus 64k, so the largest message "
          + "fits).")
  Long maxQueued;

  @Option(names = "--memory-budget", paramLabel = "SIZE", converter = ByteSize.class,
      description = "What all clients together may make the server hold: messages being "
          + "received and output waiting for slow clients. A client that needs more than is left "
          + "is closed (1009 receiving, 1013 sending); the others go on (default: a quarter of "
          + "the smaller of the JVM's heap and direct memory limits).")
  Long memoryBudget;

  @Option(names = "--low-water", paramLabel = "SIZE", defaultValue = "64k",
      converter = ByteSize.class,
      description = "A full send queue counts as drained again at this size; --exec stops reading "
          + "its program's output while more than this waits (default: ${DEFAULT-VALUE}).")
  long lowWater = 64 * 1024;

  @Option(names = "--on-overflow", paramLabel = "POLICY", defaultValue = "close",
      converter = PolicyName.class,
      description = "When a client's send queue is full: close (with 1008) or refuse (drop the "
          + "message, keep the connection) (default: ${DEFAULT-VALUE}).")
  OverflowPolicy onOverflow = OverflowPolicy.CLOSE;

  @Option(names = "--max-connections", paramLabel = "N",
      description = "Refuse new connections (503) while this many are open; 0 for no limit "
          + "(default: no limit; with --exec, where each connection is a process and three "
          + "threads, " + ExecMode.DEFAULT_MAX_CONNECTIONS + ").")
  int maxConnections;

  @Option(names = "--max-head", paramLabel = "SIZE", defaultValue = "8k",
      converter = ByteSize.class,
      description = "Largest HTTP request head; over it: 431 (default: ${DEFAULT-VALUE}).")
  long maxHead = 8 * 1024;

  @Option(names = "--max-headers", paramLabel = "N", defaultValue = "100",
      description = "Most HTTP request headers; over it: 431 (default: ${DEFAULT-VALUE}).")
  int maxHeaders = 100;

  @Option(names = "--handshake-timeout", paramLabel = "DURATION", defaultValue = "10s",
      converter = TimeSpan.class,
      description = "Time a client has to send its whole upgrade request (default: "
          + "${DEFAULT-VALUE}).")
  Duration handshakeTimeout = Duration.ofSeconds(10);

  @Option(names = "--close-timeout", paramLabel = "DURATION", defaultValue = "5s",
      converter = TimeSpan.class,
      description = "Time the closing handshake may take before the socket is dropped; also "
          + "the time an --exec program has to exit before it is killed (default: "
          + "${DEFAULT-VALUE}).")
  Duration closeTimeout = Duration.ofSeconds(5);

  @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = TimeSpan.class,
      description = "Close (1001) a connection silent this long (default: never).")
  Duration idleTimeout;

  @Option(names = "--ping-interval", paramLabel = "DURATION", defaultValue = "20s",
      converter = TimeSpan.class,
      description = "Keepalive: ping a connection that sent no whole frame for this long "
          + "(default: ${DEFAULT-VALUE}; see --no-keepalive).")
  Duration pingInterval = Duration.ofSeconds(20);

  @Option(names = "--pong-timeout", paramLabel = "DURATION", defaultValue = "20s",
      converter = TimeSpan.class,
      description = "Drop a connection that stays silent this long after a keepalive ping "
          + "(default: ${DEFAULT-VALUE}).")
  Duration pongTimeout = Duration.ofSeconds(20);

  @Option(names = "--no-keepalive",
      description = "Send no keepalive pings: silent clients are kept until TCP notices.")
  boolean noKeepalive;

  @Option(names = "--message-timeout", paramLabel = "DURATION", converter = TimeSpan.class,
      description = "Close (1008) a client whose message has not ended this long after it "
          + "began (default: no limit).")
  Duration messageTimeout;

  @Option(names = "--threads", paramLabel = "N",
      description = "Event loop threads (default: one per core).")
  Integer threads;

  /** Reads {@code close} or {@code refuse}, in any case. */
  static final class PolicyName implements ITypeConverter<OverflowPolicy> {
    @Override
    public OverflowPolicy convert(String text) {
      return switch (text.toLowerCase(java.util.Locale.ROOT)) {
        case "close" -> OverflowPolicy.CLOSE;
        case "refuse" -> OverflowPolicy.REFUSE;
        default -> throw new TypeConversionException("'" + text + "' is not close or refuse");
      };
    }
  }

  /**
   * The connection's overflow rule as a topic's slow-subscriber rule: a subscriber with more than
   * {@code --max-queued} waiting is closed with 1008 ({@code --on-overflow close}) or skipped
   * ({@code refuse}), as a message sent to it alone would close it or be refused.
   */
  SlowSubscriberPolicy asSlowSubscriberPolicy() {
    // The library's default cap: the outgoing message limit plus 64 KiB of headroom.
    long cap = maxQueued != null ? maxQueued : maxOutgoing + 64 * 1024;
    return onOverflow == OverflowPolicy.CLOSE ? SlowSubscriberPolicy.close(cap, 1008)
        : SlowSubscriberPolicy.skip(cap);
  }

  /** Sets every limit on {@code builder}; a bad value is a usage error of {@code cli}. */
  void apply(WebSocketServer.Builder builder, CommandLine cli) {
    builder.maxMessageSize(positive(cli, "--max-message", maxMessage))
        .maxFrameSize(positive(cli, "--max-frame", maxFrame))
        .maxFragments((int) positive(cli, "--max-fragments", maxFragments))
        .maxOutgoingMessageSize(positive(cli, "--max-outgoing", maxOutgoing))
        .lowWaterMark(intSize(cli, "--low-water", lowWater))
        .overflowPolicy(onOverflow)
        .maxHeadBytes(intSize(cli, "--max-head", maxHead))
        .maxHeaders((int) positive(cli, "--max-headers", maxHeaders))
        .handshakeTimeout(positive(cli, "--handshake-timeout", handshakeTimeout))
        .closeTimeout(positive(cli, "--close-timeout", closeTimeout));
    if (maxConnections < 0) {
      throw new ParameterException(cli, "--max-connections must be 0 (no limit) or more");
    }
    builder.maxConnections(maxConnections);
    if (idleTimeout != null) {
      builder.idleTimeout(positive(cli, "--idle-timeout", idleTimeout));
    }
    if (maxQueued != null) {
      builder.maxQueuedBytes(positive(cli, "--max-queued", maxQueued));
    }
    if (memoryBudget != null) {
      builder.memoryBudget(positive(cli, "--memory-budget", memoryBudget));
    }
    if (noKeepalive) {
      builder.noKeepalive();
    } else {
      builder.keepalive(positive(cli, "--ping-interval", pingInterval),
          positive(cli, "--pong-timeout", pongTimeout));
    }
    if (messageTimeout != null) {
      builder.messageTimeout(positive(cli, "--message-timeout", messageTimeout));
    }
    if (threads != null) {
      builder.eventLoops((int) positive(cli, "--threads", threads));
    }
  }

  private static long positive(CommandLine cli, String name, long value) {
    if (value <= 0) {
      throw new ParameterException(cli, name + " must be more than 0");
    }
    return value;
  }

  private static int intSize(CommandLine cli, String name, long value) {
    if (positive(cli, name, value) > Integer.MAX_VALUE) {
      throw new ParameterException(cli, name + " must be below 2G");
    }
    return (int) value;
  }

  private static Duration positive(CommandLine cli, String name, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw new ParameterException(cli, name + " must be longer than 0");
    }
    return value;
  }
}
