package io.sockjet.protocol.handshake;

import io.sockjet.protocol.http.HttpHeaders;
import io.sockjet.protocol.http.HttpToken;
import java.util.ArrayList;
import java.util.List;

/**
 * Stateless and thread-safe. Parses and formats {@code Sec-WebSocket-Extensions} (RFC 6455
 * §9.1):
 *
 * <pre>
 * Sec-WebSocket-Extensions = extension-list
 * extension-list = 1#extension
 * extension = extension-token *( ";" extension-param )
 * extension-param = token [ "=" (token | quoted-string) ]
 *     ; When using the quoted-string syntax variant, the value
 *     ; after quoted-string unescaping MUST conform to the 'token' ABNF.
 * </pre>
 *
 * <p>Optional white space (SP, HTAB) is allowed around {@code ,}, {@code ;} and {@code =} (the
 * implied linear white space of RFC 6455 §2.1 / RFC 9110 §5.6.3). Several field lines form one
 * list (RFC 6455 §9.1: the header "MAY appear multiple times"); empty list elements are skipped
 * (RFC 9110 §5.6.1.2), but each field line must hold at least one extension.
 */
public final class ExtensionHeader {
  private ExtensionHeader() {}

  /**
   * The offers of every {@code Sec-WebSocket-Extensions} line of {@code headers}, in order;
   * empty when there is none.
   *
   * @throws MalformedHeaderException if a line does not parse as RFC 6455 §9.1's grammar
   */
  public static List<ExtensionOffer> parse(HttpHeaders headers) throws MalformedHeaderException {
    List<ExtensionOffer> out = new ArrayList<>();
    for (String value : headers.all(HeaderNames.EXTENSIONS)) {
      new Reader(value).readList(out);
    }
    return List.copyOf(out);
  }

  /**
   * The offers of one field value, in order.
   *
   * @throws MalformedHeaderException if it does not parse as RFC 6455 §9.1's grammar
   */
  public static List<ExtensionOffer> parse(String value) throws MalformedHeaderException {
    List<ExtensionOffer> out = new ArrayList<>();
    new Reader(value).readList(out);
    return List.copyOf(out);
  }

  /**
   * The field value listing {@code offers}: {@code name; param; param=value, name2}. Values are
   * written as bare tokens, which {@link ExtensionParameter} guarantees they are.
   */
  public static String format(List<ExtensionOffer> offers) {
    StringBuilder sb = new StringBuilder();
    for (ExtensionOffer offer : offers) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(offer.name());
      for (ExtensionParameter p : offer.parameters()) {
        sb.append("; ").append(p.name());
        if (p.value() != null) {
          sb.append('=').append(p.value());
        }
      }
    }
    return sb.toString();
  }

  /** Not thread-safe. A cursor over one field value. */
  private static final class Reader {
    private final String s;
    private int pos;

    Reader(String s) {
      this.s = s;
    }

    void readList(List<ExtensionOffer> out) throws MalformedHeaderException {
      int before = out.size();
      while (true) {
        skipOws();
        if (pos == s.length()) {
          break;
        }
        if (s.charAt(pos) == ',') {
          pos++;
          continue;
        }
        out.add(readExtension());
        skipOws();
        if (pos < s.length() && s.charAt(pos) != ',') {
          throw fail("expected ',' or ';'");
        }
      }
      if (out.size() == before) {
        throw fail("no extension in the list (extension-list = 1#extension)");
      }
    }

    private ExtensionOffer readExtension() throws MalformedHeaderException {
      String name = readToken("extension name");
      List<ExtensionParameter> params = new ArrayList<>();
      skipOws();
      while (pos < s.length() && s.charAt(pos) == ';') {
        pos++;
        skipOws();
        String paramName = readToken("parameter name");
        skipOws();
        String value = null;
        if (pos < s.length() && s.charAt(pos) == '=') {
          pos++;
          skipOws();
          value = pos < s.length() && s.charAt(pos) == '"' ? readQuotedToken() : readToken("parameter value");
          skipOws();
        }
        params.add(new ExtensionParameter(paramName, value));
      }
      return new ExtensionOffer(name, params);
    }

    private String readToken(String what) throws MalformedHeaderException {
      int start = pos;
      while (pos < s.length() && HttpToken.isTokenChar(s.charAt(pos))) {
        pos++;
      }
      if (pos == start) {
        throw fail("expected a token as " + what);
      }
      return s.substring(start, pos);
    }

    /** RFC 9110 §5.6.4: quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE. */
    private String readQuotedToken() throws MalformedHeaderException {
      int open = pos++;
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (pos == s.length()) {
          throw fail("unterminated quoted string opened at index " + open);
        }
        char c = s.charAt(pos++);
        if (c == '"') {
          break;
        }
        if (c == '\\') {
          if (pos == s.length()) {
            throw fail("unterminated quoted string opened at index " + open);
          }
          c = s.charAt(pos++);
        }
        sb.append(c);
      }
      String value = sb.toString();
      if (!HttpToken.isToken(value)) {
        throw fail("quoted parameter value is not a token after unquoting (RFC 6455 §9.1)");
      }
      return value;
    }

    private void skipOws() {
      while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
        pos++;
      }
    }

    private MalformedHeaderException fail(String message) {
      return new MalformedHeaderException(HeaderNames.EXTENSIONS, message + " at index " + pos);
    }
  }
}
