package io.sockjet;

/** A handle to something registered, such as a listener; {@link #remove()} takes it back. */
@FunctionalInterface
public interface Registration {
  /** Unregisters; safe to call more than once and from any thread. */
  void remove();
}
