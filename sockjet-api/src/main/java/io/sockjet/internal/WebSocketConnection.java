package io.sockjet.internal;

import io.sockjet.HandshakeRequest;
import io.sockjet.PublishResult;
import io.sockjet.ReadyState;
import io.sockjet.SlowSubscriberPolicy;
import io.sockjet.WebSocket;
import io.sockjet.WebSocketServer;
import io.sockjet.protocol.ConnectionState;
import io.sockjet.protocol.MemoryBudget;
import io.sockjet.protocol.Role;
import io.sockjet.protocol.deflate.PerMessageDeflate;
import io.sockjet.transport.Channel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link WebSocket} bound to a transport {@link Channel}: the public facade of a connection's
 * glue, and what the opening handshake settled (subprotocol, extensions, the kept request and
 * response fields, the hook's attachment). Its parts, each in a file of its own, are the classes
 * it extends: {@link ConnectionCore} says why they are one object.
 *
 * <p>Threading: as {@link ConnectionCore} says, with two more exceptions here: {@code liveIndex},
 * read and written only under the lock of the owner's {@link LiveConnections}, and the handshake's
 * results, set before the connection is published to any other thread.
 */
public final class WebSocketConnection extends CloseController implements LiveConnections.Member {

  /**
   * The server or client a connection belongs to: told when the connection closes, so it can
   * forget it, and the keeper of what all its connections share (so no connection holds a field
   * for each).
   */
  public interface Owner {
    void closed(WebSocketConnection connection);

    Counters counters();

    ConnectionSettings settings();

    /** What all the owner's connections may hold for their peers together; null for no cap. */
    default MemoryBudget budget() {
      return null;
    }

    /** The owner's topics; null on a client. */
    default TopicRegistry topics() {
      return null;
    }

    /** The server the connections belong to; null on a client. */
    default WebSocketServer server() {
      return null;
    }
  }

  // The index in the owner's LiveConnections, -1 when not a member; guarded by its lock.
  private int liveIndex = -1;

  WebSocketConnection(Opening opening) {
    super(opening);
    channel.setWriteWatermarks(settings().lowWaterMark(), settings().highWaterMark());
    if (owner.budget() != null) {
      channel.setQueueGauge(owner.budget());
    }
    if (opening.role() == Role.SERVER) {
      // A server stops reading a peer whose replies pile up (a flood that never reads); a client
      // always reads, so the two ends never both wait for the other to read.
      channel.holdReadsWhileFull(true);
    }
  }

  /**
   * Turns on permessage-deflate as the handshake agreed; before {@link #open} and before the
   * connection is visible to other threads. {@code release} runs once when the connection closes
   * (it gives back the compression budget).
   */
  void enableCompression(PerMessageDeflate deflate, String extensions, Runnable release) {
    this.agreed = new Agreed(subprotocol(), extensions, release, responseFields(), attachment());
    protocol.setPerMessageDeflate(deflate);
  }

  /** Starts the connection on its loop: timers, then onOpen, then any bytes read with the head. */
  void open(ByteBuffer trailing) {
    if (listeners.length == 0 && isClient()) {
      // A client with no listener reads with nextMessage(): its messages are kept from the start,
      // so a reply that beats the first call is not lost. (A server's connections reach the
      // application through a listener's onOpen, which may call nextMessage() before any message
      // is read; an idle server pays nothing for an inbox it does not use.)
      inbox();
    }
    startTimers();
    dispatch(l -> l.onOpen(this));
    if (trailing != null && trailing.hasRemaining()) {
      receive(trailing, 0); // not the channel's buffer: nothing may be left in it
    }
  }

  /**
   * Derived, not stored: closed once the close has been reported (the close event exists), open
   * while the protocol connection is, closing in between. Any thread.
   */
  @Override
  public ReadyState state() {
    if (closeEvent() != null) {
      return ReadyState.CLOSED;
    }
    return protocol.state() == ConnectionState.OPEN ? ReadyState.OPEN : ReadyState.CLOSING;
  }

  @Override
  public String subprotocol() {
    return agreed == null ? null : agreed.subprotocol();
  }

  @Override
  public String extensions() {
    return agreed == null || agreed.extensions() == null ? "" : agreed.extensions();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return channel.remoteAddress();
  }

  @Override
  public InetSocketAddress localAddress() {
    return channel.localAddress();
  }

  @Override
  public HandshakeRequest request() {
    // A new view each time, so a parse is kept only while the caller keeps the view. As
    // HandshakeRequest documents: remoteAddress is the client's, localAddress the server's.
    return isClient()
        ? ApiAccess.get().request(request, channel.localAddress(), channel.remoteAddress())
        : ApiAccess.get().request(request, channel.remoteAddress(), channel.localAddress());
  }

  @Override
  public Map<String, List<String>> responseHeaders() {
    Map<String, List<String>> map = new LinkedHashMap<>();
    if (!isClient()) {
      UpgradeHandler.putStandardResponseHeaders(map, request(), subprotocol(), extensions());
    }
    for (Map.Entry<String, String> field : responseFields()) {
      map.computeIfAbsent(field.getKey(), k -> new ArrayList<>()).add(field.getValue());
    }
    map.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(map);
  }

  @Override
  public boolean isClient() {
    return protocol.role() == Role.CLIENT;
  }

  /** The 101's header fields kept (see {@link Agreed}). */
  private List<Map.Entry<String, String>> responseFields() {
    return agreed == null ? List.of() : agreed.responseFields();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T attribute(String key) {
    Extras x = extras;
    Map<String, Object> map = x == null ? null : x.attributes;
    return map == null ? null : (T) map.get(key);
  }

  @Override
  public void setAttribute(String key, Object value) {
    if (value == null && extras == null) {
      return; // nothing to remove
    }
    Extras x = extras();
    Map<String, Object> map = x.attributes;
    if (map == null) {
      synchronized (this) {
        if (x.attributes == null) {
          x.attributes = new ConcurrentHashMap<>();
        }
        map = x.attributes;
      }
    }
    if (value == null) {
      map.remove(key);
    } else {
      map.put(key, value);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T attachment() {
    return agreed == null ? null : (T) agreed.attachment();
  }

  @Override
  public void setTcpNoDelay(boolean on) {
    channel.setTcpNoDelay(on);
  }

  @Override
  public Optional<WebSocketServer> server() {
    return Optional.ofNullable(owner.server());
  }

  // ---------------------------------------------------------------- topics

  @Override
  public boolean subscribe(String topic) {
    return registry().subscribe(this, topic, memberships());
  }

  @Override
  public boolean unsubscribe(String topic) {
    Memberships m = existingMemberships();
    return m != null && registry().unsubscribe(topic, m);
  }

  @Override
  public Set<String> subscriptions() {
    Memberships m = existingMemberships();
    return m == null ? Set.of() : m.topics();
  }

  @Override
  public CompletableFuture<PublishResult> publish(String topic, CharSequence text) {
    return registry().publish(topic, text, this);
  }

  @Override
  public CompletableFuture<PublishResult> publish(String topic, ByteBuffer data) {
    return registry().publish(topic, data, this);
  }

  /** Whether this connection is subscribed to {@code topic} now. Any thread. */
  boolean isSubscribed(String topic) {
    Memberships m = existingMemberships();
    return m != null && m.has(topic);
  }

  private TopicRegistry registry() {
    TopicRegistry registry = owner.topics();
    if (registry == null) {
      throw new UnsupportedOperationException("topics live on a server");
    }
    return registry;
  }

  private Memberships memberships() {
    Memberships m = existingMemberships();
    if (m == null) {
      Extras x = extras();
      synchronized (this) {
        m = x.memberships;
        if (m == null) {
          m = new Memberships();
          x.memberships = m;
        }
      }
    }
    return m;
  }

  /** The memberships, or null if this connection never subscribed. */
  private Memberships existingMemberships() {
    Extras x = extras;
    return x == null ? null : x.memberships;
  }

  /**
   * A topic's message for subscription {@code s}: told first of what it missed, if anything and
   * if this one goes through; counted as missed if it does not. On the loop.
   */
  Delivery deliver(Subscription s, MessageFrames frames, SlowSubscriberPolicy policy) {
    if (s.missed > 0 && !slowFor(policy.maxQueuedBytes(), frames.payloadLength())) {
      tellMissed(s);
    }
    Delivery d = deliverOnLoop(frames, policy.maxQueuedBytes(), policy.closeCode());
    if (d == Delivery.SKIPPED) {
      s.missed++;
      set(MISSED, true);
    }
    return d;
  }

  private void tellMissed(Subscription s) {
    long count = s.missed;
    s.missed = 0;
    tellMissed(s.topic(), count);
  }

  /** Tells the listeners this subscriber missed {@code count} messages of {@code topic}. Loop. */
  void tellMissed(String topic, long count) {
    dispatch(l -> l.onMissed(this, topic, count));
  }

  @Override
  public void onWritabilityChanged(Channel ch, boolean writable) {
    super.onWritabilityChanged(ch, writable);
    Memberships m = existingMemberships();
    if (writable && is(MISSED) && m != null) {
      set(MISSED, false);
      for (Subscription s : m.all()) {
        if (s.missed > 0) {
          tellMissed(s);
        }
      }
    }
  }

  /** Closed: leaves every topic (from CloseController, before the owner forgets it). On the loop. */
  @Override
  void leaveTopics() {
    Memberships m = existingMemberships();
    if (m != null) {
      registry().leaveAll(m);
    }
  }

  /** LiveConnections.Member: under the lock of the owner's LiveConnections only. */
  @Override
  public int liveIndex() {
    return liveIndex;
  }

  @Override
  public void liveIndex(int index) {
    liveIndex = index;
  }

  @Override
  public String toString() {
    return (isClient() ? "client " : "server ") + "WebSocket " + channel.remoteAddress()
        + " " + state();
  }
}
