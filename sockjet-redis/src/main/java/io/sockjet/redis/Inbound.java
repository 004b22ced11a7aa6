package io.sockjet.redis;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.nio.ByteBuffer;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What the subscribing connection receives, on Lettuce's thread: probes go to the probe, every
 * other message to the node at once. It counts what arrived since the connection came up, for the
 * report of a cut-off.
 */
final class Inbound extends RedisPubSubAdapter<String, ByteBuffer> {
  private final String probeChannel;
  private final Consumer<ByteBuffer> probe;
  private final BiConsumer<String, ByteBuffer> deliver;
  // Written on the subscribing connection's thread only; read after it lost the connection.
  private volatile long messages;
  private volatile long bytes;

  Inbound(String probeChannel, Consumer<ByteBuffer> probe, BiConsumer<String, ByteBuffer> deliver) {
    this.probeChannel = probeChannel;
    this.probe = probe;
    this.deliver = deliver;
  }

  @Override
  public void message(String channel, ByteBuffer message) {
    messages++;
    bytes += message.remaining();
    if (channel.equals(probeChannel)) {
      probe.accept(message);
    } else {
      deliver.accept(channel, message);
    }
  }

  /** A sharded channel's message: the same. (The adapter would drop it.) */
  @Override
  public void smessage(String channel, ByteBuffer message) {
    message(channel, message);
  }

  /** A new connection: counting starts again. */
  void reset() {
    messages = 0;
    bytes = 0;
  }

  /** Messages received since the connection came up. */
  long messages() {
    return messages;
  }

  /** Their bytes. */
  long bytes() {
    return bytes;
  }
}
