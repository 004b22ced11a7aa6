/** The sockjet command line (picocli). */
module io.sockjet.cli {
  requires io.sockjet;
  requires info.picocli;
  opens io.sockjet.cli to info.picocli;
}
