package io.sockjet.internal;

import java.util.Arrays;
import java.util.List;

/**
 * Thread-safe (one lock): the connections of a server or client that have opened and not yet
 * closed, for broadcast, metrics and shutdown.
 *
 * <p>An array, each member keeping its own index ({@link Member}, guarded by this object's lock),
 * so that membership costs a connection an int and a slot of the array (about 10 bytes) rather
 * than a ConcurrentHashMap node and its share of the table (about 40). Removal moves the last
 * member into the hole. Readers iterate a {@link #snapshot()}, one array copy under the lock: a
 * broadcast to a million connections holds the lock for a 4 MB copy, not for its sends, and
 * connections open and close meanwhile.
 *
 * @param <T> the members' type
 */
public final class LiveConnections<T extends LiveConnections.Member> {
  private static final int INITIAL_CAPACITY = 16;

  /** What a member keeps for its list: its index there, -1 when not a member. */
  interface Member {
    int liveIndex();

    void liveIndex(int index);
  }

  private Object[] members = new Object[INITIAL_CAPACITY];
  private int size;

  /** Adds {@code m} unless it is a member already. */
  public synchronized void add(T m) {
    if (m.liveIndex() >= 0) {
      return;
    }
    if (size == members.length) {
      // Grow by half: at a million connections doubling would leave up to 4 MB of empty slots.
      members = Arrays.copyOf(members, size + (size >> 1));
    }
    members[size] = m;
    m.liveIndex(size);
    size++;
  }

  /** Removes {@code m} if it is a member. */
  public synchronized void remove(T m) {
    int i = m.liveIndex();
    if (i < 0) {
      return;
    }
    Member last = (Member) members[--size];
    members[i] = last;
    last.liveIndex(i);
    members[size] = null;
    m.liveIndex(-1);
    if (size < members.length / 4 && members.length > INITIAL_CAPACITY) {
      // The crowd has gone: give back the room a peak left behind.
      members = Arrays.copyOf(members, Math.max(INITIAL_CAPACITY, members.length / 2));
    }
  }

  /** The number of members now. */
  synchronized int size() {
    return size;
  }

  /** The members now, in no particular order: a copy, not a view. */
  @SuppressWarnings("unchecked") // only Ts are ever added
  public synchronized List<T> snapshot() {
    return (List<T>) (List<?>) Arrays.asList(Arrays.copyOf(members, size));
  }

  /** Slots in the array now (tests: it shrinks when most members have gone). */
  synchronized int capacity() {
    return members.length;
  }
}
