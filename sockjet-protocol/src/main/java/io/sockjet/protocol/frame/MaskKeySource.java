package io.sockjet.protocol.frame;

/**
 * Supplies the 32-bit masking keys a client puts on every frame (RFC 6455 §5.3: "derived from
 * a strong source of entropy", a fresh key per frame). Injected so tests can assert exact bytes.
 *
 * <p>Implementations need not be thread-safe: each connection uses its source from one thread.
 */
@FunctionalInterface
public interface MaskKeySource {
  /** The next masking key; its four bytes are applied in big-endian order. */
  int nextKey();
}
