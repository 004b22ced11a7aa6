package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The grammar of {@code serve --pubsub}'s commands, one case per rule. */
class PubSubCommandTest {

  private static void assertCommand(String message, String verb, String topic, String payload) {
    PubSubCommand c = PubSubCommand.parse(message);
    assertThat(c.error()).as(message).isNull();
    assertThat(c.verb()).isEqualTo(verb);
    assertThat(c.topic()).isEqualTo(topic);
    assertThat(c.payload()).isEqualTo(payload);
  }

  private static void assertError(String message, String error) {
    PubSubCommand c = PubSubCommand.parse(message);
    assertThat(c.error()).as(message).isEqualTo(error);
    assertThat(c.verb()).isNull();
  }

  @Test
  void subAndUnsubTakeOneTopic() {
    assertCommand("sub prices", "sub", "prices", null);
    assertCommand("unsub prices.eur/usd:1", "unsub", "prices.eur/usd:1", null);
    assertCommand("sub caf\u00e9\u00a0\ud83d\ude00", "sub", "caf\u00e9\u00a0\ud83d\ude00", null);
  }

  @Test
  void thePayloadIsTheRestOfTheMessageAfterOneSpace() {
    assertCommand("pub t hello world", "pub", "t", "hello world");
    assertCommand("pub t  two spaces kept ", "pub", "t", " two spaces kept ");
    assertCommand("pub t line\nbreaks\ttoo", "pub", "t", "line\nbreaks\ttoo");
    assertCommand("pub t ", "pub", "t", "");
    assertCommand("pub t", "pub", "t", "");
  }

  @Test
  void aTopicIsUpTo1024CharactersWithoutSpacesOrControls() {
    String longest = "x".repeat(PubSubCommand.MAX_TOPIC);
    assertCommand("sub " + longest, "sub", longest, null);
    String bad = "bad topic: " + PubSubCommand.TOPIC_RULE;
    assertError("sub " + longest + "x", bad);
    assertError("sub two words", bad);
    assertError("sub tab\there", bad);
    assertError("unsub new\nline", bad);
    assertError("pub " + "y".repeat(PubSubCommand.MAX_TOPIC + 1) + " payload", bad);
  }

  @Test
  void aMissingTopicSaysHowTheCommandIsWritten() {
    assertError("sub", "sub needs a topic: sub TOPIC");
    assertError("sub ", "sub needs a topic: sub TOPIC");
    assertError("unsub", "unsub needs a topic: unsub TOPIC");
    assertError("pub", "pub needs a topic: pub TOPIC PAYLOAD");
    assertError("pub  payload", "pub needs a topic: pub TOPIC PAYLOAD");
  }

  @Test
  void unknownVerbsAreNamedShortAndClean() {
    assertError("", "empty command: use sub, unsub or pub");
    assertError(" sub t", "unknown command \"\": use sub, unsub or pub");
    assertError("SUB t", "unknown command \"SUB\": use sub, unsub or pub");
    assertError("subscribe t", "unknown command \"subscribe\": use sub, unsub or pub");
    assertError("x".repeat(100), "unknown command \"" + "x".repeat(32) + "...\": use sub, "
        + "unsub or pub");
    assertError("bad\u001b[2J", "unknown command \"bad?[2J\": use sub, unsub or pub");
  }
}
