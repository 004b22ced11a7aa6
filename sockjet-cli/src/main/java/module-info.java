/** The sockjet command line (picocli). */
module io.sockjet.cli {
  requires io.sockjet;
  requires io.sockjet.redis; // serve --redis
  requires info.picocli;
  requires java.logging; // to quiet the library's INFO records on the command line
  // HdrHistogram's jar names no module; this is the name the JDK derives from the file name.
  requires HdrHistogram;
  opens io.sockjet.cli to info.picocli;
}
