/** Test helpers shared by Sockjet's modules. Not for production use. */
module io.sockjet.testkit {
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;
  exports io.sockjet.testkit;
}
