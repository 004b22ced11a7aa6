package io.sockjet.protocol.deflate;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.function.ToIntFunction;

/**
 * The native memory of one zlib stream: its {@code z_stream}. zlib reads and writes only through
 * the raw pointers {@code next_in} and {@code next_out} stored in the struct, so Java heap memory
 * can never be handed to it, not even by a {@code critical} downcall (which pins only arguments).
 * Direct buffers are handed over in place; heap bytes are copied through the {@link ThreadScratch}
 * of the calling thread, which every stream used on that thread shares and which this holds only
 * during one call (from its first give to {@link #endCall()}). Between calls the two pointers may
 * be left pointing into scratch that another stream, or nobody, now uses: harmless, since every
 * call sets both before zlib reads them, and reset and end read neither. zlib's own state
 * (window, hash tables) is malloc'ed by zlib in the init call and freed by its end call.
 *
 * <p>Output that zlib wrote to scratch but that did not fit the caller's buffer is moved to a small
 * heap array of this stream's own ({@link #SMALL_OUT_ROOM} bytes, allocated the first time), so
 * nothing of a stream is left in the shared scratch when a call returns. That happens only for a
 * deflater given less than its minimum room; any other call fits its output to the caller's room.
 *
 * <p>Confined to the thread using its deflater or inflater, with one exception: the release
 * (zlib's end call) runs on the {@link Cleaner}'s thread when the owner is dropped without {@link
 * #end()}. {@link Cleaner.Cleanable#clean()} runs it at most once, which makes {@link #end()}
 * idempotent.
 *
 * <p>The memory here comes from an automatic arena: the garbage collector frees it once
 * unreachable, and counts it against {@code -XX:MaxDirectMemorySize} like a direct buffer. zlib's
 * own state, the bulk (40 to 260 KiB), is freed by {@link #end()} at once. A shared arena would
 * free these few bytes at once too, but closing one costs a handshake with every thread (measured
 * 26-30 us on JDK 25, against 0.2 us for this), once per connection; a confined one cannot be
 * closed from the cleaner's thread.
 */
final class NativeStream {
  // The z_stream of zlib 1.x on LP64 (checked against zlib.h 1.2.13 with offsetof):
  //   0 next_in (Bytef*)   8 avail_in (uInt)    16 total_in (uLong)
  //  24 next_out (Bytef*) 32 avail_out (uInt)   40 total_out (uLong)
  //  48 msg (char*)       56 state              64 zalloc  72 zfree  80 opaque
  //  88 data_type (int)   96 adler (uLong)     104 reserved (uLong)        size 112
  // zalloc, zfree and opaque stay NULL (the arena zeroes the struct): zlib then uses malloc/free.
  // The init functions receive the size and refuse (Z_VERSION_ERROR) a struct that does not match.
  static final long Z_STREAM_SIZE = 112;
  private static final long NEXT_IN = 0;
  private static final long AVAIL_IN = 8;
  private static final long NEXT_OUT = 24;
  private static final long AVAIL_OUT = 32;
  private static final long MSG = 48;

  /**
   * Bytes per scratch direction. Each downcall costs tens of nanoseconds, while zlib needs several
   * microseconds per KiB at the default level, so 16 KiB chunks keep the call overhead under 1%;
   * the 32 KiB are paid once per thread ({@link ThreadScratch}), not per stream.
   */
  static final int SCRATCH_BYTES = 16 * 1024;

  /**
   * The room zlib gets in scratch when the caller's buffer has less than the minimum: zlib may
   * write this much, and what does not fit the caller's buffer becomes pending in a heap array of
   * this size. Small, because each stream that ever takes this path keeps the array; more than
   * the 6 bytes a deflate flush needs to complete.
   */
  static final int SMALL_OUT_ROOM = 64;

  private static final Cleaner CLEANER = Cleaner.create();

  private final MemorySegment strm;
  private final Cleaner.Cleanable cleanable;
  private ThreadScratch scratch; // the calling thread's, from the first use in a call to endCall
  private byte[] pending; // allocated the first time output does not fit, then reused
  private int pendingStart; // pending[pendingStart, pendingEnd): produced, not yet delivered
  private int pendingEnd;
  private boolean outputInScratch; // where the last giveOutput pointed zlib
  private boolean ended;

