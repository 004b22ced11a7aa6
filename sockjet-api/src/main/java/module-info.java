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
 *
 * <p>Public signatures in {@code io.sockjet} name only its own types and the JDK's, so this
 * module requires the transport and the protocol without {@code transitive}: users read
 * neither. {@code ApiSurfaceTest} keeps it so.
 */
module io.sockjet {
  requires io.sockjet.transport;
  requires io.sockjet.protocol;
  // Each server and client registers its metrics as an MBean.
  requires java.management;
  // Optional: reads -XX:MaxDirectMemorySize for the default memory budget where present.
  requires static jdk.management;
  exports io.sockjet;
}
