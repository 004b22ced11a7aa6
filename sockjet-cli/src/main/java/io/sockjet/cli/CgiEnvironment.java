package io.sockjet.cli;

import io.sockjet.HandshakeRequest;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stateless: the environment {@code serve --exec} gives a program, as websocketd does: the CGI
 * variables of RFC 3875 §4.1 for the upgrade request (the request, the client, the server) and an
 * {@code HTTP_*} variable per header, so a program can route on its path and query and
 * authenticate from its cookies or headers.
 *
 * <p>Where Sockjet differs from websocketd on purpose: the server's own environment is kept (a
 * program runs as it would from the shell that started the server, PATH included), but its {@code
 * HTTP_*} variables are dropped, so none can pass for a header the client did not send; the
 * {@code Proxy} header is never passed, since {@code HTTP_PROXY} would redirect the program's own
 * HTTP requests (the "httpoxy" hole: Go's net/http/cgi and Apache drop it too); and {@code
 * REMOTE_HOST} is the address, as with websocketd's {@code --reverselookup=false}, since a DNS
 * look-up per connection would delay every program's start.
 */
final class CgiEnvironment {
  /** The software variable's value, as websocketd's {@code websocketd/VERSION}. */
  private static final String SOFTWARE = "sockjet/" + VersionProvider.version();
  /** Numbers each connection's UNIQUE_ID (Apache mod_unique_id's name, as websocketd uses it). */
  private static final AtomicLong IDS = new AtomicLong();
  private static final String STARTED = Long.toString(System.currentTimeMillis(), 36);

  private CgiEnvironment() {}

  /**
   * The variables for {@code request}: {@code scriptName} is the part of the path that named the
   * program ("/" without {@code --dir}, as websocketd has it), {@code pathInfo} the rest,
   * percent-decoded; {@code secure} adds {@code HTTPS=on}.
   */
  static Map<String, String> of(HandshakeRequest request, String scriptName, String pathInfo,
      boolean secure) {
    Map<String, String> env = new LinkedHashMap<>();
    InetSocketAddress remote = request.remoteAddress();
    String remoteAddr = remote == null ? "" : remote.getAddress().getHostAddress();
    env.put("REMOTE_ADDR", remoteAddr);
    env.put("REMOTE_HOST", remoteAddr);
    env.put("REMOTE_PORT", remote == null ? "" : Integer.toString(remote.getPort()));
    String[] hostPort = serverNameAndPort(request, secure);
    env.put("SERVER_NAME", hostPort[0]);
    env.put("SERVER_PORT", hostPort[1]);
    env.put("SERVER_PROTOCOL", "HTTP/1.1"); // RFC 6455 §4.1: the upgrade is HTTP/1.1 or later
    env.put("SERVER_SOFTWARE", SOFTWARE);
    env.put("GATEWAY_INTERFACE", "CGI/1.1");
    env.put("REQUEST_METHOD", request.method());
    env.put("REQUEST_URI", request.uri());
    env.put("SCRIPT_NAME", scriptName);
    env.put("PATH_INFO", pathInfo);
    env.put("PATH_TRANSLATED", UrlPath.decode(request.path())); // websocketd: the URL's path
    env.put("QUERY_STRING", request.query() == null ? "" : request.query());
    env.put("UNIQUE_ID", STARTED + "-" + IDS.incrementAndGet());
    // Meaningless for a WebSocket, and set empty so that none leaks in from our environment.
    for (String empty : List.of("AUTH_TYPE", "CONTENT_LENGTH", "CONTENT_TYPE", "REMOTE_IDENT",
        "REMOTE_USER")) {
      env.put(empty, "");
    }
    if (secure) {
      env.put("HTTPS", "on");
    }
    request.headers().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("Proxy")) {
        env.put(headerVariable(name), String.join(", ", values.stream().map(CgiEnvironment::oneLine)
            .toList()));
      }
    });
    return env;
  }

  /**
   * Puts {@code variables} into {@code env} (a process builder's copy of ours), first removing
   * the inherited {@code HTTP_*} ones but {@code HTTP_PROXY}, the user's own proxy setting.
   */
  static void apply(Map<String, String> env, Map<String, String> variables) {
    env.keySet().removeIf(k -> k.startsWith("HTTP_") && !k.equals("HTTP_PROXY"));
    env.putAll(variables);
  }

  /** {@code User-Agent} becomes {@code HTTP_USER_AGENT}; any other odd character an underscore. */
  static String headerVariable(String header) {
    StringBuilder b = new StringBuilder("HTTP_");
    for (char c : header.toUpperCase(Locale.ROOT).toCharArray()) {
      b.append(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ? c : '_');
    }
    return b.toString();
  }

  /**
   * SERVER_NAME and SERVER_PORT as websocketd reads them: from the Host header the client sent
   * (the name in its URL), the port defaulting to the scheme's; from our own address without one.
   */
  private static String[] serverNameAndPort(HandshakeRequest request, boolean secure) {
    String host = request.header("Host");
    if (host == null || host.isBlank()) {
      InetSocketAddress local = request.localAddress();
      return new String[] {local == null ? "" : local.getAddress().getHostAddress(),
          local == null ? "" : Integer.toString(local.getPort())};
    }
    host = host.trim();
    int colon = host.lastIndexOf(':');
    boolean hasPort = colon > 0 && (host.indexOf(']') < colon); // [::1]:80, not [::1]
    return hasPort ? new String[] {host.substring(0, colon), host.substring(colon + 1)}
        : new String[] {host, secure ? "443" : "80"};
  }

  /** Header values cannot hold line breaks (the parser refuses them); trimmed as websocketd does. */
  private static String oneLine(String value) {
    return value.replace('\r', ' ').replace('\n', ' ').trim();
  }
}
