package io.sockjet.protocol.deflate;

import io.sockjet.protocol.handshake.ExtensionHeader;
import io.sockjet.protocol.handshake.ExtensionOffer;
import io.sockjet.protocol.handshake.MalformedHeaderException;
import java.util.List;

/** Stateless. Reads the short names the negotiation tables use for configs, zlibs and results. */
final class NegotiationTables {
  private NegotiationTables() {}

  /**
   * {@code capable} (8 to 15), {@code zlib} (9 to 15), {@code jdk} ({@code java.util.zip}, 8 to
   * 15), or {@code A-B}: a stand-in honouring windows A to B only, as no real zlib does, for the
   * rules that apply when a zlib cannot compress with a window.
   */
  static Zlib zlib(String name) {
    return switch (name) {
      case "capable" -> WindowZlib.CAPABLE;
      case "zlib" -> WindowZlib.SYSTEM_LIKE;
      case "jdk" -> Zlib.jdk();
      default -> {
        String[] range = name.split("-");
        if (range.length != 2) {
          throw new IllegalArgumentException("no zlib named " + name);
        }
        yield new WindowZlib(name, Integer.parseInt(range[0]), Integer.parseInt(range[1]));
      }
    };
  }

  /**
   * A configuration by name: {@code rfc} is {@link DeflateConfig#builder()}'s, {@code server} and
   * {@code client} the role defaults; otherwise space-separated settings on top of {@code rfc}:
   * {@code snct}, {@code cnct}, {@code sN} (server window N), {@code cN} (client window N),
   * {@code nocmwb} (do not offer client_max_window_bits), {@code nofallback}.
   */
  static DeflateConfig config(String name) {
    switch (name) {
      case "rfc":
        return DeflateConfig.builder().build();
      case "server":
        return DeflateConfig.serverDefaults();
      case "client":
        return DeflateConfig.clientDefaults();
      default:
        break;
    }
    DeflateConfig.Builder b = DeflateConfig.builder();
    for (String setting : name.split(" ")) {
      switch (setting) {
        case "snct" -> b.serverNoContextTakeover(true);
        case "cnct" -> b.clientNoContextTakeover(true);
        case "nocmwb" -> b.offerClientMaxWindowBits(false);
        case "nofallback" -> b.fallbackOffer(false);
        default -> {
          int bits = Integer.parseInt(setting.substring(1));
          switch (setting.charAt(0)) {
            case 's' -> b.serverMaxWindowBits(bits);
            case 'c' -> b.clientMaxWindowBits(bits);
            default -> throw new IllegalArgumentException("no setting " + setting);
          }
        }
      }
    }
    return b.build();
  }

  /**
   * Parameters written {@code "snct cnct server client"}, flags as 0 or 1: {@code "1 0 10 15"} is
   * server_no_context_takeover with a 10-bit server window.
   */
  static DeflateParameters parameters(String written) {
    String[] f = written.trim().split(" +");
    return new DeflateParameters(
        f[0].equals("1"), f[1].equals("1"), Integer.parseInt(f[2]), Integer.parseInt(f[3]));
  }

  /** The elements of a {@code Sec-WebSocket-Extensions} value. */
  static List<ExtensionOffer> header(String value) {
    try {
      return ExtensionHeader.parse(value);
    } catch (MalformedHeaderException e) {
      throw new AssertionError("table holds a malformed header: " + value, e);
    }
  }

  /** The single element of a {@code Sec-WebSocket-Extensions} value. */
  static ExtensionOffer element(String value) {
    List<ExtensionOffer> elements = header(value);
    if (elements.size() != 1) {
      throw new AssertionError("expected one element: " + value);
    }
    return elements.get(0);
  }
}
