package io.sockjet.protocol.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable, so thread-safe. The header fields of one HTTP head, in the order they were added:
 * an ordered multi-map whose names compare case-insensitively (RFC 9110 §5.1: "Field names are
 * case-insensitive").
 *
 * <p>Every field was validated when added: a name is an RFC 9110 token, a value holds no control
 * character but HTAB (so no CR, LF or NUL) and no character above U+00FF (heads are written as
 * ISO-8859-1). A writer can therefore put any {@code HttpHeaders} on the wire without risk of
 * header injection. Values are stored without leading or trailing SP/HTAB (RFC 9110 §5.5: that
 * white space "is not part of the field value").
 *
 * <p>Lookups scan the fields linearly: a head holds at most {@link HeadLimits#maxHeaders()}
 * fields (100 by default), so a hash index would cost more than it saves.
 */
public final class HttpHeaders implements Iterable<HttpHeaders.Field> {
  /** No fields at all. */
  public static final HttpHeaders EMPTY = new HttpHeaders(List.of());

  /**
   * One field line: a name as it was spelled and its value.
   *
   * @param name the field name, an RFC 9110 token, case preserved
   * @param value the field value, trimmed of surrounding SP/HTAB
   */
  public record Field(String name, String value) {
    /** Validates both parts; see the class comment for the rules. */
    public Field {
      checkName(name);
      value = checkValue(value);
    }
  }

  private final List<Field> fields;

  private HttpHeaders(List<Field> fields) {
    this.fields = fields;
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these fields, to extend them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.fields.addAll(fields);
    return b;
  }

  /**
   * The value of the first field named {@code name}, or {@code null} when there is none.
   * Nullable rather than {@code Optional} because the handshake code asks this on every head
   * and most answers are simply compared or passed on.
   */
  public String first(String name) {
    for (Field f : fields) {
      if (f.name.equalsIgnoreCase(name)) {
        return f.value;
      }
    }
    return null;
  }

  /** The values of every field named {@code name}, in order; empty when there is none. */
  public List<String> all(String name) {
    List<String> out = new ArrayList<>(2);
    for (Field f : fields) {
      if (f.name.equalsIgnoreCase(name)) {
        out.add(f.value);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** Whether at least one field is named {@code name}. */
  public boolean contains(String name) {
    return first(name) != null;
  }

  /**
   * The distinct field names, lower-cased so the set's own {@code contains} agrees with
   * {@link #contains(String)} for lower-case arguments, in order of first appearance.
   */
  public Set<String> names() {
    Set<String> out = new LinkedHashSet<>();
    for (Field f : fields) {
      out.add(f.name.toLowerCase(Locale.ROOT));
    }
    return Collections.unmodifiableSet(out);
  }

  /** The number of field lines. */
  public int size() {
    return fields.size();
  }

  /** Whether there is no field at all. */
  public boolean isEmpty() {
    return fields.isEmpty();
  }

  /** The field lines in order. */
  @Override
  public Iterator<Field> iterator() {
    return fields.iterator();
  }

  /**
   * The comma-separated elements of every field named {@code name}, in order, each trimmed of
   * SP/HTAB, empty elements dropped. RFC 9110 §5.6.1.2: "a recipient MUST parse and ignore a
   * reasonable number of empty list elements". RFC 9110 §5.3 lets several lines of one list
   * field be combined with commas, which is what this does.
   *
   * <p>Meant for lists of tokens ({@code Connection}, {@code Upgrade}, subprotocols): it does
   * not understand quoted strings, so a comma inside quotes would split an element.
   */
  public List<String> tokens(String name) {
    List<String> out = new ArrayList<>();
    for (Field f : fields) {
      if (!f.name.equalsIgnoreCase(name)) {
        continue;
      }
      String v = f.value;
      int start = 0;
      while (start <= v.length()) {
        int comma = v.indexOf(',', start);
        int end = comma < 0 ? v.length() : comma;
        String element = trim(v, start, end);
        if (!element.isEmpty()) {
          out.add(element);
        }
        start = end + 1;
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** Whether {@link #tokens(String)} holds {@code token}, compared case-insensitively. */
  public boolean containsToken(String name, String token) {
    for (String t : tokens(name)) {
      if (t.equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpHeaders other && fields.equals(other.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return fields.toString();
  }

  static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!HttpToken.isToken(name)) {
      throw new IllegalArgumentException("field name is not an RFC 9110 token: \"" + name + "\"");
    }
  }

  /** Returns the value trimmed, or throws when it holds a character no field value may hold. */
  static String checkValue(String value) {
    Objects.requireNonNull(value, "value");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!isFieldValueChar(c)) {
        throw new IllegalArgumentException(
            "field value holds a forbidden character U+" + String.format("%04X", (int) c) + " at index " + i);
      }
    }
    return trim(value, 0, value.length());
  }

  /** RFC 9110 §5.5: field-vchar = VCHAR / obs-text, plus SP and HTAB between them. */
  static boolean isFieldValueChar(int c) {
    return c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff);
  }

  private static String trim(String s, int start, int end) {
    while (start < end && isOws(s.charAt(start))) {
      start++;
    }
    while (end > start && isOws(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  /** Not thread-safe. Collects fields in order; {@link #build()} freezes a copy. */
  public static final class Builder {
    private final List<Field> fields = new ArrayList<>();

    private Builder() {}

    /**
     * Appends a field line.
     *
     * @throws IllegalArgumentException if the name is not a token or the value holds a control
     *     character other than HTAB, or a character above U+00FF
     */
    public Builder add(String name, String value) {
      fields.add(new Field(name, value));
      return this;
    }

    /** Appends every field of {@code headers}, in order. */
    public Builder addAll(HttpHeaders headers) {
      fields.addAll(headers.fields);
      return this;
    }

    /** Removes every field named {@code name} (case-insensitively), then appends one. */
    public Builder set(String name, String value) {
      Field f = new Field(name, value);
      fields.removeIf(existing -> existing.name.equalsIgnoreCase(name));
      fields.add(f);
      return this;
    }

    /** An immutable snapshot of the fields added so far. */
    public HttpHeaders build() {
      return fields.isEmpty() ? EMPTY : new HttpHeaders(List.copyOf(fields));
    }
  }
}
