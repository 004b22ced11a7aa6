package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProxyAddressTest {

  @Test
  void hostAndPort() {
    assertThat(ProxyAddress.parse("http://proxy.example:3128"))
        .isEqualTo(new ProxyAddress("proxy.example", 3128, null, null));
  }

  @Test
  void portDefaultsToEightyAndATrailingSlashIsFine() {
    assertThat(ProxyAddress.parse("http://proxy/"))
        .isEqualTo(new ProxyAddress("proxy", 80, null, null));
  }

  @Test
  void credentialsArePercentDecoded() {
    assertThat(ProxyAddress.parse("http://al%3Ace:p%40ss+word@10.0.0.1:8080"))
        .isEqualTo(new ProxyAddress("10.0.0.1", 8080, "al:ce", "p@ss+word"));
    assertThat(ProxyAddress.parse("http://bob@h:1")).isEqualTo(new ProxyAddress("h", 1, "bob", ""));
  }

  @Test
  void ipv6LiteralLosesItsBrackets() {
    assertThat(ProxyAddress.parse("http://[::1]:8080"))
        .isEqualTo(new ProxyAddress("::1", 8080, null, null));
  }

  @Test
  void rejectsOtherSchemesPathsAndGarbage() {
    for (String bad : new String[] {"https://p:1", "socks5://p:1", "p:8080", "http://p:1/x",
        "http://p:1?q", "http://", "not a url"}) {
      assertThatThrownBy(() -> ProxyAddress.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--proxy");
    }
  }
}
