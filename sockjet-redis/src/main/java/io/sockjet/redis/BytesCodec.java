package io.sockjet.redis;

import io.lettuce.core.codec.RedisCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Channel names as UTF-8 strings, messages as bytes. A message is copied once out of Lettuce's
 * read buffer, which it reuses after the call that decodes it; what is published goes out as the
 * caller's bytes.
 */
final class BytesCodec implements RedisCodec<String, ByteBuffer> {
  static final BytesCodec INSTANCE = new BytesCodec();

  private BytesCodec() {}

  @Override
  public String decodeKey(ByteBuffer bytes) {
    return StandardCharsets.UTF_8.decode(bytes).toString();
  }

  @Override
  public ByteBuffer decodeValue(ByteBuffer bytes) {
    ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
    copy.put(bytes);
    return copy.flip();
  }

  @Override
  public ByteBuffer encodeKey(String key) {
    return StandardCharsets.UTF_8.encode(key);
  }

  @Override
  public ByteBuffer encodeValue(ByteBuffer value) {
    return value.duplicate();
  }
}
