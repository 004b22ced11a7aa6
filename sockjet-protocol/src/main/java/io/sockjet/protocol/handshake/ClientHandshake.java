package io.sockjet.protocol.handshake;

import io.sockjet.protocol.http.HttpHeaders;
import io.sockjet.protocol.http.HttpRequestWriter;
import io.sockjet.protocol.http.HttpResponseHead;
import io.sockjet.protocol.http.HttpToken;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Immutable, so thread-safe. The client's side of the opening handshake (RFC 6455 §4.1): the
 * request to send, and the check of the response. Build one per connection attempt, since each
 * holds a fresh key.
 */
public final class ClientHandshake {
  /** RFC 6455 §3: "The port component is OPTIONAL; the default for "ws" is port 80". */
  private static final int WS_PORT = 80;
  /** RFC 6455 §3: "... while the default for "wss" is port 443". */
  private static final int WSS_PORT = 443;

  /**
   * What a successful handshake agreed on.
   *
   * @param subprotocol the subprotocol the server chose, or {@code null} for none
   * @param extensions the extensions the server accepted, in the order they apply, with the
   *     parameters it sent; each was offered by name, the parameters are for the extension to
   *     check
   * @param response the response head
   */
  public record Result(String subprotocol, List<ExtensionOffer> extensions, HttpResponseHead response) {
    /** Copies the list. */
    public Result {
      extensions = List.copyOf(extensions);
      Objects.requireNonNull(response, "response");
    }
  }

  private final String host;
  private final String resource;
  private final String key;
  private final List<String> subprotocols;
  private final List<ExtensionOffer> extensions;
  private final HttpHeaders extraHeaders;

  private ClientHandshake(Builder b) {
    this.host = b.host;
    this.resource = b.resource;
    this.key = AcceptKey.newKey(b.random);
    this.subprotocols = List.copyOf(b.subprotocols);
    this.extensions = List.copyOf(b.extensions);
    this.extraHeaders = b.headers.build();
  }

  /**
   * A builder for a handshake with the server {@code uri} names.
   *
   * @param uri a {@code ws} or {@code wss} URI with a host and no fragment (RFC 6455 §3:
   *     "Fragment identifiers ... MUST NOT be used on these URIs")
   * @throws IllegalArgumentException if the URI is not such a URI
   */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /** The {@code Host} value: the host, plus {@code :port} unless the port is the scheme's default. */
  public String host() {
    return host;
  }

  /** The request target: path (at least {@code /}) and query, percent-encoded. */
  public String resource() {
    return resource;
  }

  /** The {@code Sec-WebSocket-Key} sent. */
  public String key() {
    return key;
  }

  /**
   * The request head (RFC 6455 §4.1), fields in this order: {@code Host}, {@code Upgrade},
   * {@code Connection}, {@code Sec-WebSocket-Key}, {@code Sec-WebSocket-Version}, then
   * {@code Sec-WebSocket-Protocol} and {@code Sec-WebSocket-Extensions} when offered, then the
   * extra headers.
   */
  public byte[] request() {
    HttpHeaders.Builder h = HttpHeaders.builder()
        .add(HeaderNames.HOST, host)
        .add(HeaderNames.UPGRADE, HeaderNames.WEBSOCKET)
        .add(HeaderNames.CONNECTION, "Upgrade")
        .add(HeaderNames.KEY, key)
        .add(HeaderNames.VERSION, HeaderNames.VERSION_13);
    if (!subprotocols.isEmpty()) {
      h.add(HeaderNames.PROTOCOL, String.join(", ", subprotocols));
    }
    if (!extensions.isEmpty()) {
      h.add(HeaderNames.EXTENSIONS, ExtensionHeader.format(extensions));
    }
    return HttpRequestWriter.write("GET", resource, h.addAll(extraHeaders).build());
  }

  /**
   * Checks the server's response head (RFC 6455 §4.1, "the client MUST validate the server's
   * response as follows"), in this order: status 101; {@code Upgrade} lists {@code websocket};
   * {@code Connection} lists {@code upgrade}; exactly one {@code Sec-WebSocket-Accept} equal to
   * {@link AcceptKey#of} the key; {@code Sec-WebSocket-Protocol} absent or one offered value;
   * every extension in {@code Sec-WebSocket-Extensions} offered by name.
   *
   * @throws HandshakeFailure saying which rule failed
   */
  public Result check(HttpResponseHead response) throws HandshakeFailure {
    HttpHeaders h = response.headers();
    if (response.status() != 101) {
      throw new HandshakeFailure(
          HandshakeFailure.Kind.UNEXPECTED_STATUS,
          "expected status 101, got " + response.status() + " " + response.reason(),
          response);
    }
    if (!h.containsToken(HeaderNames.UPGRADE, HeaderNames.WEBSOCKET)) {
      throw new HandshakeFailure(HandshakeFailure.Kind.MISSING_UPGRADE, "Upgrade does not list websocket", response);
    }
    if (!h.containsToken(HeaderNames.CONNECTION, "upgrade")) {
      throw new HandshakeFailure(
          HandshakeFailure.Kind.MISSING_CONNECTION_UPGRADE, "Connection does not list upgrade", response);
    }
    List<String> accepts = h.all(HeaderNames.ACCEPT);
    String expected = AcceptKey.of(key);
    if (accepts.size() != 1 || !accepts.get(0).equals(expected)) {
      throw new HandshakeFailure(
          HandshakeFailure.Kind.BAD_ACCEPT_KEY,
          "Sec-WebSocket-Accept is " + accepts + ", expected " + expected,
          response);
    }
    return new Result(subprotocol(response), extensions(response), response);
  }

