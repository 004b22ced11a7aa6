package io.sockjet.cli;

import io.sockjet.HandshakeRequest;
import io.sockjet.HttpHandler;
import io.sockjet.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Serves the chat's web page over the server's own HTTP handler: {@code /} (the HTML), {@code
 * /chat.css} and {@code /chat.js}, read once from the jar, and {@code /rooms}, the rooms with
 * people in them now ({@link ChatEvents#rooms}). Scripts and styles are files of their own, not
 * inline, so the Content-Security-Policy can forbid inline code: even if a message did end up in
 * the page as markup, it could not run. Immutable; called on the event loops.
 */
final class ChatPage implements HttpHandler {
  /** Only this origin's own files; the WebSocket to the same host (ws: or wss:). */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
      + "style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; base-uri 'none'; "
      + "form-action 'none'; frame-ancestors 'none'";

  private final byte[] html = resource("web/index.html");
  private final byte[] css = resource("web/chat.css");
  private final byte[] js = resource("web/chat.js");
  private final Supplier<String> rooms;

  /** The page, whose room list is what {@code rooms} says at each request (any thread). */
  ChatPage(Supplier<String> rooms) {
    this.rooms = rooms;
  }

  @Override
  public HttpResponse handle(HandshakeRequest request) {
    if (!"GET".equals(request.method())) {
      return new HttpResponse(405, List.of(Map.entry("Allow", "GET"),
          Map.entry("Content-Type", "text/plain; charset=utf-8")), bytes("only GET here\n"));
    }
    return switch (request.path()) {
      case "/", "/index.html" -> page("text/html; charset=utf-8", html);
      case "/chat.css" -> page("text/css; charset=utf-8", css);
      case "/chat.js" -> page("text/javascript; charset=utf-8", js);
      case "/rooms" -> page("application/json", bytes(rooms.get()));
      default -> HttpResponse.of(404, "text/plain; charset=utf-8",
          "not found; the chat is at / and its WebSocket at /chat?room=ROOM\n");
    };
  }

  private static HttpResponse page(String type, byte[] body) {
    return new HttpResponse(200, List.of(Map.entry("Content-Type", type),
        Map.entry("Cache-Control", "no-cache"),
        Map.entry("X-Content-Type-Options", "nosniff"),
        Map.entry("Content-Security-Policy", CONTENT_SECURITY_POLICY)), body);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] resource(String name) {
    try (InputStream in = ChatPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " next to " + ChatPage.class);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
