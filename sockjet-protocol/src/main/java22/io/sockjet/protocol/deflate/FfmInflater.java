package io.sockjet.protocol.deflate;

import static io.sockjet.protocol.deflate.ZlibDowncalls.Z_BUF_ERROR;
import static io.sockjet.protocol.deflate.ZlibDowncalls.Z_DATA_ERROR;
import static io.sockjet.protocol.deflate.ZlibDowncalls.Z_MEM_ERROR;
import static io.sockjet.protocol.deflate.ZlibDowncalls.Z_NEED_DICT;
import static io.sockjet.protocol.deflate.ZlibDowncalls.Z_NO_FLUSH;
import static io.sockjet.protocol.deflate.ZlibDowncalls.Z_OK;
import static io.sockjet.protocol.deflate.ZlibDowncalls.Z_STREAM_END;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.zip.DataFormatException;

/**
 * A {@link RawInflater} on the system zlib. Not thread-safe: confined to one thread at a time;
 * only its release may run elsewhere (see {@link NativeStream}). Streams on one thread share
 * its native scratch ({@link ThreadScratch}): safe because every call is synchronous and holds it
 * only until it returns.
 */
final class FfmInflater implements RawInflater {
  private final NativeStream stream;
  private boolean finished;

  /** Window bits already checked by {@link DeflateArguments#checkWindow}. */
  FfmInflater(int windowBits) {
    // Never below 9: peers that agreed on 8 bits may compress with a 9-bit window (zlib refuses
    // 8 for raw deflate), and a bigger window reads any smaller stream; it costs 256 bytes.
    int bits = Math.max(windowBits, 9);
    stream = new NativeStream(this, strm -> ZlibDowncalls.inflateInit2(strm, -bits), false);
  }

  @Override
  public int inflate(ByteBuffer in, ByteBuffer out) throws DataFormatException {
    stream.checkOpen();
    if (out.isReadOnly()) {
      throw new ReadOnlyBufferException();
    }
    try {
      int total = 0;
      while (!finished && out.hasRemaining()) {
        int inGiven = stream.giveInput(in);
        int outGiven = stream.giveOutput(out, 1); // inflate has no minimum: nothing pends
        int rc = ZlibDowncalls.inflate(stream.strm(), Z_NO_FLUSH);
        stream.takeInput(in, inGiven);
        int produced = stream.takeOutput(out, outGiven);
        total += produced;
        switch (rc) {
          case Z_OK -> {
            // zlib returns with output room left only when its input ran out, and then owes
            // no output; with more of a heap input to give, go round.
            if (produced < outGiven && !in.hasRemaining()) {
              return total;
            }
          }
          case Z_STREAM_END -> finished = true; // BFINAL: the rest of in stays unread
          case Z_BUF_ERROR -> {
            return total; // no progress possible: out had room, so zlib needs more input
          }
          case Z_DATA_ERROR -> throw new DataFormatException(stream.message());
          case Z_NEED_DICT -> // cannot happen on a raw stream, which has no dictionary id
              throw new DataFormatException("a preset dictionary is required");
          case Z_MEM_ERROR -> throw new OutOfMemoryError("zlib: no memory for the window");
          default -> throw new IllegalStateException("zlib inflate returned " + rc);
        }
      }
      return total;
    } finally {
      stream.endCall(); // the thread's scratch is free for its other streams
      // Keeps this (and so the stream) from the cleaner until the native calls are over.
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public boolean finished() {
    return finished;
  }

  @Override
  public void reset() {
    stream.checkOpen();
    try {
      int rc = ZlibDowncalls.inflateReset(stream.strm());
      if (rc != Z_OK) {
        throw new IllegalStateException("zlib inflateReset returned " + rc);
      }
      finished = false;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void end() {
    stream.end();
  }

  /** The native stream, for tests (reached by reflection: tests compile for Java 17). */
  NativeStream stream() {
    return stream;
  }
}
