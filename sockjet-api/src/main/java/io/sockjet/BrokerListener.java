package io.sockjet;

import java.nio.ByteBuffer;

/**
 * What a {@link Broker} reports to the node that started it. Calls come one at a time, each
 * finished before the next begins (a broker may change threads, across a reconnect say, but
 * never calls twice at once), so a listener needs no lock for what only they touch. Neither
 * method may block, or the broker's reader falls behind (Redis cuts a subscriber that does).
 */
public interface BrokerListener {

  /**
   * A message published on {@code channel}, which this node subscribes to. Messages of one
   * channel arrive in one order, the same on every node. {@code message} is lent for the call.
   */
  void onMessage(String channel, ByteBuffer message);

  /**
   * The broker's connection changed state. {@link BrokerState#UP} after {@link
   * BrokerState#DOWN} means the connection came back and every channel of interest is
   * subscribed again; what was published in between is lost.
   */
  void onStateChange(BrokerState state);
}
