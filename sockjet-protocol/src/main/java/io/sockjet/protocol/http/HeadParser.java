package io.sockjet.protocol.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

/**
 * Not thread-safe; one parser reads one head from one connection. An incremental,
 * size-limited HTTP/1.1 head parser: feed it bytes as they arrive until it returns the head.
 *
 * <p>It works line by line. Each complete line is parsed as soon as its LF arrives, so a bad
 * request line is rejected without waiting for the rest; only the current incomplete line is
 * buffered. Invariants:
 *
 * <ul>
 *   <li>At most {@link HeadLimits#maxHeadBytes()} bytes of one head are ever consumed, and the
 *       line buffer never grows beyond that, however the input is split.
 *   <li>Each byte is examined once when it arrives (new bytes only are scanned for LF), so
 *       feeding a head byte by byte costs linear time.
 *   <li>After the head is returned or an exception thrown the parser is spent: a further call
 *       throws {@link IllegalStateException}.
 * </ul>
 *
 * <p>Line ends: RFC 9112 §2.2 "a recipient MAY recognize a single LF as a line terminator and
 * ignore any preceding CR", which this does; a CR anywhere else is rejected ("A sender MUST NOT
 * generate a bare CR ... a recipient ... MUST [treat it] as invalid"). Empty lines before the
 * start line are skipped (RFC 9112 §2.2: a server "SHOULD ignore at least one empty line").
 *
 * @param <T> {@link HttpRequestHead} or {@link HttpResponseHead}
 */
public final class HeadParser<T> {
  /** Most heads fit a first line buffer this large; it doubles from here up to the limit. */
  private static final int INITIAL_LINE_CAPACITY = 256;

  /** What a start line is parsed into: the rest of the head, waiting for its header fields. */
  private interface StartLine<T> {
    Function<HttpHeaders, T> parse(String line) throws HttpParseException;
  }

  private final HeadLimits limits;
  private final StartLine<T> startLine;
  private final HttpHeaders.Builder headers = HttpHeaders.builder();
  /** The bytes of the current line, before its LF; null once the parser is spent. */
  private byte[] line;
  private int lineLength;
  /** Bytes of this head consumed so far, line terminators included; never above the limit. */
  private int consumed;
  private int headerCount;
  /** Set once the start line is parsed: builds the head from its fields. */
  private Function<HttpHeaders, T> finish;

