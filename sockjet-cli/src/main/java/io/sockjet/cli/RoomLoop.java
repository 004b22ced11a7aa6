package io.sockjet.cli;

import io.sockjet.WebSocketServer;
import io.sockjet.transport.EventLoop;
import io.sockjet.transport.Watch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs the chat room's work on one fixed event loop of its server, in the order it is handed
 * over: the room's state needs no lock, and every message the room sends is sent from that one
 * thread.
 *
 * <p>Why one thread: a connection sends at once what its own loop sends, and queues to its loop
 * what other threads send, keeping order only per thread ({@link io.sockjet.WebSocket}). Were a
 * presence event sent from a timer's loop and a message from the sender's loop, a member on the
 * sender's loop could get the message before the queued presence event that announces its
 * sender, even though the room sent them in that order. Sent from one thread, they arrive in the
 * order sent.
 *
 * <p>The loop is one the server runs a {@link Watch} on: a pipe, watched for nothing, that lends
 * the room a loop of the server's own (no thread of its own) until {@link #stop()}. Work handed
 * over before {@link #start} (a connection can open between the server binding and the room being
 * told of it) waits, in order, and runs once started. Thread-safe.
 */
final class RoomLoop implements Executor {
  private final Object lock = new Object();
  private List<Runnable> early = new ArrayList<>(); // guarded by lock; null once started
  private volatile EventLoop loop;
  private Pipe pipe; // guarded by lock
  private Watch watch; // guarded by lock

  /** Takes one of {@code server}'s loops and runs what was handed over so far on it. */
  void start(WebSocketServer server) {
    synchronized (lock) {
      try {
        pipe = Pipe.open();
        pipe.source().configureBlocking(false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the chat room's pipe", e);
      }
      watch = server.watch(pipe.source(), 0, (w, readyOps) -> {});
      EventLoop l = watch.loop();
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
    EventLoop l = loop;
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

  private static void submit(EventLoop l, Runnable task) {
    try {
      l.execute(task);
    } catch (RejectedExecutionException e) {
      // The server has stopped: its connections are closed, there is nobody left to tell.
    }
  }

  /** Gives the loop back (the server has stopped). */
  void stop() {
    synchronized (lock) {
      if (watch != null) {
        try {
          watch.cancel();
        } catch (RejectedExecutionException e) {
          // the loop has ended, and the watch with it
        }
      }
      if (pipe != null) {
        closeQuietly(pipe.source());
        closeQuietly(pipe.sink());
      }
    }
  }

  private static void closeQuietly(java.nio.channels.Channel c) {
    try {
      c.close();
    } catch (IOException e) {
      // nothing to do: it is going away
    }
  }
}
