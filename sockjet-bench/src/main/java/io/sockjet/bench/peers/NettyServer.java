package io.sockjet.bench.peers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * The Netty 4.2 server set up as Netty's own WebSocket server example sets one up, shared by the
 * Netty peers: a boss group of one thread accepts, the worker group has Netty's default size
 * (twice the available cores), and each channel gets an HTTP codec, an aggregator for the
 * upgrade request, then the peer's own handlers (its {@code WebSocketServerProtocolHandler} and
 * frame handler). Stateless.
 */
final class NettyServer {
  private NettyServer() {}

  /**
   * Serves on {@code port} with the NIO transport or the native epoll one until the server
   * channel closes (never, in these benchmarks: the process is killed), after printing the ready
   * line as {@code peer} plus the transport. {@code handlers} makes each channel's handlers.
   */
  static void serve(String peer, int port, boolean epoll, Supplier<ChannelHandler[]> handlers)
      throws InterruptedException {
    if (epoll) {
      Epoll.ensureAvailability(); // fail loudly rather than measure something else
    }
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channel =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(io);
    Channel server = new ServerBootstrap().group(boss, workers).channel(channel)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536));
            ch.pipeline().addLast(handlers.get());
          }
        })
        .bind(PeerContract.HOST, port).sync().channel();
    PeerContract.ready(peer + (epoll ? "-epoll" : "-nio"),
        ((InetSocketAddress) server.localAddress()).getPort());
    server.closeFuture().sync();
  }

  /** Whether the arguments after the port ask for the native epoll transport. */
  static boolean epoll(String[] args) {
    return args.length > 1 && args[1].equals("epoll");
  }
}
