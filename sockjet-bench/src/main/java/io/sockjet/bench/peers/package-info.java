/**
 * Echo servers on Sockjet and on peer libraries (Netty, Jetty, Java-WebSocket, Undertow, Vert.x),
 * one main class each, so that {@code bench/compare.sh} can measure them side by side with the
 * same drivers. Every server follows one contract, written once in {@link
 * io.sockjet.bench.peers.PeerContract}: listen on 127.0.0.1 at the port given as the first
 * argument, echo text as text and binary as binary, negotiate no extension, broadcast on a
 * trigger message, and print a ready line once listening. The fan-out servers ({@code
 * *FanoutServer}: Sockjet's topics and broadcast, Netty, Vert.x) follow the contract's fan-out
 * part instead: subscribers on one path, a publisher's messages relayed to all of them ({@code
 * SockjetFanoutServer --redis} as one node of several that share the topic, for {@code
 * bench/cluster.sh}). Each is
 * built the way the library's own documentation and examples build one, with the library's
 * defaults.
 */
package io.sockjet.bench.peers;
