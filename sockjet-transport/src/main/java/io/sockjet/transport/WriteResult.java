package io.sockjet.transport;

/** Immutable: what {@link Channel#write} did with the bytes it was given. */
public enum WriteResult {
  /** Every byte was handed to the socket (encrypted first under TLS); nothing is queued. */
  WRITTEN,
  /**
   * Some or all bytes are queued and will be written in order, or the call was made off the loop
   * and will run there. {@link Channel#whenFlushed()} tells when they are gone.
   */
  QUEUED,
  /** The channel is closed, closing or shut down for output; nothing was written or queued. */
  CLOSED
}
