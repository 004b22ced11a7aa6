package io.sockjet.bench.peers;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.WebSocketContainer;

/**
 * One Jetty WebSocket session's echo: text back as text, binary back as binary, and a broadcast
 * to every open session on a trigger. Jetty calls one session's listener methods one at a time;
 * {@link Session.Listener.AutoDemanding} asks for the next frame when each method returns. Public
 * because Jetty calls the listener methods through a public method-handle lookup.
 */
public final class JettyEchoEndpoint implements Session.Listener.AutoDemanding {
  private final WebSocketContainer container;
  private Session session;

  JettyEchoEndpoint(WebSocketContainer container) {
    this.container = container;
  }

  /** Keeps the session to answer on. */
  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
  }

  /** Echoes the text, or broadcasts on a trigger. */
  @Override
  public void onWebSocketText(String text) {
    PeerContract.Broadcast broadcast = PeerContract.broadcast(text);
    if (broadcast == null) {
      session.sendText(text, Callback.NOOP);
      return;
    }
    for (int i = 0; i < broadcast.count(); i++) {
      for (Session open : container.getOpenSessions()) {
        open.sendText(broadcast.body(), Callback.NOOP);
      }
    }
  }

  /** Echoes the binary message. */
  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    // Jetty owns the payload until the callback completes: completing it when the echo has been
    // written returns the buffer to Jetty's pool without a copy.
    session.sendBinary(payload, callback);
  }
}
