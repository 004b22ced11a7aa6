package io.sockjet.bench.peers;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * Echoes every data frame back on its channel, and broadcasts on a trigger. One instance per
 * channel; Netty calls it on the channel's event loop only.
 *
 * <p>Each echo is {@code writeAndFlush}, as in Netty's WebSocket examples: one write system call
 * per message. (Writing in {@code channelRead} and flushing in {@code channelReadComplete} would
 * batch them; the examples do not, and neither do most applications.)
 */
final class NettyEchoHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
  private final ChannelGroup clients;

  NettyEchoHandler(ChannelGroup clients) {
    this.clients = clients;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
      clients.add(ctx.channel());
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof TextWebSocketFrame text) {
      PeerContract.Broadcast broadcast = PeerContract.broadcast(text.text());
      if (broadcast != null) {
        for (int i = 0; i < broadcast.count(); i++) {
          // The group sends each channel a retained duplicate of the one frame.
          clients.writeAndFlush(new TextWebSocketFrame(broadcast.body()));
        }
        return;
      }
    }
    // SimpleChannelInboundHandler releases the frame after this method; the write needs it.
    ctx.writeAndFlush(frame.retain());
  }
}
