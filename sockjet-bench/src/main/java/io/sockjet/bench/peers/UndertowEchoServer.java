package io.sockjet.bench.peers;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.xnio.Pooled;

/**
 * The Undertow echo server, as Undertow's WebSocket example builds it: {@link
 * Handlers#websocket} with an {@link AbstractReceiveListener} that gets whole messages. Undertow's
 * defaults otherwise (I/O threads: the cores, at least two; no extensions). Broadcasts loop over
 * {@link WebSocketChannel#getPeerConnections()}. Runs until killed.
 *
 * <pre>java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.peers.UndertowEchoServer 9000</pre>
 */
public final class UndertowEchoServer {
  private UndertowEchoServer() {}

  /** Args: port. See {@link PeerContract}. */
  public static void main(String[] args) {
    Undertow server = Undertow.builder().addHttpListener(PeerContract.port(args), PeerContract.HOST)
        .setHandler(Handlers.websocket((exchange, channel) -> {
          channel.getReceiveSetter().set(new Echo());
          channel.resumeReceives();
        }))
        .build();
    server.start();
    InetSocketAddress bound = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    PeerContract.ready("undertow", bound.getPort());
  }

  /** Echoes whole messages on the channel's I/O thread; broadcasts on a trigger. */
  private static final class Echo extends AbstractReceiveListener {
    @Override
    protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
      String text = message.getData();
      PeerContract.Broadcast broadcast = PeerContract.broadcast(text);
      if (broadcast == null) {
        WebSockets.sendText(text, channel, null);
        return;
      }
      for (int i = 0; i < broadcast.count(); i++) {
        for (WebSocketChannel peer : channel.getPeerConnections()) {
          WebSockets.sendText(broadcast.body(), peer, null);
        }
      }
    }

    @Override
    @SuppressWarnings("deprecation") // whole binary messages still come as xnio's Pooled
    protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
      // The message's buffers come from Undertow's pool: send them as they are, and give them
      // back once the echo is written (or has failed).
      Pooled<ByteBuffer[]> data = message.getData();
      WebSockets.sendBinary(data.getResource(), channel, new WebSocketCallback<Void>() {
        @Override
        public void complete(WebSocketChannel ch, Void context) {
          data.free();
        }

        @Override
        public void onError(WebSocketChannel ch, Void context, Throwable error) {
          data.free();
        }
      });
    }
  }
}
