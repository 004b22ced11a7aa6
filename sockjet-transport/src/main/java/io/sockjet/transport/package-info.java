/**
 * Event loops (one thread, one selector, a task queue and timers each), channels that own a
 * socket, and TLS. Every channel is confined to one loop; other threads reach it through
 * {@code EventLoop.execute}.
 */
package io.sockjet.transport;
