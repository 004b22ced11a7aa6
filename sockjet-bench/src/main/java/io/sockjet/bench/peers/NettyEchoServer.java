package io.sockjet.bench.peers;

import io.netty.channel.ChannelHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The Netty 4.2 echo server, built as Netty's own WebSocket server example builds it (see {@link
 * NettyServer}): {@link WebSocketServerProtocolHandler} (which answers pings and closes) and a
 * frame handler; no compression handler, so no extension is negotiated. Broadcasts go through a
 * {@link ChannelGroup}. Runs until killed.
 *
 * <pre>
 * java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.peers.NettyEchoServer 9000 nio
 * java -cp sockjet-bench/target/benchmarks.jar io.sockjet.bench.peers.NettyEchoServer 9000 epoll
 * </pre>
 */
public final class NettyEchoServer {
  private NettyEchoServer() {}

  /** Args: port, then the transport: {@code nio} (the default) or {@code epoll} (native). */
  public static void main(String[] args) throws InterruptedException {
    // Channels join once their handshake completes and leave by themselves when they close.
    ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    NettyServer.serve("netty", PeerContract.port(args), NettyServer.epoll(args),
        () -> new ChannelHandler[] {new WebSocketServerProtocolHandler("/"),
            new NettyEchoHandler(clients)});
  }
}
