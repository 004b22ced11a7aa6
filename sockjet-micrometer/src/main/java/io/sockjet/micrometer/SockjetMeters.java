package io.sockjet.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sockjet.ClientMetrics;
import io.sockjet.ServerMetrics;
import io.sockjet.WebSocketClient;
import io.sockjet.WebSocketServer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Binds a Sockjet server's or client's counters to a Micrometer {@link MeterRegistry}: the same
 * figures as {@link ServerMetrics} and {@link ClientMetrics}, as counters (running totals) and
 * gauges (levels now), named {@code sockjet.*} and tagged {@code side=server|client} plus your
 * tags. The meters read a snapshot when the registry scrapes them; nothing is counted twice.
 *
 * <pre>{@code
 * SockjetMeters.of(server, Tags.of("endpoint", "chat")).bindTo(registry);
 * }</pre>
 */
public final class SockjetMeters implements MeterBinder {
  private final Binding<?, ?> binding;

  private SockjetMeters(Binding<?, ?> binding) {
    this.binding = binding;
  }

  /** Meters for {@code server}, with {@code tags} added to each. */
  public static SockjetMeters of(WebSocketServer server, Tags tags) {
    return new SockjetMeters(new Binding<>(server, WebSocketServer::metrics, tags.and("side", "server")) {
      @Override
      void bind(MeterRegistry r) {
        counter(r, "sockjet.connections.accepted", "handshakes accepted", ServerMetrics::acceptedConnections);
        counter(r, "sockjet.handshakes.rejected", "handshakes answered with an HTTP error", ServerMetrics::rejectedHandshakes);
        counter(r, "sockjet.messages.in", "whole messages received", ServerMetrics::messagesIn);
        counter(r, "sockjet.messages.out", "messages sent", ServerMetrics::messagesOut);
        counter(r, "sockjet.bytes.in", "bytes read", ServerMetrics::bytesIn);
        counter(r, "sockjet.bytes.out", "bytes written", ServerMetrics::bytesOut);
        gauge(r, "sockjet.connections.open", "connections open or closing", ServerMetrics::openConnections);
        gauge(r, "sockjet.queued.bytes", "bytes waiting for sockets", ServerMetrics::queuedBytes);
        gauge(r, "sockjet.connections.compressed", "connections with permessage-deflate", ServerMetrics::compressedConnections);
        gauge(r, "sockjet.memory.peer.held", "bytes held for peers", ServerMetrics::peerHeldBytes);
        gauge(r, "sockjet.memory.peer.limit", "the memory budget", ServerMetrics::peerHeldLimit);
      }
    });
  }

  /** Meters for {@code client}, with {@code tags} added to each. */
  public static SockjetMeters of(WebSocketClient client, Tags tags) {
    return new SockjetMeters(new Binding<>(client, WebSocketClient::metrics, tags.and("side", "client")) {
      @Override
      void bind(MeterRegistry r) {
        counter(r, "sockjet.connects", "connections opened", ClientMetrics::connects);
        counter(r, "sockjet.connects.failed", "connection attempts that failed", ClientMetrics::failedConnects);
        counter(r, "sockjet.messages.in", "whole messages received", ClientMetrics::messagesIn);
        counter(r, "sockjet.messages.out", "messages sent", ClientMetrics::messagesOut);
        counter(r, "sockjet.bytes.in", "bytes read", ClientMetrics::bytesIn);
        counter(r, "sockjet.bytes.out", "bytes written", ClientMetrics::bytesOut);
        gauge(r, "sockjet.connections.open", "connections open or closing", ClientMetrics::openConnections);
        gauge(r, "sockjet.queued.bytes", "bytes waiting for sockets", ClientMetrics::queuedBytes);
      }
    });
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    binding.bind(registry);
  }

  /**
   * A server or client, how to snapshot it, and the tags of its meters. Micrometer holds {@code
   * source} weakly, as it holds every meter's object: the application keeps its server alive, and
   * the meters of one that was dropped read NaN rather than keeping it.
   */
  private abstract static class Binding<S, M> {
    private final S source;
    private final Function<S, M> snapshot;
    private final Tags tags;

    Binding(S source, Function<S, M> snapshot, Tags tags) {
      this.source = source;
      this.snapshot = snapshot;
      this.tags = tags;
    }

    abstract void bind(MeterRegistry registry);

    void counter(MeterRegistry r, String name, String help, ToDoubleFunction<M> value) {
      FunctionCounter.builder(name, source, s -> value.applyAsDouble(snapshot.apply(s)))
          .description(help).tags(tags).register(r);
    }

    void gauge(MeterRegistry r, String name, String help, ToDoubleFunction<M> value) {
      Gauge.builder(name, source, s -> value.applyAsDouble(snapshot.apply(s)))
          .description(help).tags(tags).register(r);
    }
  }
}
