package io.sockjet.cli;

import io.sockjet.WebSocket;
import io.sockjet.WebSocketListener;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code sockjet serve --pubsub}: publish/subscribe over a small text protocol, on any path, with
 * the server's topics ({@link io.sockjet.Topics}) doing the work. Clients send {@code sub TOPIC},
 * {@code unsub TOPIC} and {@code pub TOPIC PAYLOAD} ({@link PubSubCommand}); a publish reaches
 * every other subscriber of the topic as the text {@code msg TOPIC PAYLOAD}, framed once for all
 * of them. The replies:
 *
 * <pre>
 * ok sub TOPIC        subscribed (also when it was already): every publish made after this
 *                     reply, on this server or (with --redis) any other, reaches the client
 * ok unsub TOPIC      unsubscribed (also when it was not)
 * err REASON          the message was not a command, or could not be carried out
 * missed TOPIC COUNT  COUNT messages of TOPIC did not reach this client (it was too slow, see
 *                     --slow-subscribers): resynchronise
 * </pre>
 *
 * A successful {@code pub} gets no reply, so a publisher's connection carries nothing back and a
 * fan-out measurement counts only deliveries; {@code pub} does not come back to its sender even
 * when it subscribes to the topic. Binary messages get {@code err binary messages are not
 * commands} and the connection stays open: a client library that sent one by mistake is told
 * why, rather than cut off.
 *
 * <p>Threading: stateless but for a per-connection subscription count; callbacks of one
 * connection run on its event loop, one at a time.
 */
final class PubSubMode implements WebSocketListener, ServeMode {
  /**
   * Topics one connection may subscribe to. Each subscription holds memory on the server until
   * the connection leaves it; without a cap, one client sending {@code sub} in a loop could fill
   * the heap. A thousand is more than a page or a service subscribes to.
   */
  static final int MAX_SUBSCRIPTIONS = 1024;

  private static final String SUBSCRIBED = "sockjet.pubsub.subscribed";

  @Override
  public String name() {
    return "pubsub";
  }

  @Override
  public WebSocketListener listener() {
    return this;
  }

  @Override
  public void onText(WebSocket ws, String text) {
    PubSubCommand command = PubSubCommand.parse(text);
    if (command.error() != null) {
      reply(ws, "err " + command.error());
      return;
    }
    switch (command.verb()) {
      case "sub" -> subscribe(ws, command.topic());
      case "unsub" -> {
        if (ws.unsubscribe(command.topic())) {
          subscribed(ws).decrementAndGet();
        }
        reply(ws, "ok unsub " + command.topic());
      }
      default -> publish(ws, command.topic(), command.payload());
    }
  }

  private void subscribe(WebSocket ws, String topic) {
    AtomicInteger count = subscribed(ws);
    if (count.get() >= MAX_SUBSCRIPTIONS && !ws.subscriptions().contains(topic)) {
      reply(ws, "err too many subscriptions: at most " + MAX_SUBSCRIPTIONS + " per connection");
      return;
    }
    if (ws.subscribe(topic)) {
      count.incrementAndGet();
    }
    // The subscription is in the topic now; with --redis the reply waits until Redis has
    // confirmed this server's subscription too. Either way a publish that comes after the reply,
    // from any server, reaches it.
    ws.server().orElseThrow().topics().ready(topic)
        .whenComplete((ready, failed) -> reply(ws, failed == null ? "ok sub " + topic
            : "err cannot subscribe now: " + failed.getMessage()));
  }

  /** Publishes {@code msg TOPIC PAYLOAD} to the topic's subscribers but the sender. */
  private static void publish(WebSocket ws, String topic, String payload) {
    String message = new StringBuilder(5 + topic.length() + payload.length())
        .append("msg ").append(topic).append(' ').append(payload).toString();
    try {
      ws.publish(topic, message);
    } catch (IllegalArgumentException e) {
      // The prefix can take a message that fitted --max-message past --max-outgoing.
      reply(ws, "err message too large: \"msg TOPIC PAYLOAD\" must fit the server's outgoing "
          + "message limit");
    }
  }

  @Override
  public void onBinary(WebSocket ws, ByteBuffer data) {
    reply(ws, "err binary messages are not commands");
  }

  @Override
  public void onMissed(WebSocket ws, String topic, long count) {
    reply(ws, "missed " + topic + " " + count);
  }

  /** The connection's subscription count, made on its first use; only its loop touches it. */
  private static AtomicInteger subscribed(WebSocket ws) {
    AtomicInteger count = ws.attribute(SUBSCRIBED);
    if (count == null) {
      count = new AtomicInteger();
      ws.setAttribute(SUBSCRIBED, count);
    }
    return count;
  }

  private static void reply(WebSocket ws, String text) {
    ws.sendText(text);
    ConnectionStats.sent(ws);
  }
}
