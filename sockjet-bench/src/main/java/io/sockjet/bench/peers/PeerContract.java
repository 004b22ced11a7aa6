package io.sockjet.bench.peers;

/**
 * What every echo server in this package does the same way, so that one driver measures them all:
 * the port argument, the ready line, and the broadcast trigger. Stateless; safe from any thread.
 *
 * <p>The trigger is a text message {@code broadcast:<count>:<body>}: the server sends the text
 * message {@code <body>} to every connected client (the sender included) {@code count} times,
 * through the library's own broadcast facility where it has one. A text message, because every
 * API here hands text over as a string; a prefix no echo payload starts with, because the drivers
 * fill text payloads with hex digits and letters from {@code a} to {@code z} only after a
 * 16-digit timestamp.
 *
 * <p>Fan-out servers ({@code *FanoutServer}) follow a second contract, for scenario 6: a client
 * that connects to {@value #SUBSCRIBE_PATH} is a subscriber; every text message a client sends on
 * {@value #PUBLISH_PATH} is sent, as it is, to every subscriber, through the library's own
 * facility for that where it has one (Sockjet's topics, Netty's {@code ChannelGroup}). The
 * publisher is not a subscriber.
 */
public final class PeerContract {
  /** The host every server binds: loopback only. */
  public static final String HOST = "127.0.0.1";

  /** Where fan-out subscribers connect. */
  public static final String SUBSCRIBE_PATH = "/sub";

  /** Where a fan-out publisher connects. */
  public static final String PUBLISH_PATH = "/pub";

  private static final String TRIGGER = "broadcast:";

  private PeerContract() {}

  /** The port to listen on: the first argument. */
  public static int port(String[] args) {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: <port> [options]");
    }
    return Integer.parseInt(args[0]);
  }

  /**
   * Prints the line the benchmark script waits for before it starts a driver. Flushed at once:
   * standard output goes to a file, which would otherwise buffer it.
   */
  public static void ready(String peer, int port) {
    System.out.println("READY " + port + " " + peer + " pid " + ProcessHandle.current().pid());
    System.out.flush();
  }

  /**
   * The broadcast a text message asks for, or null if it is an ordinary message to echo. A
   * malformed trigger counts as an ordinary message, so a mistake shows up as an echo.
   */
  public static Broadcast broadcast(String text) {
    if (!text.startsWith(TRIGGER)) {
      return null;
    }
    int colon = text.indexOf(':', TRIGGER.length());
    if (colon < 0) {
      return null;
    }
    try {
      int count = Integer.parseInt(text.substring(TRIGGER.length(), colon));
      return new Broadcast(count, text.substring(colon + 1));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * A broadcast asked for by a trigger message: send {@code body} to every client {@code count}
   * times.
   *
   * @param count how many times to send the body to every client
   * @param body the text message to send
   */
  public record Broadcast(int count, String body) {}
}