  private String subprotocol(HttpResponseHead response) throws HandshakeFailure {
    List<String> chosen;
    try {
      chosen = Subprotocols.parse(response.headers());
    } catch (MalformedHeaderException e) {
      throw new HandshakeFailure(HandshakeFailure.Kind.MALFORMED_HEADER, e.getMessage(), response);
    }
    if (chosen.isEmpty()) {
      return null;
    }
    // RFC 6455 §4.1: "If the response includes a |Sec-WebSocket-Protocol| header field and this
    // header field indicates the use of a subprotocol that was not present in the client's
    // handshake ..., the client MUST _Fail the WebSocket Connection_."
    if (chosen.size() != 1 || !subprotocols.contains(chosen.get(0))) {
      throw new HandshakeFailure(
          HandshakeFailure.Kind.UNEXPECTED_SUBPROTOCOL,
          "server chose subprotocol " + chosen + ", offered " + subprotocols,
          response);
    }
    return chosen.get(0);
  }

  private List<ExtensionOffer> extensions(HttpResponseHead response) throws HandshakeFailure {
    List<ExtensionOffer> accepted;
    try {
      accepted = ExtensionHeader.parse(response.headers());
    } catch (MalformedHeaderException e) {
      throw new HandshakeFailure(HandshakeFailure.Kind.MALFORMED_HEADER, e.getMessage(), response);
    }
    // RFC 6455 §4.1: "If the response includes a |Sec-WebSocket-Extensions| header field and
    // this header field indicates the use of an extension that was not present in the client's
    // handshake ..., the client MUST _Fail the WebSocket Connection_."
    for (ExtensionOffer e : accepted) {
      if (extensions.stream().noneMatch(offer -> offer.name().equalsIgnoreCase(e.name()))) {
        throw new HandshakeFailure(
            HandshakeFailure.Kind.UNEXPECTED_EXTENSION, "server accepted unoffered extension " + e.name(), response);
      }
    }
    return accepted;
  }

  /** Not thread-safe. Collects the offers and headers of one handshake. */
  public static final class Builder {
    private final String host;
    private final String resource;
    private Random random = new SecureRandom();
    private final List<String> subprotocols = new ArrayList<>();
    private final List<ExtensionOffer> extensions = new ArrayList<>();
    private final HttpHeaders.Builder headers = HttpHeaders.builder();

    private Builder(URI uri) {
      String scheme = Objects.requireNonNull(uri, "uri").getScheme();
      int defaultPort;
      if ("ws".equalsIgnoreCase(scheme)) {
        defaultPort = WS_PORT;
      } else if ("wss".equalsIgnoreCase(scheme)) {
        defaultPort = WSS_PORT;
      } else {
        throw new IllegalArgumentException("not a ws or wss URI: " + uri);
      }
      if (uri.getRawFragment() != null) {
        throw new IllegalArgumentException("a WebSocket URI has no fragment (RFC 6455 §3): " + uri);
      }
      // toASCIIString percent-encodes any non-ASCII character, so the target is pure ASCII.
      URI ascii = URI.create(uri.toASCIIString());
      String hostName = ascii.getHost(); // an IPv6 literal comes back in its brackets
      if (hostName == null) {
        throw new IllegalArgumentException("URI has no host: " + uri);
      }
      int port = ascii.getPort();
      // RFC 9110 §7.2: Host = uri-host [ ":" port ]; the port is left out when it is the default.
      this.host = port < 0 || port == defaultPort ? hostName : hostName + ":" + port;
      String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
      this.resource = ascii.getRawQuery() == null ? path : path + "?" + ascii.getRawQuery();
    }

    /** The source of the key's 16 random bytes; a {@link SecureRandom} unless replaced (tests). */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Offers {@code subprotocol}, after those offered before (the client's preference order).
     *
     * @throws IllegalArgumentException if it is not a token or already offered (RFC 6455 §4.1:
     *     the elements "MUST all be unique strings")
     */
    public Builder subprotocol(String subprotocol) {
      if (!HttpToken.isToken(subprotocol)) {
        throw new IllegalArgumentException("subprotocol is not a token: \"" + subprotocol + "\"");
      }
      if (subprotocols.contains(subprotocol)) {
        throw new IllegalArgumentException("subprotocol offered twice: " + subprotocol);
      }
      subprotocols.add(subprotocol);
      return this;
    }

    /** Offers {@code extension}, after those offered before (RFC 6455 §9.1: in preference order). */
    public Builder extension(ExtensionOffer extension) {
      extensions.add(Objects.requireNonNull(extension, "extension"));
      return this;
    }

    /**
     * Adds a field to the request, such as {@code Origin}, {@code Authorization} or
     * {@code Cookie}.
     *
     * @throws IllegalArgumentException if the name or value is invalid (see {@link HttpHeaders})
     *     or the field is one the handshake writes itself: {@code Host}, {@code Upgrade},
     *     {@code Connection}, {@code Sec-WebSocket-Key}, {@code Sec-WebSocket-Version}, and
     *     {@code Sec-WebSocket-Protocol} / {@code Sec-WebSocket-Extensions} (use
     *     {@link #subprotocol} and {@link #extension} so {@link #check} knows the offers)
     */
    public Builder header(String name, String value) {
      if (HeaderNames.isHandshakeField(name)) {
        throw new IllegalArgumentException("the handshake writes " + name + " itself");
      }
      headers.add(name, value);
      return this;
    }

    /** The handshake, with a fresh key drawn from the random source. */
    public ClientHandshake build() {
      return new ClientHandshake(this);
    }
  }

  @Override
  public String toString() {
    return "ClientHandshake[" + host + resource + "]";
  }
}
