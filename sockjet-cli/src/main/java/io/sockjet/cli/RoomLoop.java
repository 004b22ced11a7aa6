package io.sockjet.cli;

import io.sockjet.WebSocketServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs the chat room's work on one fixed event loop of its server ({@link
 * WebSocketServer#loopExecutor()}), in the order it is handed over: the room's state needs no
 * lock, and every message the room sends is sent from that one thread.
 *
 * <p>Why one thread: a connection sends at once what its own loop sends, and queues to its loop
 * what other threads send, keeping order only per thread ({@link io.sockjet.WebSocket}). Were a
 * presence event sent from a timer's loop and a message from the sender's loop, a member on the
 * sender's loop could get the message before the queued presence event that announces its
 * sender, even though the room sent them in that order. Sent from one thread, they arrive in the
 * order sent.
 *
 * <p>Work handed over before {@link #start} (a connection can open between the server binding and
 * the room being told of it) waits, in order, and runs once started. Thread-safe.
 */
final class RoomLoop implements Executor {
  private final Object lock = new Object();
  private List<Runnable> early = new ArrayList<>(); // guarded by lock; null once started
  private volatile Executor loop;

  /** Takes one of {@code server}'s loops and runs what was handed over so far on it. */
  void start(WebSocketServer server) {
    synchronized (lock) {
      Executor l = server.loopExecutor();
      for (Runnable task : early) {
        submit(l, task);
      }
      early = null;
      loop = l; // published after the early work is queued: later work queues behind it
    }
  }

  /** Runs {@code task} on the room's loop, after everything handed over before it. */
  @Override
  public void execute(Runnable task) {
    Executor l = loop;
    if (l == null) {
      synchronized (lock) {
        if (early != null) {
          early.add(task);
          return;
        }
        l = loop;
      }
    }
    submit(l, task);
  }

  private static void submit(Executor l, Runnable task) {
    try {
      l.execute(task);
    } catch (RejectedExecutionException e) {
      // the server has stopped: the room's work is moot
    }
  }
}
