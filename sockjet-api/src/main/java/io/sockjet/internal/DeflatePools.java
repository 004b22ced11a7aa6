package io.sockjet.internal;

import io.sockjet.protocol.deflate.DeflatePool;
import io.sockjet.protocol.deflate.Zlib;
import io.sockjet.transport.EventLoop;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link DeflatePool} per event loop: the compressors that connections without context
 * takeover share, and the scratch buffers every compressed connection uses. A pool is only ever
 * used on its own loop's thread (it is not thread-safe); the map is read from any loop.
 */
public final class DeflatePools {
  private final Zlib zlib;
  private final Map<EventLoop, DeflatePool> pools = new ConcurrentHashMap<>();

  public DeflatePools(Zlib zlib) {
    this.zlib = zlib;
  }

  public Zlib zlib() {
    return zlib;
  }

  /** The pool of {@code loop}; call on that loop's thread only. */
  DeflatePool of(EventLoop loop) {
    return pools.computeIfAbsent(loop, l -> new DeflatePool(zlib));
  }

  /** Idle compressors and decompressors in all pools (tests: read once the loops are idle). */
  int idle() {
    int n = 0;
    for (DeflatePool pool : pools.values()) {
      n += pool.idle();
    }
    return n;
  }

  /** Ends the idle compressors of every pool, each on its own loop. */
  public void clear() {
    pools.forEach((loop, pool) -> {
      if (loop.inEventLoop()) {
        pool.clear();
      } else {
        try {
          loop.execute(pool::clear);
        } catch (RuntimeException stopped) {
          // The loop is gone; its pool's compressors are freed by their cleaners.
        }
      }
    });
  }
}