  private HeadParser(HeadLimits limits, StartLine<T> startLine) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.startLine = startLine;
    this.line = new byte[Math.min(INITIAL_LINE_CAPACITY, limits.maxHeadBytes())];
  }

  /** A parser for a request head, as a server reads it. */
  public static HeadParser<HttpRequestHead> request(HeadLimits limits) {
    return new HeadParser<>(limits, StartLines::request);
  }

  /** A parser for a response head, as a client reads it. */
  public static HeadParser<HttpResponseHead> response(HeadLimits limits) {
    return new HeadParser<>(limits, StartLines::response);
  }

  /**
   * Consumes bytes from {@code in} up to and including the blank line that ends the head.
   *
   * @return the head, with {@code in} positioned just after its terminator: the bytes that
   *     remain are the peer's first WebSocket frames. Or {@code null} when the head is still
   *     incomplete, in which case every remaining byte of {@code in} was consumed and kept.
   * @throws HttpParseException with status 431 when the head exceeds the limits, 400 when it is
   *     malformed, 505 when a request's HTTP major version is not 1
   * @throws IllegalStateException if the head was already returned or an exception thrown
   */
  public T parse(ByteBuffer in) throws HttpParseException {
    if (line == null) {
      throw new IllegalStateException("the parser is spent: it already returned a head or failed");
    }
    try {
      T head = consume(in);
      if (head != null) {
        line = null;
      }
      return head;
    } catch (HttpParseException | RuntimeException e) {
      line = null;
      throw e;
    }
  }

  /** The capacity of the line buffer; for tests that assert it stays within the limit. */
  int bufferCapacity() {
    return line == null ? 0 : line.length;
  }

  private T consume(ByteBuffer in) throws HttpParseException {
    while (in.hasRemaining()) {
      // Invariant: consumed < maxHeadBytes here, so the budget is at least one byte.
      int start = in.position();
      int end = start + Math.min(in.remaining(), limits.maxHeadBytes() - consumed);
      int lf = start;
      while (lf < end && in.get(lf) != '\n') {
        lf++;
      }
      int taken = (lf < end ? lf + 1 : end) - start;
      append(in, start, lf - start);
      in.position(start + taken);
      consumed += taken;
      if (lf < end) {
        T head = endLine();
        if (head != null) {
          return head;
        }
      }
      if (consumed == limits.maxHeadBytes()) {
        // The head is not complete yet needs at least one more byte.
        throw new HttpParseException(
            HttpParseException.HEADER_FIELDS_TOO_LARGE, "head larger than " + limits.maxHeadBytes() + " bytes");
      }
    }
    return null;
  }

  private void append(ByteBuffer in, int from, int count) {
    if (lineLength + count > line.length) {
      // lineLength + count <= consumed + count <= maxHeadBytes, so the buffer stays in bounds.
      int capacity = Math.max(lineLength + count, (int) Math.min(2L * line.length, limits.maxHeadBytes()));
      byte[] grown = new byte[capacity];
      System.arraycopy(line, 0, grown, 0, lineLength);
      line = grown;
    }
    in.get(from, line, lineLength, count);
    lineLength += count;
  }

  /** Parses the line just ended by LF; returns the head when that line was the blank one. */
  private T endLine() throws HttpParseException {
    int length = lineLength;
    lineLength = 0;
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    for (int i = 0; i < length; i++) {
      if (line[i] == '\r') {
        throw badRequest("bare CR in the head (RFC 9112 §2.2)");
      }
    }
    if (finish == null) {
      if (length > 0) {
        finish = startLine.parse(new String(line, 0, length, StandardCharsets.ISO_8859_1));
      }
      return null;
    }
    if (length == 0) {
      return finish.apply(headers.build());
    }
    if (++headerCount > limits.maxHeaders()) {
      throw new HttpParseException(
          HttpParseException.HEADER_FIELDS_TOO_LARGE, "more than " + limits.maxHeaders() + " header fields");
    }
    parseField(length);
    return null;
  }

  /** RFC 9112 §5: field-line = field-name ":" OWS field-value OWS. */
  private void parseField(int length) throws HttpParseException {
    if (line[0] == ' ' || line[0] == '\t') {
      // RFC 9112 §5.2: a server "MUST either reject the message by sending a 400 (Bad Request)
      // ... or replace each received obs-fold with one or more SP". We reject: no WebSocket
      // client folds lines, and unfolding invites request-smuggling ambiguities.
      throw badRequest("obsolete line folding or white space at the start of a field line (RFC 9112 §5.2)");
    }
    int colon = 0;
    while (colon < length && line[colon] != ':') {
      colon++;
    }
    if (colon == length) {
      throw badRequest("field line without a colon");
    }
    if (colon == 0) {
      throw badRequest("empty field name");
    }
    if (line[colon - 1] == ' ' || line[colon - 1] == '\t') {
      // RFC 9112 §5.1: "A server MUST reject, with a response status code of 400 (Bad Request),
      // any received request message that contains whitespace between a header field name and
      // colon."
      throw badRequest("white space between field name and colon (RFC 9112 §5.1)");
    }
    String name = new String(line, 0, colon, StandardCharsets.ISO_8859_1);
    if (!HttpToken.isToken(name)) {
      throw badRequest("field name is not a token: " + quote(name));
    }
    for (int i = colon + 1; i < length; i++) {
      if (!HttpHeaders.isFieldValueChar(line[i] & 0xff)) {
        throw badRequest("control character 0x" + Integer.toHexString(line[i] & 0xff) + " in the value of " + name);
      }
    }
    headers.add(name, new String(line, colon + 1, length - colon - 1, StandardCharsets.ISO_8859_1));
  }

  static HttpParseException badRequest(String message) {
    return new HttpParseException(HttpParseException.BAD_REQUEST, message);
  }

  /** Quotes peer text for a message, cut short so a huge line cannot bloat a log. */
  static String quote(String s) {
    return '"' + (s.length() > 64 ? s.substring(0, 64) + "..." : s) + '"';
  }
}
