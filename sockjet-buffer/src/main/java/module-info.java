/**
 * What Sockjet's layers say about a buffer they hand down: {@link io.sockjet.buffer.Ownership}.
 * The protocol and the transport depend on neither each other nor anything else; both speak of
 * buffer ownership in this one type, so it travels from the API call to the socket unchanged.
 */
module io.sockjet.buffer {
  exports io.sockjet.buffer;
}
