package io.sockjet.transport;

import java.util.Arrays;

/**
 * Not thread-safe; confined to its event loop: an indexed binary min-heap of timers.
 *
 * <p>Each entry records its own index, so removal of a cancelled timer is O(log n) with no
 * search and leaves no garbage behind: the heap holds exactly the pending timers. This matters
 * for idle timeouts, where every connection cancels and reschedules its timer on each read.
 */
final class TimerHeap {
  /** Starting capacity; the array doubles as needed and never shrinks below this. */
  private static final int INITIAL_CAPACITY = 64;

  private ScheduledTimer[] heap = new ScheduledTimer[INITIAL_CAPACITY];
  private int size;

  int size() {
    return size;
  }

  /** Capacity of the backing array, exposed so tests can assert the heap does not leak. */
  int capacity() {
    return heap.length;
  }

  ScheduledTimer peek() {
    return size == 0 ? null : heap[0];
  }

  void add(ScheduledTimer timer) {
    if (timer.heapIndex >= 0) {
      throw new IllegalStateException("timer already in heap");
    }
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    heap[size] = timer;
    timer.heapIndex = size;
    size++;
    siftUp(timer.heapIndex);
  }

  /** Removes and returns the earliest timer, or null when empty. */
  ScheduledTimer poll() {
    if (size == 0) {
      return null;
    }
    ScheduledTimer first = heap[0];
    remove(first);
    return first;
  }

  /** Removes the timer if present; a no-op otherwise. */
  void remove(ScheduledTimer timer) {
    int i = timer.heapIndex;
    if (i < 0 || i >= size || heap[i] != timer) {
      return;
    }
    size--;
    ScheduledTimer last = heap[size];
    heap[size] = null;
    timer.heapIndex = -1;
    if (i != size) {
      heap[i] = last;
      last.heapIndex = i;
      siftDown(i);
      siftUp(last.heapIndex);
    }
    // Shrink after a burst (e.g. 100k connections closing) so memory follows the live count.
    if (heap.length > INITIAL_CAPACITY && size < heap.length / 4) {
      heap = Arrays.copyOf(heap, Math.max(INITIAL_CAPACITY, heap.length / 2));
    }
  }

  private void siftUp(int i) {
    ScheduledTimer t = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      ScheduledTimer p = heap[parent];
      if (!t.isBefore(p)) {
        break;
      }
      heap[i] = p;
      p.heapIndex = i;
      i = parent;
    }
    heap[i] = t;
    t.heapIndex = i;
  }

  private void siftDown(int i) {
    ScheduledTimer t = heap[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && heap[right].isBefore(heap[child])) {
        child = right;
      }
      if (!heap[child].isBefore(t)) {
        break;
      }
      heap[i] = heap[child];
      heap[i].heapIndex = i;
      i = child;
    }
    heap[i] = t;
    t.heapIndex = i;
  }
}
