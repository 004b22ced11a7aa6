package io.sockjet.internal;

import io.sockjet.protocol.PreparedFrame;
import io.sockjet.protocol.Role;
import io.sockjet.protocol.deflate.CompressionBudget;
import io.sockjet.protocol.deflate.DeflateConfig;
import io.sockjet.protocol.deflate.DeflateNegotiation;
import io.sockjet.protocol.deflate.DeflateParameters;
import io.sockjet.protocol.deflate.DeflatePool;
import io.sockjet.protocol.deflate.PerMessageDeflate;
import io.sockjet.protocol.deflate.Zlib;
import io.sockjet.protocol.handshake.ExtensionHeader;
import io.sockjet.protocol.handshake.ExtensionOffer;
import io.sockjet.transport.EventLoop;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A server's permessage-deflate: negotiation with each client under the memory budget, the
 * per-loop pools, and compress-once for broadcasts. Thread-safe: handshakes run on every loop,
 * broadcasts on any thread.
 */
public final class ServerCompression {
  private final DeflateConfig config;
  private final DeflatePools pools;
  private final CompressionBudget budget;
  // Broadcasts come from any thread, so they compress with a pool of their own under a lock.
  private final DeflatePool broadcastPool;
  private final java.util.concurrent.atomic.LongAdder sharedCompressions =
      new java.util.concurrent.atomic.LongAdder();

  // The response header text per distinct answer: a server gives few distinct answers, and an
  // idle connection keeps the text (WebSocket.extensions()), so connections share one String.
  private final Map<ExtensionOffer, String> headers = new ConcurrentHashMap<>();

  /**
   * What a handshake agreed: the response element, its header text, the codec and its budget
   * reservation.
   */
  record Agreed(ExtensionOffer response, String header, PerMessageDeflate codec, long reservedBytes) {}

  /**
   * @param config the server's settings as the protocol layer's configuration
   * @param memoryBudget the most bytes all connections' compression contexts may hold
   */
  public ServerCompression(DeflateConfig config, long memoryBudget, Zlib zlib) {
    this.config = config;
    this.pools = new DeflatePools(zlib);
    this.budget = new CompressionBudget(memoryBudget);
    this.broadcastPool = new DeflatePool(zlib);
  }

  /**
   * Negotiates with the client's offers for a connection on {@code loop}; empty when no offer is
   * acceptable or the connection's own contexts would pass the memory budget (then the client
   * is served uncompressed). Runs on {@code loop}.
   */
  Optional<Agreed> negotiate(List<ExtensionOffer> offers, EventLoop loop) {
    Optional<DeflateNegotiation.Agreement> agreement =
        DeflateNegotiation.accept(offers, config, pools.zlib());
    if (agreement.isEmpty()) {
      return Optional.empty();
    }
    DeflateParameters agreed = agreement.get().parameters();
    long bytes = PerMessageDeflate.dedicatedBytes(Role.SERVER, agreed, config);
    if (!budget.tryReserve(bytes)) {
      return Optional.empty();
    }
    PerMessageDeflate codec = PerMessageDeflate.of(Role.SERVER, agreed, config, pools.of(loop));
    ExtensionOffer response = agreement.get().response();
    String header = headers.computeIfAbsent(response, r -> ExtensionHeader.format(List.of(r)));
    return Optional.of(new Agreed(response, header, codec, bytes));
  }

  /** Gives back a closed connection's reservation. */
  void release(long reservedBytes) {
    budget.release(reservedBytes);
  }

  CompressionBudget budget() {
    return budget;
  }

  /**
   * The compressed frame of a whole message for the connections it {@linkplain
   * PreparedFrame#suits suits} (no context takeover on the server side, a window of {@code
   * windowBits}): compressed once for all of them. {@code payload} is not moved.
   */
  PreparedFrame compressedFrame(int opcode, ByteBuffer payload, int windowBits) {
    sharedCompressions.increment();
    synchronized (broadcastPool) {
      return PreparedFrame.compressed(opcode, payload, broadcastPool, config, windowBits);
    }
  }

  /** Messages compressed once for many connections since start (tests). */
  public long sharedCompressions() {
    return sharedCompressions.sum();
  }

  /** Idle pooled compressors and decompressors (tests). */
  public int idle() {
    return pools.idle();
  }

  void close() {
    pools.clear();
    synchronized (broadcastPool) {
      broadcastPool.clear();
    }
  }
}
