/** The sockjet command line (picocli). */
module io.sockjet.cli {
  requires io.sockjet;
  requires info.picocli;
  // HdrHistogram's jar names no module; this is the name the JDK derives from the file name.
  requires HdrHistogram;
  opens io.sockjet.cli to info.picocli;
}
