package io.sockjet.internal;

import io.sockjet.HandshakeRequest;
import io.sockjet.HandshakeResponse;
import io.sockjet.WebSocketHandshakeException;
import io.sockjet.protocol.handshake.HandshakeFailure;
import io.sockjet.protocol.http.HttpHeaders;
import io.sockjet.protocol.http.HttpRequestHead;
import java.lang.invoke.MethodHandles;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The one way the internals make and read {@code io.sockjet} objects whose constructors and
 * fields the public API keeps to itself: a request view for the handshake hook, a rejection's
 * body, a handshake exception. The JDK's "SharedSecrets" pattern: the
 * public class {@link HandshakeRequest} implements this interface in a private nested class and
 * registers it from its static initializer, so the public types gain no public member for the
 * internals, and no constructor that would name an internal type. Thread-safe: set once, before
 * any reader can see it (class initialization), and immutable.
 *
 * <p>Why a bridge rather than wrapping internal records: these types are public, final, and made
 * by users too (accept, reject); one interface keeps their public shape exactly as it was.
 */
public interface ApiAccess {
  /** The hook's view of a request head that was just parsed. */
  HandshakeRequest request(HttpRequestHead head, List<String> subprotocols,
      List<String> extensions, InetSocketAddress remoteAddress, InetSocketAddress localAddress);

  /** A view of an open connection's kept request; it parses the request on first read. */
  HandshakeRequest request(KeptRequest kept, InetSocketAddress remoteAddress,
      InetSocketAddress localAddress);

  /** The parsed head behind a request view. */
  HttpRequestHead head(HandshakeRequest request);

  /** A rejection's body, or null. */
  byte[] body(HandshakeResponse response);

  /** A handshake exception with the response's status, headers and body (each may be absent). */
  WebSocketHandshakeException handshakeFailed(WebSocketHandshakeException.Kind kind,
      String message, int status, HttpHeaders headers, byte[] body);

  /** The exception for a failure the protocol's handshake check found, with what body was read. */
  WebSocketHandshakeException handshakeFailed(HandshakeFailure failure, byte[] body);

  /** Called once, by {@link HandshakeRequest}'s static initializer. */
  static void register(ApiAccess access) {
    if (Holder.access != null) {
      throw new IllegalStateException("already registered");
    }
    Holder.access = access;
  }

  /** The registered bridge; initializes the class that registers it on first use. */
  static ApiAccess get() {
    ApiAccess access = Holder.access;
    if (access == null) {
      try {
        MethodHandles.lookup().ensureInitialized(HandshakeRequest.class);
      } catch (IllegalAccessException e) {
        throw new AssertionError(e); // a public class of the same module
      }
      access = Holder.access;
    }
    return access;
  }

  /** Where the bridge is kept: an interface's own fields would be public constants. */
  final class Holder {
    private static volatile ApiAccess access;

    private Holder() {}
  }
}
