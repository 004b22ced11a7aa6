package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The coalescing rules of {@link Presence}, without a server. */
class PresenceTest {
  private final Presence presence = new Presence();

  @Test
  void nothingPendingFlushesNothing() {
    assertThat(presence.pending()).isFalse();
    assertThat(presence.flush()).isNull();
    assertThat(presence.announcedJson()).isEqualTo("[]");
  }

  @Test
  void aWindowsJoinsAndLeavesGoOutAsOneEvent() {
    presence.join("Ada");
    presence.join("Bob");
    presence.join("Eve");
    assertThat(presence.flush())
        .isEqualTo("{\"type\":\"presence\",\"joined\":[\"Ada\",\"Bob\",\"Eve\"],\"left\":[]}");
    presence.leave("Eve");
    presence.join("Grace");
    assertThat(presence.flush())
        .isEqualTo("{\"type\":\"presence\",\"joined\":[\"Grace\"],\"left\":[\"Eve\"]}");
    assertThat(presence.flush()).isNull();
    assertThat(presence.announced()).containsExactly("Ada", "Bob", "Grace");
  }

  @Test
  void aNameThatJoinsAndLeavesWithinAWindowIsNeverTold() {
    presence.join("Ada");
    presence.flush();
    presence.join("Eve");
    presence.leave("Eve");
    assertThat(presence.pending()).isFalse();
    assertThat(presence.flush()).isNull();
    assertThat(presence.announced()).containsExactly("Ada");
  }

  @Test
  void aNameLeftAndTakenAgainWithinAWindowIsInBothLists() {
    presence.join("Eve");
    presence.flush();
    presence.leave("Eve");
    presence.join("Eve"); // someone new took the name
    assertThat(presence.flush())
        .isEqualTo("{\"type\":\"presence\",\"joined\":[\"Eve\"],\"left\":[\"Eve\"]}");
    assertThat(presence.announced()).containsExactly("Eve");

    presence.leave("Eve");
    presence.join("Eve");
    presence.leave("Eve"); // and left again: only the first leave is news
    assertThat(presence.flush())
        .isEqualTo("{\"type\":\"presence\",\"joined\":[],\"left\":[\"Eve\"]}");
    assertThat(presence.announced()).isEmpty();
  }

  @Test
  void theWelcomeListIsTheAnnouncedRoomEncodedOncePerChange() {
    presence.join("Ada");
    assertThat(presence.announcedJson()).as("Ada is not announced yet").isEqualTo("[]");
    presence.flush();
    String list = presence.announcedJson();
    assertThat(list).isEqualTo("[\"Ada\"]");
    presence.join("Bob"); // pending changes leave the announced list alone
    assertThat(presence.announcedJson()).isSameAs(list);
    presence.flush();
    assertThat(presence.announcedJson()).isEqualTo("[\"Ada\",\"Bob\"]")
        .isSameAs(presence.announcedJson());
  }
}
