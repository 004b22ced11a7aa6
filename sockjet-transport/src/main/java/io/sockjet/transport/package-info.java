/**
 * Event loops (one thread, one selector, a task queue and timers each), channels that own a
 * socket, and TLS. Every channel is confined to one loop; other threads reach it through
 * {@code EventLoop.execute}.
 *
 * <p>Main types: {@link io.sockjet.transport.EventLoopGroup} and {@link
 * io.sockjet.transport.EventLoop} (threads, tasks, timers, watches of user channels); {@link
 * io.sockjet.transport.TcpServer} (accept, adopt) and {@link io.sockjet.transport.TcpConnector}
 * (connect); {@link io.sockjet.transport.Channel} (one connection: writes, backpressure, close)
 * driving a {@link io.sockjet.transport.ChannelHandler}; {@link io.sockjet.transport.TlsConfig}.
 *
 * <p>Buffer rule: inbound bytes are a view of the loop's shared buffer, valid until the callback
 * returns; outbound buffers passed to {@code Channel.write} belong to the channel until written.
 */
package io.sockjet.transport;
