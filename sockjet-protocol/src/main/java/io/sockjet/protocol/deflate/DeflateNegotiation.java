package io.sockjet.protocol.deflate;

import static io.sockjet.protocol.deflate.DeflateParameters.CLIENT_MAX_WINDOW_BITS;
import static io.sockjet.protocol.deflate.DeflateParameters.CLIENT_NO_CONTEXT_TAKEOVER;
import static io.sockjet.protocol.deflate.DeflateParameters.MAX_WINDOW_BITS;
import static io.sockjet.protocol.deflate.DeflateParameters.MIN_WINDOW_BITS;
import static io.sockjet.protocol.deflate.DeflateParameters.SERVER_MAX_WINDOW_BITS;
import static io.sockjet.protocol.deflate.DeflateParameters.SERVER_NO_CONTEXT_TAKEOVER;

import io.sockjet.protocol.Role;
import io.sockjet.protocol.handshake.ExtensionOffer;
import io.sockjet.protocol.handshake.ExtensionParameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Stateless and thread-safe. Negotiates permessage-deflate (RFC 7692 §5, §7.1) in both roles: a
 * server picks the first acceptable offer and writes its answer; a client writes its offers and
 * checks the server's answer.
 *
 * <p>Windows: the peer's window limits are obeyed strictly, this side's own wishes ({@link
 * DeflateConfig}) only as far as the {@link Zlib} allows, and this side never agrees to compress
 * with a window its zlib cannot honour ({@link Zlib#canDeflateWithWindow}). Decompression has no
 * such limit: a decompressor with a larger window reads any stream made with a smaller one.
 *
 * <p>Parameter names are matched without regard to case, as extension names are (RFC 9110
 * §5.6.6: "Parameter names are case-insensitive"); what this class writes is lower case.
 */
public final class DeflateNegotiation {
  /** The extension's registered name (RFC 7692 §7). */
  public static final String EXTENSION_NAME = DeflateParameters.EXTENSION_NAME;

  /** Marks a window parameter that is absent from an element. */
  private static final int ABSENT = 0;
  /** Marks {@code client_max_window_bits} written without a value, which only an offer may do. */
  private static final int NO_VALUE = -1;

  private DeflateNegotiation() {}

  /**
   * Immutable. What a server agreed to, and the element that says so.
   *
   * @param parameters what both ends use from now on
   * @param response the {@code Sec-WebSocket-Extensions} element to answer with, for {@link
   *     io.sockjet.protocol.handshake.UpgradeRequest#acceptResponse}
   */
  public record Agreement(DeflateParameters parameters, ExtensionOffer response) {
    /** Rejects nulls. */
    public Agreement {
      Objects.requireNonNull(parameters, "parameters");
      Objects.requireNonNull(response, "response");
    }
  }

  /** Whether {@code element} names permessage-deflate (extension names ignore case). */
  public static boolean isDeflate(ExtensionOffer element) {
    return element.name().equalsIgnoreCase(EXTENSION_NAME);
  }

  // ---------------------------------------------------------------------------------------------
  // Server

  /**
   * Server side: the agreement for the first acceptable permessage-deflate offer among {@code
   * offers}, or empty when none is (the connection then runs uncompressed). Offers of other
   * extensions are skipped.
   *
   * <p>RFC 7692 §5: "The order of elements is important as it specifies the client's preference.
   * [...] It is recommended that a server accepts PMCEs with higher preference if the server
   * supports them." An offer is declined when {@link #agree} throws for it.
   *
   * @param offers the client's {@code Sec-WebSocket-Extensions} elements in order
   * @param config what this server wants
   * @param zlib the compressor this server will use
   */
  public static Optional<Agreement> accept(List<ExtensionOffer> offers, DeflateConfig config, Zlib zlib) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(zlib, "zlib");
    for (ExtensionOffer offer : offers) {
      if (!isDeflate(offer)) {
        continue;
      }
      try {
        return Optional.of(agree(offer, config, zlib));
      } catch (DeflateNegotiationException declined) {
        // RFC 7692 §7: "A server MUST decline an extension negotiation offer for this extension
        // if any of the following conditions are met"; the next offer may still do.
      }
    }
    return Optional.empty();
  }

  /**
   * Server side: the agreement for one permessage-deflate offer.
   *
   * @throws DeflateNegotiationException saying why the offer must be declined: a parameter
   *     that is unknown, repeated or has an invalid value, or a window limit the zlib cannot
   *     honour (RFC 7692 §7: "The server doesn't support the offered configuration.")
   */
  static Agreement agree(ExtensionOffer offer, DeflateConfig config, Zlib zlib) throws DeflateNegotiationException {
    Element offered = Element.parse(offer, Role.CLIENT);

    // RFC 7692 §7.1.2.1: "A server accepts an extension negotiation offer with this parameter by
    // including the "server_max_window_bits" extension parameter in the extension negotiation
    // response to send back to the client with the same or smaller value as the offer." Without
    // it the server still "MAY include" one, which is how the configured maximum is applied.
    int serverLimit = offered.has(offered.serverMaxWindowBits) ? offered.serverMaxWindowBits : MAX_WINDOW_BITS;
    int serverBits = window(zlib, serverLimit, config.serverMaxWindowBits())
        .orElseThrow(() -> cannotDeflate(SERVER_MAX_WINDOW_BITS, zlib, serverLimit));

    // RFC 7692 §7.1.2.2: "If a received extension negotiation offer doesn't have the
    // "client_max_window_bits" extension parameter, the corresponding extension negotiation
    // response to the offer MUST NOT include the "client_max_window_bits" extension parameter."
    // With a value, the client promises to stay within it, and the answer may only lower it.
    int clientBits = MAX_WINDOW_BITS;
    if (offered.clientMaxWindowBits != ABSENT) {
      int promised = offered.has(offered.clientMaxWindowBits) ? offered.clientMaxWindowBits : MAX_WINDOW_BITS;
      clientBits = Math.min(promised, config.clientMaxWindowBits());
    }

    DeflateParameters agreed = new DeflateParameters(
        // RFC 7692 §7.1.1.1: "A server MAY include the "server_no_context_takeover" extension
        // parameter in an extension negotiation response even if the extension negotiation offer
        // being accepted by the extension negotiation response didn't include [it]."
        offered.serverNoContextTakeover || config.serverNoContextTakeover(),
        // RFC 7692 §7.1.1.2: an offered client_no_context_takeover is a hint the server "may
        // either ignore [...] or use [...] to avoid taking over the LZ77 sliding window
        // unnecessarily"; echoing it lets this server reset its decompressor between messages.
        offered.clientNoContextTakeover || config.clientNoContextTakeover(),
        serverBits,
        clientBits);
    return new Agreement(agreed, agreed.toExtension(offered.has(offered.serverMaxWindowBits)));
  }

  // ---------------------------------------------------------------------------------------------
  // Client

  /**
   * Client side: the permessage-deflate offers to send, in preference order (add each with
   * {@code ClientHandshake.Builder.extension}). Parameters are written in the order {@code
   * server_no_context_takeover}, {@code client_no_context_takeover}, {@code
   * server_max_window_bits}, {@code client_max_window_bits}; with {@link
   * DeflateConfig#clientDefaults()} and a zlib that honours every window this is Chromium's offer,
   * {@code permessage-deflate; client_max_window_bits}.
   *
   * <p>{@code client_max_window_bits} lets the server choose any window for the client (RFC 7692
   * §7.1.2.2), so it is offered only when this zlib could honour every choice, as both {@link
   * Zlib} implementations can.
   *
   * <p>A second offer follows when {@link DeflateConfig#fallbackOffer()} is set and the first
   * requests {@code server_no_context_takeover} or {@code server_max_window_bits}: the same
   * without those requests, for servers that cannot honour them (as in RFC 7692 §7.1.3's example
   * {@code permessage-deflate; client_max_window_bits; server_max_window_bits=10,
   * permessage-deflate; client_max_window_bits}).
   */
  public static List<ExtensionOffer> offers(DeflateConfig config, Zlib zlib) {
    boolean requestsServerNoContextTakeover = config.serverNoContextTakeover();
    boolean requestsServerWindow = config.serverMaxWindowBits() < MAX_WINDOW_BITS;
    ExtensionOffer preferred = offer(config, zlib, requestsServerNoContextTakeover, requestsServerWindow);
    if (config.fallbackOffer() && (requestsServerNoContextTakeover || requestsServerWindow)) {
      return List.of(preferred, offer(config, zlib, false, false));
    }
    return List.of(preferred);
  }

  private static ExtensionOffer offer(
      DeflateConfig config, Zlib zlib, boolean serverNoContextTakeover, boolean serverWindow) {
    List<ExtensionParameter> parameters = new ArrayList<>(4);
    if (serverNoContextTakeover) {
      parameters.add(new ExtensionParameter(SERVER_NO_CONTEXT_TAKEOVER, null));
    }
    if (config.clientNoContextTakeover()) {
      parameters.add(new ExtensionParameter(CLIENT_NO_CONTEXT_TAKEOVER, null));
    }
    if (serverWindow) {
      parameters.add(new ExtensionParameter(SERVER_MAX_WINDOW_BITS, Integer.toString(config.serverMaxWindowBits())));
    }
    if (config.offerClientMaxWindowBits() && canHonourEveryClientWindow(zlib)) {
      int bits = config.clientMaxWindowBits();
      parameters.add(new ExtensionParameter(
          CLIENT_MAX_WINDOW_BITS, bits < MAX_WINDOW_BITS ? Integer.toString(bits) : null));
    }
    return new ExtensionOffer(EXTENSION_NAME, parameters);
  }

  /**
   * Whether every {@code client_max_window_bits} a server may answer can be honoured. A client
   * may always compress with a smaller window than allowed, so the answer {@code w} can be
   * honoured when some window of at most {@code w} can be compressed with; for all answers from 8
   * up that is exactly when 8 can. (zlib itself cannot: {@code deflateInit2} refuses a raw
   * stream with an 8-bit window.)
   */
  private static boolean canHonourEveryClientWindow(Zlib zlib) {
    return zlib.canDeflateWithWindow(MIN_WINDOW_BITS);
  }

  /**
   * Client side: checks the server's permessage-deflate element against the offers {@link
   * #offers} made for the same {@code config} and {@code zlib}, and returns what was agreed.
   * {@code server_no_context_takeover} and {@code client_no_context_takeover} are honoured
   * whether offered or not (RFC 7692 §7.1.1).
   *
   * @param response the element of the response's {@code Sec-WebSocket-Extensions} named
   *     permessage-deflate (see {@link #findAccepted})
   * @throws DeflateNegotiationException when the client must fail the connection (RFC 7692 §7):
   *     a parameter unknown, repeated or with an invalid value; a request of the offer the
   *     response does not honour; {@code client_max_window_bits} not offered, or above the
   *     offered value; a window this zlib cannot compress with
   * @throws IllegalArgumentException if {@code response} is not named permessage-deflate
   */
  public static DeflateParameters accept(ExtensionOffer response, DeflateConfig config, Zlib zlib)
      throws DeflateNegotiationException {
    return acceptAnswerTo(offers(config, zlib), response, config, zlib);
  }

  /**
   * As {@link #accept(ExtensionOffer, DeflateConfig, Zlib)}, against the offers {@code sent}:
   * the response must answer one of them. It does not say which, so each is tried in order; when
   * none fits, the reason given is the last offer's, the least demanding.
   */
  static DeflateParameters acceptAnswerTo(
      List<ExtensionOffer> sent, ExtensionOffer response, DeflateConfig config, Zlib zlib)
      throws DeflateNegotiationException {
    if (!isDeflate(response)) {
      throw new IllegalArgumentException("not a " + EXTENSION_NAME + " element: " + response);
    }
    if (sent.isEmpty()) {
      throw new IllegalArgumentException("no " + EXTENSION_NAME + " offer was sent");
    }
    Element answer = Element.parse(response, Role.SERVER);
    DeflateNegotiationException reason = null;
    for (ExtensionOffer offer : sent) {
      try {
        return answerTo(Element.parse(offer, Role.CLIENT), answer, config, zlib);
      } catch (DeflateNegotiationException e) {
        reason = e;
      }
    }
    throw reason;
  }

  private static DeflateParameters answerTo(Element offered, Element answer, DeflateConfig config, Zlib zlib)
      throws DeflateNegotiationException {
    // RFC 7692 §7.1.1.1: "A server accepts an extension negotiation offer that includes the
    // "server_no_context_takeover" extension parameter by including the
    // "server_no_context_takeover" extension parameter in the corresponding extension
    // negotiation response to send back to the client."
    if (offered.serverNoContextTakeover && !answer.serverNoContextTakeover) {
      throw new DeflateNegotiationException(
          SERVER_NO_CONTEXT_TAKEOVER, "was requested and the response leaves it out (RFC 7692 §7.1.1.1)");
    }

    int serverBits = MAX_WINDOW_BITS;
    if (answer.has(answer.serverMaxWindowBits)) {
      // RFC 7692 §7.1.2.1: the answer has "the same or smaller value as the offer"; the server
      // "MAY include" it when the offer has none.
      if (offered.has(offered.serverMaxWindowBits) && answer.serverMaxWindowBits > offered.serverMaxWindowBits) {
        throw new DeflateNegotiationException(SERVER_MAX_WINDOW_BITS, "is " + answer.serverMaxWindowBits
            + ", above the " + offered.serverMaxWindowBits + " requested (RFC 7692 §7.1.2.1)");
      }
      serverBits = answer.serverMaxWindowBits;
    } else if (offered.has(offered.serverMaxWindowBits)) {
      throw new DeflateNegotiationException(SERVER_MAX_WINDOW_BITS, offered.serverMaxWindowBits
          + " was requested and the response leaves it out (RFC 7692 §7.1.2.1)");
    }

    int clientLimit = MAX_WINDOW_BITS;
    if (answer.has(answer.clientMaxWindowBits)) {
      if (offered.clientMaxWindowBits == ABSENT) {
        // RFC 7692 §7.1.2.2: "[...] the corresponding extension negotiation response to the
        // offer MUST NOT include the "client_max_window_bits" extension parameter."
        throw new DeflateNegotiationException(
            CLIENT_MAX_WINDOW_BITS, "was not offered, so the response must not hold it (RFC 7692 §7.1.2.2)");
      }
      // RFC 7692 §7.1.2.2: the server answers "with a value equal to or smaller than the
      // received value".
      if (offered.has(offered.clientMaxWindowBits) && answer.clientMaxWindowBits > offered.clientMaxWindowBits) {
        throw new DeflateNegotiationException(CLIENT_MAX_WINDOW_BITS, "is " + answer.clientMaxWindowBits
            + ", above the " + offered.clientMaxWindowBits + " offered (RFC 7692 §7.1.2.2)");
      }
      clientLimit = answer.clientMaxWindowBits;
    } else if (offered.has(offered.clientMaxWindowBits)) {
      // An offered value binds the client whatever the answer: it is "a hint that [...] the
      // client is not going to use an LZ77 sliding window size greater than the size specified
      // by the value in the extension negotiation offer" (RFC 7692 §7.1.2.2).
      clientLimit = offered.clientMaxWindowBits;
    }
    int limit = clientLimit;
    int clientBits = window(zlib, limit, config.clientMaxWindowBits())
        .orElseThrow(() -> cannotDeflate(CLIENT_MAX_WINDOW_BITS, zlib, limit));

    return new DeflateParameters(
        answer.serverNoContextTakeover,
        // RFC 7692 §7.1.1.2: offering it tells the server "the client is not going to use context
        // takeover" even if the response leaves it out.
        answer.clientNoContextTakeover || offered.clientNoContextTakeover,
        serverBits,
        clientBits);
  }

  /**
   * Client side: the permessage-deflate element among the extensions a response accepted, or
   * empty when it accepted none.
   *
   * @param accepted the response's {@code Sec-WebSocket-Extensions} elements ({@code
   *     ClientHandshake.Result.extensions()})
   * @throws DeflateNegotiationException if permessage-deflate is accepted more than once: both
   *     would claim the RSV1 bit, and RFC 7692 §5 says "A server MUST NOT accept a PMCE extension
   *     negotiation offer together with another extension if the PMCE will conflict with the
   *     extension on their use of the RSV1 bit."
   */
  public static Optional<ExtensionOffer> findAccepted(List<ExtensionOffer> accepted)
      throws DeflateNegotiationException {
    ExtensionOffer found = null;
    for (ExtensionOffer element : accepted) {
      if (isDeflate(element)) {
        if (found != null) {
          throw new DeflateNegotiationException(
              null, "the response accepts " + EXTENSION_NAME + " twice; both would use RSV1 (RFC 7692 §5)");
        }
        found = element;
      }
    }
    return Optional.ofNullable(found);
  }

  // ---------------------------------------------------------------------------------------------
  // Shared

  /**
   * The window to compress with, given the peer's hard {@code limit} and this side's {@code
   * wish}: the largest at most both that the zlib can compress with; failing that, the smallest
   * above the wish but within the limit (the wish saves memory, the limit is a rule); empty when
   * the zlib can compress with no window within the limit.
   */
  private static OptionalInt window(Zlib zlib, int limit, int wish) {
    int preferred = Math.min(limit, wish);
    for (int bits = preferred; bits >= MIN_WINDOW_BITS; bits--) {
      if (zlib.canDeflateWithWindow(bits)) {
        return OptionalInt.of(bits);
      }
    }
    for (int bits = preferred + 1; bits <= limit; bits++) {
      if (zlib.canDeflateWithWindow(bits)) {
        return OptionalInt.of(bits);
      }
    }
    return OptionalInt.empty();
  }

  private static DeflateNegotiationException cannotDeflate(String parameter, Zlib zlib, int limit) {
    // RFC 7692 §7 declines (server) or fails (client) when this side "doesn't support the
    // offered configuration" / "does not support the configuration that the response
    // represents".
    return new DeflateNegotiationException(parameter, zlib.name() + " cannot compress with any window of "
        + limit + " bits or fewer (RFC 7692 §7: configuration not supported)");
  }

  /**
   * Immutable. The four parameters of one permessage-deflate element as written, checked for
   * syntax only. A window is {@link #ABSENT}, {@link #NO_VALUE} (client_max_window_bits in an
   * offer), or 8 to 15.
   */
  private record Element(
      boolean serverNoContextTakeover,
      boolean clientNoContextTakeover,
      int serverMaxWindowBits,
      int clientMaxWindowBits) {

    /** Whether a window parameter is present with a value. */
    boolean has(int windowBits) {
      return windowBits >= MIN_WINDOW_BITS;
    }

    /**
     * Reads {@code element} as written by {@code writer}: an offer ({@link Role#CLIENT}) or a
     * response ({@link Role#SERVER}). Both fail on the same three syntax rules (RFC 7692 §7): a
     * parameter "not defined for use in an offer" (or response), one "with an invalid value", and
     * "multiple extension parameters with the same name".
     */
    static Element parse(ExtensionOffer element, Role writer) throws DeflateNegotiationException {
      boolean serverNoContextTakeover = false;
      boolean clientNoContextTakeover = false;
      int serverMaxWindowBits = ABSENT;
      int clientMaxWindowBits = ABSENT;
      Set<String> seen = new HashSet<>(4);
      for (ExtensionParameter p : element.parameters()) {
        String name = p.name().toLowerCase(Locale.ROOT);
        if (!seen.add(name)) {
          throw new DeflateNegotiationException(p.name(), "appears more than once (RFC 7692 §7)");
        }
        switch (name) {
          case SERVER_NO_CONTEXT_TAKEOVER -> serverNoContextTakeover = flag(p);
          case CLIENT_NO_CONTEXT_TAKEOVER -> clientNoContextTakeover = flag(p);
          // RFC 7692 §7.1.2.1: server_max_window_bits takes a value in offers and responses.
          case SERVER_MAX_WINDOW_BITS -> serverMaxWindowBits = windowBits(p, false);
          // RFC 7692 §7.1.2.2: in an offer, client_max_window_bits "has no value or a decimal
          // integer value"; in a response it sets the client's window, so it needs one (as
          // Chromium's IsValidAsResponse and python websockets also require).
          case CLIENT_MAX_WINDOW_BITS -> clientMaxWindowBits = windowBits(p, writer == Role.CLIENT);
          default -> throw new DeflateNegotiationException(
              p.name(), "is not a " + EXTENSION_NAME + " parameter (RFC 7692 §7)");
        }
      }
      return new Element(serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, clientMaxWindowBits);
    }

    /** RFC 7692 §7.1.1.1 and §7.1.1.2: the no_context_takeover parameters have no value. */
    private static boolean flag(ExtensionParameter p) throws DeflateNegotiationException {
      if (p.value() != null) {
        throw new DeflateNegotiationException(
            p.name(), "takes no value, got \"" + p.value() + "\" (RFC 7692 §7.1.1)");
      }
      return true;
    }

    /**
     * RFC 7692 §7.1.2.1: "This parameter has a decimal integer value without leading zeroes
     * between 8 to 15, inclusive". Digits are checked by hand: {@code Integer.parseInt} would
     * take {@code +9} and non-ASCII digits.
     */
    private static int windowBits(ExtensionParameter p, boolean valueOptional) throws DeflateNegotiationException {
      String v = p.value();
      if (v == null) {
        if (valueOptional) {
          return NO_VALUE;
        }
        throw new DeflateNegotiationException(p.name(), "needs a value, 8 to 15 (RFC 7692 §7.1.2)");
      }
      for (int i = 0; i < v.length(); i++) {
        if (v.charAt(i) < '0' || v.charAt(i) > '9') {
          throw new DeflateNegotiationException(
              p.name(), "\"" + v + "\" is not a decimal integer (RFC 7692 §7.1.2)");
        }
      }
      if (v.length() > 1 && v.charAt(0) == '0') {
        throw new DeflateNegotiationException(p.name(), "\"" + v + "\" has a leading zero (RFC 7692 §7.1.2)");
      }
      int bits = v.length() > 2 ? Integer.MAX_VALUE : Integer.parseInt(v);
      if (bits < MIN_WINDOW_BITS || bits > MAX_WINDOW_BITS) {
        throw new DeflateNegotiationException(p.name(), v + " is outside 8 to 15 (RFC 7692 §7.1.2)");
      }
      return bits;
    }
  }
}
