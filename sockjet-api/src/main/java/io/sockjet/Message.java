package io.sockjet;

import java.nio.ByteBuffer;

/** A whole received message, as {@link WebSocket#nextMessage()} gives it. */
public sealed interface Message {

  /** A text message. */
  record Text(String text) implements Message {}

  /** A binary message; the buffer belongs to the receiver. */
  record Binary(ByteBuffer data) implements Message {}
}
