package io.sockjet.bench.peers;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The Netty 4.2 fan-out server (see {@link PeerContract}'s fan-out contract), written the way
 * Netty applications fan out: subscribers are kept in a {@link ChannelGroup}, and each message
 * from a publisher goes to the group with one {@code writeAndFlush}, which hands every channel a
 * retained duplicate of the one received frame (its bytes are never copied in Java) and flushes
 * it at once. The setup is {@link NettyServer}'s, as for the echo server; the protocol handler
 * accepts any path below {@code /} so that the handler can tell {@value PeerContract#SUBSCRIBE_PATH}
 * from {@value PeerContract#PUBLISH_PATH}. Runs until killed.
 *
 * <pre>
 * java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.peers.NettyFanoutServer 9000 nio
 * java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.peers.NettyFanoutServer 9000 epoll
 * </pre>
 */
public final class NettyFanoutServer {
  private NettyFanoutServer() {}

  /** Args: port, then the transport: {@code nio} (the default) or {@code epoll} (native). */
  public static void main(String[] args) throws InterruptedException {
    // Subscribers join once their handshake completes and leave by themselves when they close.
    ChannelGroup subscribers = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
        .websocketPath("/").checkStartsWith(true).build();
    NettyServer.serve("netty-fanout", PeerContract.port(args), NettyServer.epoll(args),
        () -> new ChannelHandler[] {new WebSocketServerProtocolHandler(config),
            new Fanout(subscribers)});
  }

  /** One per channel, called on its event loop: joins subscribers, relays what publishers send. */
  private static final class Fanout extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private final ChannelGroup subscribers;

    Fanout(ChannelGroup subscribers) {
      this.subscribers = subscribers;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake
          && handshake.requestUri().startsWith(PeerContract.SUBSCRIBE_PATH)) {
        subscribers.add(ctx.channel());
      }
      super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      // SimpleChannelInboundHandler releases the frame after this method; the group releases
      // it once more after handing each channel its duplicate, so it needs one more reference.
      subscribers.writeAndFlush(frame.retain());
    }
  }
}
