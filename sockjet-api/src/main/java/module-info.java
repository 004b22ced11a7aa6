/**
 * Sockjet: a WebSocket server and client. {@code io.sockjet} is the only package users import.
 *
 * <pre>{@code
 * WebSocketServer server = WebSocketServer.builder()
 *     .port(8080)
 *     .listener(new WebSocketListener() {
 *       public void onText(WebSocket ws, String text) { ws.sendText(text); }
 *     })
 *     .start();
 * }</pre>
 */
module io.sockjet {
  requires transitive io.sockjet.transport;
  requires io.sockjet.protocol;
  // Optional: reads -XX:MaxDirectMemorySize for the default memory budget where present.
  requires static jdk.management;
  exports io.sockjet;
}
