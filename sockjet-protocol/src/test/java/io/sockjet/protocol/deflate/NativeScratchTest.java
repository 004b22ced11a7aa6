package io.sockjet.protocol.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.DataFormatException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The native binding's scratch is per thread ({@code ThreadScratch}), not per stream: streams on
 * one thread share it, hold none of it between calls, and keep undelivered output in their own
 * heap. The Java 22 classes are reached by reflection, since tests compile for Java 17.
 */
class NativeScratchTest {
  private static final int MAX = Integer.MAX_VALUE;

  private Zlib zlib;

  @BeforeEach
  void nativeBinding() {
    zlib = Implementations.nativeZlib();
    assumeTrue(zlib != null, "the FFM binding needs Java 22");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 7})
  void twoStreamsOnOneThreadInterleaveWithTinyRooms(int room) throws Exception {
    // More than 16 KiB: heap input goes through the scratch in pieces.
    byte[] a = Samples.text(20_000);
    byte[] b = Samples.twice(Samples.random(3_000, 12));
    for (Memory memory : new Memory[] {Memory.HEAP, Memory.READ_ONLY_HEAP, Memory.DIRECT}) {
      // Alone, one call each in turn: both deflaters leave output pending in their arrays while
      // the other one writes through the same scratch.
      Stepper[] deflaters = {
        new DeflateSteps(zlib.newDeflater(-1, 15, 8), a, room, memory),
        new DeflateSteps(zlib.newDeflater(-1, 15, 8), b, room, memory)
      };
      boolean bothPending = interleave(deflaters);
      // Below the minimum room zlib writes to scratch and the rest waits in the stream's array.
      if (room < JdkZlib.MIN_DEFLATE_ROOM) {
        assertThat(bothPending).as("both had output pending at once").isTrue();
      }
      byte[] compressedA = deflaters[0].result();
      byte[] compressedB = deflaters[1].result();
      // The same bytes as one stream on its own makes.
      RawDeflater alone = zlib.newDeflater(-1, 15, 8);
      assertThat(Driver.deflate(alone, a, MAX, room, memory)).isEqualTo(compressedA);
      alone.end();

      Stepper[] inflaters = {
        new InflateSteps(zlib.newInflater(15), compressedA, room, memory),
        new InflateSteps(zlib.newInflater(15), compressedB, room, memory)
      };
      interleave(inflaters);
      assertThat(inflaters[0].result()).as("%s room %d", memory, room).isEqualTo(a);
      assertThat(inflaters[1].result()).as("%s room %d", memory, room).isEqualTo(b);
    }
  }

  @Test
  void streamsHoldNoNativeScratchBetweenCallsAndAThreadAllocatesItOnce() throws Exception {
    byte[] data = Samples.text(30_000); // more than the 16 KiB of scratch per direction
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[] allocated = new long[2];
    List<Object> streams = new ArrayList<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                allocated[0] = scratchAllocations();
                for (int i = 0; i < 50; i++) {
                  RawDeflater deflater = zlib.newDeflater(-1, 10, 2);
                  RawInflater inflater = zlib.newInflater(10);
                  streams.add(deflater);
                  streams.add(inflater);
                  int room = i % 2 == 0 ? 3 : 4096; // spills to the stream's heap, or not
                  byte[] compressed = Driver.deflate(deflater, data, 10_000, room, Memory.HEAP);
                  assertNoScratch(deflater);
                  assertThat(Driver.inflate(inflater, compressed, 1000, room, Memory.HEAP))
                      .isEqualTo(data);
                  assertNoScratch(inflater);
                }
                allocated[1] = scratchAllocations();
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    thread.start();
    thread.join();
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
    assertThat(allocated[1] - allocated[0]).as("scratch allocations on one thread").isEqualTo(1);
    // What a stream keeps: the pending array of a deflater that spilled, nothing otherwise.
    assertThat(pendingCapacity(streams.get(0))).isEqualTo(64); // room 3
    assertThat(pendingCapacity(streams.get(1))).isZero(); // an inflater never spills
    assertThat(pendingCapacity(streams.get(2))).isZero(); // room 4096
    for (Object stream : streams) {
      if (stream instanceof RawDeflater deflater) {
        deflater.end();
      } else {
        ((RawInflater) stream).end();
      }
    }
  }

  @Test
  void virtualThreadsShareAPoolInsteadOfAScratchEach() throws Exception {
    assumeTrue(Runtime.version().feature() >= 21);
    byte[] data = Samples.text(20_000);
    long before = scratchAllocations();
    for (int i = 0; i < 20; i++) {
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread thread =
          startVirtual(
              () -> {
                try {
                  RawDeflater deflater = zlib.newDeflater(-1, 10, 2);
                  byte[] compressed = Driver.deflate(deflater, data, MAX, 5, Memory.HEAP);
                  assertNoScratch(deflater);
                  deflater.end();
                  RawInflater inflater = zlib.newInflater(10);
                  assertThat(Driver.inflate(inflater, compressed, MAX, 100, Memory.HEAP))
                      .isEqualTo(data);
                  inflater.end();
                } catch (Throwable t) {
                  failure.set(t);
                }
              });
      thread.join();
      if (failure.get() != null) {
        throw new AssertionError(failure.get());
      }
    }
    // One after the other, so one pooled scratch serves them all (none if the pool had one).
    assertThat(scratchAllocations() - before).isLessThanOrEqualTo(1);
  }

  /** Runs every stepper one call at a time, in turn, until all are done. */
  private static boolean interleave(Stepper[] steppers) throws Exception {
    boolean allPending = false;
    boolean running = true;
    while (running) {
      running = false;
      for (Stepper stepper : steppers) {
        if (!stepper.done()) {
          stepper.step();
          running = true;
        }
      }
      boolean pending = true;
      for (Stepper stepper : steppers) {
        pending &= stepper.pending();
      }
      allPending |= pending;
    }
    return allPending;
  }

  private interface Stepper {
    void step() throws DataFormatException;

    boolean done();

    boolean pending();

    byte[] result();
  }

  /** One message through a deflater, one call per step, draining the output after each. */
  private static final class DeflateSteps implements Stepper {
    private final RawDeflater deflater;
    private final ByteBuffer in;
    private final ByteBuffer out;
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private boolean done;

    DeflateSteps(RawDeflater deflater, byte[] data, int room, Memory memory) {
      this.deflater = deflater;
      this.in = memory.input(data, 0, data.length);
      this.out = memory.output(room);
    }

    @Override
    public void step() {
      done = deflater.deflate(in, out, true);
      drain(out, sink);
      assertNoScratch(deflater);
    }

    @Override
    public boolean done() {
      return done;
    }

    @Override
    public boolean pending() {
      return invoke(stream(deflater), "hasPending").equals(true);
    }

    @Override
    public byte[] result() {
      deflater.end();
      return sink.toByteArray();
    }
  }

  /** One message through an inflater, one call per step, draining the output after each. */
  private static final class InflateSteps implements Stepper {
    private final RawInflater inflater;
    private final ByteBuffer in;
    private final ByteBuffer out;
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private boolean done;

    InflateSteps(RawInflater inflater, byte[] data, int room, Memory memory) {
      this.inflater = inflater;
      this.in = memory.input(data, 0, data.length);
      this.out = memory.output(room);
    }

    @Override
    public void step() throws DataFormatException {
      inflater.inflate(in, out);
      boolean full = !out.hasRemaining();
      drain(out, sink);
      done = inflater.finished() || (!full && !in.hasRemaining());
      assertNoScratch(inflater);
    }

    @Override
    public boolean done() {
      return done;
    }

    @Override
    public boolean pending() {
      return false;
    }

    @Override
    public byte[] result() {
      inflater.end();
      return sink.toByteArray();
    }
  }

  private static void drain(ByteBuffer out, ByteArrayOutputStream sink) {
    out.flip();
    byte[] bytes = new byte[out.remaining()];
    out.get(bytes);
    sink.write(bytes, 0, bytes.length);
    out.clear();
  }

  private static void assertNoScratch(Object deflaterOrInflater) {
    assertThat(invoke(stream(deflaterOrInflater), "holdsScratch"))
        .as("native scratch held after a call")
        .isEqualTo(false);
  }

  private static int pendingCapacity(Object deflaterOrInflater) {
    return (Integer) invoke(stream(deflaterOrInflater), "pendingCapacity");
  }

  private static Object stream(Object deflaterOrInflater) {
    return invoke(deflaterOrInflater, "stream");
  }

  private static long scratchAllocations() throws Exception {
    Method allocated =
        Class.forName("io.sockjet.protocol.deflate.ThreadScratch").getDeclaredMethod("allocated");
    allocated.setAccessible(true);
    return (Long) allocated.invoke(null);
  }

  private static Object invoke(Object target, String name) {
    try {
      Method method = target.getClass().getDeclaredMethod(name);
      method.setAccessible(true);
      return method.invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code Thread.ofVirtual().start(task)}, which the Java 17 API of this source lacks. */
  private static Thread startVirtual(Runnable task) throws Exception {
    Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
    return (Thread)
        Class.forName("java.lang.Thread$Builder")
            .getMethod("start", Runnable.class)
            .invoke(builder, task);
  }
}
