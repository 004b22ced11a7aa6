package io.sockjet.buffer;

/**
 * What the receiver of a buffer may do with it once the call that handed it over returns, and
 * whether it may write into it. Every layer that passes a payload down (the API's send path, the
 * protocol's encoder, the transport's write path) states one of these beside the buffer instead of
 * a boolean, and passes it on unchanged unless it makes a buffer of its own (a masked or
 * compressed copy), which it then hands on as {@link #OWNED}.
 *
 * <p>A receiver that must keep bytes it may not keep copies them: the transport copies into its
 * queue whatever the socket does not take at once.
 *
 * <pre>{@code
 * channel.write(header, payload, Ownership.LENT);   // the caller reuses payload after the call
 * channel.write(header, frame, Ownership.SHARED);   // one encoded frame for many connections
 * }</pre>
 */
public enum Ownership {

  /**
   * Lent for the call, read-only: valid until the call returns, and not to be modified (a user's
   * buffer sent on the loop, an inbound message echoed from the read buffer).
   */
  LENT(false, false),

  /**
   * Scratch for the call: valid until the call returns, and the receiver may write into it (a
   * thread's scratch that the sender encoded text into; a client masks it in place).
   */
  SCRATCH(false, true),

  /**
   * Shared read-only: the receiver may keep it until written, and must not modify it; others may
   * be reading it at the same time (a frame encoded once for many connections).
   */
  SHARED(true, false),

  /**
   * Handed over: the receiver may keep it and write into it; nobody else touches it after the
   * call (a copy made for this send, a compressed or masked payload).
   */
  OWNED(true, true);

  private final boolean mayKeep;
  private final boolean mayModify;

  Ownership(boolean mayKeep, boolean mayModify) {
    this.mayKeep = mayKeep;
    this.mayModify = mayModify;
  }

  /** Whether the receiver may keep a reference once the call returns (else it copies). */
  public boolean mayKeep() {
    return mayKeep;
  }

  /** Whether the receiver may write into the buffer (mask it in place, say). */
  public boolean mayModify() {
    return mayModify;
  }
}
