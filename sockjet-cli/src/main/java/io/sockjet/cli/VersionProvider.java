package io.sockjet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version for {@code --version}: the Maven project version, written into {@code
 * version.properties} by resource filtering when the module is built.
 */
final class VersionProvider implements IVersionProvider {

  /** One line: {@code sockjet 0.1.0-SNAPSHOT (Java 17.0.15)}. */
  @Override
  public String[] getVersion() {
    return new String[] {"sockjet " + version() + " (Java " + Runtime.version() + ")"};
  }

  /** The project version, or "unknown" if the resource is missing (an unfiltered build). */
  static String version() {
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
