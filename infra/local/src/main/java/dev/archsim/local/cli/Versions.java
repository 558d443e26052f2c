package dev.archsim.local.cli;

import dev.archsim.engine.catalog.Catalog;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** "archsim --version": this build, the price book its costs come from, and the JDK it runs on. */
final class Versions implements CommandLine.IVersionProvider {
  static String archsim() {
    Properties p = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream("/archsim-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through: unknown
    }
    return p.getProperty("version", "unknown");
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "archsim " + archsim(),
      "price book " + Catalog.PRICE_BOOK_VERSION,
      "Java "
          + System.getProperty("java.version")
          + " ("
          + System.getProperty("java.vendor")
          + ", "
          + System.getProperty("os.name")
          + " "
          + System.getProperty("os.arch")
          + ")"
    };
  }
}
