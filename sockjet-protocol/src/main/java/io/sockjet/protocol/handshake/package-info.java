/** The RFC 6455 §4 opening handshake for both roles: request checks, accept key, subprotocols, extension offers. */
package io.sockjet.protocol.handshake;