  /**
   * Allocates a {@code z_stream}, initialises it and registers {@code owner} with the cleaner.
   *
   * @param owner the deflater or inflater whose unreachability releases this stream; the release
   *     action holds no reference to it
   * @param init zlib's init call on the struct, returning its code
   * @param deflate whether {@code deflateEnd} (else {@code inflateEnd}) frees zlib's state
   * @throws IllegalArgumentException when zlib refuses the settings ({@code Z_STREAM_ERROR})
   * @throws OutOfMemoryError when zlib cannot allocate its state
   */
  NativeStream(Object owner, ToIntFunction<MemorySegment> init, boolean deflate) {
    strm = Arena.ofAuto().allocate(Z_STREAM_SIZE, 8);
    int rc = init.applyAsInt(strm);
    if (rc != ZlibDowncalls.Z_OK) {
      // A failed init has freed whatever it allocated; the struct goes with the garbage.
      switch (rc) {
        case ZlibDowncalls.Z_MEM_ERROR -> throw new OutOfMemoryError("zlib: no memory for state");
        case ZlibDowncalls.Z_STREAM_ERROR ->
            throw new IllegalArgumentException("zlib refused the stream settings");
        default -> throw new IllegalStateException("zlib init returned " + rc);
      }
    }
    cleanable = CLEANER.register(owner, new Release(strm, deflate));
  }

  /** The {@code z_stream} to pass to zlib. */
  MemorySegment strm() {
    return strm;
  }

  /** Throws if {@link #end()} was called: zlib's memory is gone and a call would crash the JVM. */
  void checkOpen() {
    if (ended) {
      throw new IllegalStateException("end() was called");
    }
  }

  /** The calling thread's scratch, acquired for the rest of the call on first use. */
  private ThreadScratch scratch() {
    if (scratch == null) {
      scratch = ThreadScratch.acquire();
    }
    return scratch;
  }

  /**
   * Lets go of the thread's scratch; the deflater or inflater calls this when each call returns,
   * normally or not. Nothing of this stream is left in it: see {@link #takeOutput}.
   */
  void endCall() {
    if (scratch != null) {
      ThreadScratch.release(scratch);
      scratch = null;
    }
  }

  /** Whether this stream holds native scratch now, which it must not between calls; for tests. */
  boolean holdsScratch() {
    return scratch != null;
  }

  /** The bytes of heap this stream keeps for pending output; for tests. */
  int pendingCapacity() {
    return pending == null ? 0 : pending.length;
  }

  /**
   * Points {@code next_in}/{@code avail_in} at the remaining bytes of {@code in}: in place when
   * direct, else at a copy of at most {@link #SCRATCH_BYTES} of them. {@code in} is not moved.
   *
   * @return how many bytes zlib was given
   */
  int giveInput(ByteBuffer in) {
    int n = in.remaining();
    if (n == 0) {
      strm.set(ADDRESS, NEXT_IN, MemorySegment.NULL);
    } else if (in.isDirect()) {
      strm.set(ADDRESS, NEXT_IN, MemorySegment.ofBuffer(in));
    } else {
      n = Math.min(n, SCRATCH_BYTES);
      MemorySegment scratchIn = scratch().in;
      if (in.hasArray()) {
        MemorySegment.copy(
            in.array(), in.arrayOffset() + in.position(), scratchIn, JAVA_BYTE, 0, n);
      } else { // a read-only heap buffer
        MemorySegment.copy(MemorySegment.ofBuffer(in), 0, scratchIn, 0, n);
      }
      strm.set(ADDRESS, NEXT_IN, scratchIn);
    }
    strm.set(JAVA_INT, AVAIL_IN, n);
    return n;
  }

