package io.sockjet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link UrlPath}: the segments of a served path, and the paths that could lead out. */
class UrlPathTest {

  @Test
  void segmentsArePercentDecoded() {
    assertThat(UrlPath.segments("/a%20b/c+d.sh")).containsExactly("a b", "c+d.sh");
    assertThat(UrlPath.segments("/dir/")).containsExactly("dir", "");
    assertThat(UrlPath.segments("/")).containsExactly("");
  }

  @Test
  void pathsThatCouldLeadOutOrToHiddenFilesAreRefused() {
    for (String path : new String[] {"/../x", "/a/../../x", "/%2e%2e/x", "/%2E%2E/x", "/./x",
        "/.git/config", "//x", "/a//b", "/a\\..\\x", "/a%5c..%5cx", "/x%00.sh", "x", ""}) {
      assertThat(UrlPath.segments(path)).as(path).isNull();
    }
  }

  @Test
  void aStrayPercentIsKeptAsSent() {
    assertThat(UrlPath.decode("/100%")).isEqualTo("/100%");
  }

  @Test
  void headerNamesBecomeCgiVariables() {
    assertThat(CgiEnvironment.headerVariable("User-Agent")).isEqualTo("HTTP_USER_AGENT");
    assertThat(CgiEnvironment.headerVariable("x.odd-Name")).isEqualTo("HTTP_X_ODD_NAME");
  }

  @Test
  void staticContentTypesFollowTheExtension() {
    assertThat(StaticFiles.type(java.nio.file.Path.of("a/INDEX.HTML")))
        .isEqualTo("text/html; charset=utf-8");
    assertThat(StaticFiles.type(java.nio.file.Path.of("x.wasm"))).isEqualTo("application/wasm");
    assertThat(StaticFiles.type(java.nio.file.Path.of("noext")))
        .isEqualTo("application/octet-stream");
  }
}
