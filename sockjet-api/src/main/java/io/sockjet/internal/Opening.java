package io.sockjet.internal;

import io.sockjet.WebSocketListener;
import io.sockjet.protocol.Role;
import io.sockjet.protocol.frame.MaskKeySource;
import io.sockjet.transport.Channel;
import java.util.List;
import java.util.Map;

/**
 * What a connection starts from, once its opening handshake succeeded: handed from the upgrade
 * handler to the connection's constructor and up its chain of classes, then dropped (nothing
 * keeps it). Immutable.
 *
 * @param channel the transport channel, on the loop the connection lives on
 * @param role server or client
 * @param owner the server or client it belongs to
 * @param maskKeys a client's source of masking keys; null on a server
 * @param listeners the listeners every connection of the owner starts with (shared, never
 *     written into)
 * @param request the handshake request, kept as data
 * @param responseFields the 101's header fields kept: all on a client, the hook's on a server
 * @param subprotocol the subprotocol agreed, or null
 * @param attachment the handshake hook's attachment, or null
 */
record Opening(Channel channel, Role role, WebSocketConnection.Owner owner,
    MaskKeySource maskKeys, WebSocketListener[] listeners, KeptRequest request,
    List<Map.Entry<String, String>> responseFields, String subprotocol, Object attachment) {}