  /**
   * Points {@code next_out}/{@code avail_out} at the free space of {@code out}: in place when
   * direct with at least {@code minRoom} bytes, else at scratch. Scratch gets the room of {@code
   * out} (at most {@link #SCRATCH_BYTES}) when that is at least {@code minRoom}, so that all
   * output fits {@code out}; else {@link #SMALL_OUT_ROOM} bytes, and what does not fit in {@code
   * out} then stays pending here. Requires {@code out} to have room and nothing to be pending.
   *
   * @return how many bytes zlib may write
   */
  int giveOutput(ByteBuffer out, int minRoom) {
    int n = out.remaining();
    outputInScratch = !out.isDirect() || n < minRoom;
    if (!outputInScratch) {
      strm.set(ADDRESS, NEXT_OUT, MemorySegment.ofBuffer(out));
    } else {
      n = n >= minRoom ? Math.min(n, SCRATCH_BYTES) : SMALL_OUT_ROOM;
      strm.set(ADDRESS, NEXT_OUT, scratch().out);
    }
    strm.set(JAVA_INT, AVAIL_OUT, n);
    return n;
  }

  /**
   * After a zlib call: moves {@code in} past what zlib consumed of the {@code given} bytes.
   *
   * @return the bytes consumed
   */
  int takeInput(ByteBuffer in, int given) {
    int consumed = given - strm.get(JAVA_INT, AVAIL_IN);
    in.position(in.position() + consumed);
    return consumed;
  }

  /**
   * After a zlib call: moves {@code out} past what zlib produced of the {@code given} room,
   * copying from scratch when zlib wrote there; bytes that do not fit are moved to this stream's
   * pending array, so the thread's scratch is free for other streams once this returns.
   *
   * @return the bytes zlib produced, delivered or pending
   */
  int takeOutput(ByteBuffer out, int given) {
    int produced = given - strm.get(JAVA_INT, AVAIL_OUT);
    if (outputInScratch) {
      MemorySegment scratchOut = scratch.out;
      int n = Math.min(produced, out.remaining());
      if (out.hasArray()) {
        MemorySegment.copy(
            scratchOut, JAVA_BYTE, 0, out.array(), out.arrayOffset() + out.position(), n);
      } else {
        MemorySegment.copy(scratchOut, 0, MemorySegment.ofBuffer(out), 0, n);
      }
      out.position(out.position() + n);
      if (n < produced) { // only with a room below the minimum: at most SMALL_OUT_ROOM bytes
        if (pending == null) {
          pending = new byte[SMALL_OUT_ROOM];
        }
        MemorySegment.copy(scratchOut, JAVA_BYTE, n, pending, 0, produced - n);
        pendingStart = 0;
        pendingEnd = produced - n;
      }
    } else {
      out.position(out.position() + produced);
    }
    return produced;
  }

  /** Whether output zlib produced has not yet been delivered. */
  boolean hasPending() {
    return pendingStart < pendingEnd;
  }

  /** Copies as much pending output as fits into {@code out}. */
  void deliverPending(ByteBuffer out) {
    int n = Math.min(pendingEnd - pendingStart, out.remaining());
    if (n == 0) {
      return;
    }
    out.put(pending, pendingStart, n);
    pendingStart += n;
  }

  /** Forgets pending output, which belonged to a stream being reset. */
  void discardPending() {
    pendingStart = 0;
    pendingEnd = 0;
  }

  /** zlib's message for the last error ({@code msg}), or a generic one when it set none. */
  @SuppressWarnings("restricted") // a C string of unknown length: reading stops at its NUL
  String message() {
    MemorySegment msg = strm.get(ADDRESS, MSG);
    return msg.equals(MemorySegment.NULL)
        ? "invalid deflate data"
        : msg.reinterpret(Integer.MAX_VALUE).getString(0);
  }

  /** Frees zlib's state now; idempotent. */
  void end() {
    ended = true;
    pending = null;
    cleanable.clean();
  }

  /**
   * The release, run once by {@link #end()} or by the cleaner. Holds the struct, which keeps it
   * allocated until zlib is done with it, and never the owner, or the owner could never become
   * unreachable.
   */
  private record Release(MemorySegment strm, boolean deflate) implements Runnable {
    @Override
    public void run() {
      // The result is ignored on purpose: deflateEnd reports Z_DATA_ERROR when it frees a stream
      // in mid-message, which is a normal way to drop a connection, and neither call can fail
      // otherwise on a stream whose init succeeded.
      if (deflate) {
        ZlibDowncalls.deflateEnd(strm);
      } else {
        ZlibDowncalls.inflateEnd(strm);
      }
    }
  }
}
