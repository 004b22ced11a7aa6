package io.sockjet.protocol.deflate;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The native scratch that heap bytes are copied through on their way to and from zlib (which
 * reads and writes only through raw pointers, see {@link NativeStream}), shared by every stream
 * used on one thread, so that a server with thousands of connections per event loop pays for it
 * once per thread rather than once per compressor and decompressor.
 *
 * <p>Ownership: a platform thread owns one instance for its lifetime, from a {@link ThreadLocal}.
 * Sharing it between the streams of that thread is safe because every deflate and inflate call is
 * synchronous and never reentrant on one thread: zlib calls back into nothing (its allocator is
 * malloc), the only code that runs for a stream elsewhere is its release on the cleaner's thread,
 * which touches no scratch, and no call leaves anything in the scratch when it returns (unconsumed
 * input stays in the caller's buffer; undelivered output is moved to the stream's own heap array).
 * So the scratch holds meaning only between {@link #acquire()} and {@link #release} within one
 * call. zlib keeps no pointer into {@code next_in} or {@code next_out} across calls either: deflate
 * copies input into its own window and queues output in its own pending buffer, and inflate
 * copies its output into its window before returning.
 *
 * <p>Virtual threads get no thread-local instance: one per virtual thread would cost 32 KiB for
 * every connection served by a thread of its own, the very cost this class removes, plus an
 * allocation per short-lived thread. They take an instance from a shared pool for the duration of
 * one call and return it. A call never blocks, so a virtual thread stays on its carrier
 * throughout, and the pool grows only to the number of calls running at once, at most the number
 * of carriers (plus platform threads never use it). The pool costs two atomic operations per call,
 * which is why platform threads, the event loops, use the thread-local.
 *
 * <p>The memory comes from an automatic arena: freed by the garbage collector once the owning
 * thread is gone (its thread-local map with it); pooled instances are never freed.
 */
final class ThreadScratch {
  /** Bytes per direction; see {@link NativeStream#SCRATCH_BYTES}. */
  static final int BYTES = NativeStream.SCRATCH_BYTES;

  private static final ThreadLocal<ThreadScratch> PLATFORM =
      ThreadLocal.withInitial(ThreadScratch::new);
  private static final ConcurrentLinkedQueue<ThreadScratch> VIRTUAL = new ConcurrentLinkedQueue<>();
  private static final AtomicLong ALLOCATED = new AtomicLong();

  /** Where heap input is copied for zlib to read. */
  final MemorySegment in;

  /** Where zlib writes output meant for a heap buffer, or for a buffer too small for it. */
  final MemorySegment out;

  private ThreadScratch() {
    MemorySegment both = Arena.ofAuto().allocate(2L * BYTES);
    in = both.asSlice(0, BYTES);
    out = both.asSlice(BYTES, BYTES);
    ALLOCATED.incrementAndGet();
  }

  /** The scratch of the current thread, to use until {@link #release} within the same call. */
  static ThreadScratch acquire() {
    if (!Thread.currentThread().isVirtual()) {
      return PLATFORM.get();
    }
    ThreadScratch pooled = VIRTUAL.poll();
    return pooled != null ? pooled : new ThreadScratch();
  }

  /** Ends the use of {@code scratch}, which the current thread got from {@link #acquire()}. */
  static void release(ThreadScratch scratch) {
    if (Thread.currentThread().isVirtual()) {
      VIRTUAL.offer(scratch);
    }
  }

  /** How many instances were ever allocated, in this JVM; for tests. */
  static long allocated() {
    return ALLOCATED.get();
  }
}
