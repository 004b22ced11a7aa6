package io.sockjet.cli;

/**
 * One client-to-server message of {@code serve --pubsub}, parsed: {@code sub TOPIC}, {@code unsub
 * TOPIC} or {@code pub TOPIC PAYLOAD}, or why it is none of these. Immutable; {@link #parse} is
 * stateless and thread-safe.
 *
 * <p>The grammar: a verb, one space, a topic; for {@code pub}, then one space and the payload,
 * which is the rest of the message (any text, empty included; {@code pub TOPIC} with no space
 * after the topic has an empty payload). A topic is 1 to {@link #MAX_TOPIC} UTF-16 code units
 * (JavaScript's {@code length}) with no space and no control character, so that {@code msg TOPIC
 * PAYLOAD} splits at its first two spaces and a topic prints on one line.
 *
 * @param verb {@code sub}, {@code unsub} or {@code pub}; null for a bad command
 * @param topic the topic; null for a bad command
 * @param payload what {@code pub} publishes; null otherwise
 * @param error why the message is not a command (for the {@code err} reply); null if it is one
 */
record PubSubCommand(String verb, String topic, String payload, String error) {
  /** Longest topic: the library's limit on topic names (names are keys, not payloads). */
  static final int MAX_TOPIC = 1024;
  /** The topic rule, as a client is told it. */
  static final String TOPIC_RULE = "a topic is 1 to " + MAX_TOPIC
      + " characters, none of them a space or a control character";
  /** How much of an unknown verb an error repeats. */
  private static final int VERB_SHOWN = 32;

  /** Parses one text message. */
  static PubSubCommand parse(String message) {
    int space = message.indexOf(' ');
    String verb = space < 0 ? message : message.substring(0, space);
    String rest = space < 0 ? "" : message.substring(space + 1);
    return switch (verb) {
      case "sub", "unsub" -> topicOnly(verb, rest);
      case "pub" -> publish(rest);
      default -> unknown(message, verb);
    };
  }

  /** {@code rest}: what follows {@code "pub "}, the topic and then the payload. */
  private static PubSubCommand publish(String rest) {
    int end = rest.indexOf(' ');
    String topic = end < 0 ? rest : rest.substring(0, end);
    PubSubCommand checked = topicOnly("pub", topic);
    return checked.error != null ? checked
        : new PubSubCommand("pub", topic, end < 0 ? "" : rest.substring(end + 1), null);
  }

  private static PubSubCommand unknown(String message, String verb) {
    if (message.isEmpty()) {
      return bad("empty command: use sub, unsub or pub");
    }
    String shown = verb.length() > VERB_SHOWN ? verb.substring(0, VERB_SHOWN) + "..." : verb;
    return bad("unknown command \"" + ConnectionLog.clean(shown) + "\": use sub, unsub or pub");
  }

  private static PubSubCommand topicOnly(String verb, String topic) {
    if (topic.isEmpty()) {
      String usage = verb.equals("pub") ? "pub TOPIC PAYLOAD" : verb + " TOPIC";
      return bad(verb + " needs a topic: " + usage);
    }
    if (!isTopic(topic)) {
      return bad("bad topic: " + TOPIC_RULE);
    }
    return new PubSubCommand(verb, topic, null, null);
  }

  /** Whether {@code s} is a topic: see the class comment. */
  static boolean isTopic(String s) {
    if (s.isEmpty() || s.length() > MAX_TOPIC) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' || Character.isISOControl(c)) {
        return false;
      }
    }
    return true;
  }

  private static PubSubCommand bad(String why) {
    return new PubSubCommand(null, null, null, why);
  }
}
