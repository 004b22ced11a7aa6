package io.sockjet.bench.peers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;

/**
 * The Netty 4.2 echo server, built as Netty's own WebSocket server example builds it: an HTTP
 * codec, an aggregator for the upgrade request, {@link WebSocketServerProtocolHandler} (which
 * answers pings and closes) and a frame handler; no compression handler, so no extension is
 * negotiated. A boss group of one thread accepts; the worker group has Netty's default size (twice
 * the available cores). Broadcasts go through a {@link ChannelGroup}. Runs until killed.
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
    int port = PeerContract.port(args);
    boolean epoll = args.length > 1 && args[1].equals("epoll");
    if (epoll) {
      Epoll.ensureAvailability(); // fail loudly rather than measure something else
    }
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channel =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(io);
    // Channels join once their handshake completes and leave by themselves when they close.
    ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    Channel server = new ServerBootstrap().group(boss, workers).channel(channel)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                new WebSocketServerProtocolHandler("/"), new NettyEchoHandler(clients));
          }
        })
        .bind(PeerContract.HOST, port).sync().channel();
    PeerContract.ready(epoll ? "netty-epoll" : "netty-nio",
        ((InetSocketAddress) server.localAddress()).getPort());
    server.closeFuture().sync();
  }
}
