package dev.archsim.local.prices;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Where {@code archsim prices update} writes the refreshed price book, per platform. */
public final class PriceCache {
  private PriceCache() {}

  /**
   * {@code $ARCHSIM_CACHE_DIR/prices} when set; else {@code %LOCALAPPDATA%\archsim\prices} on
   * Windows, {@code ~/Library/Caches/archsim/prices} on macOS, {@code
   * ${XDG_CACHE_HOME:-~/.cache}/archsim/prices} elsewhere.
   */
  public static Path defaultDir(Map<String, String> env, String os, String home) {
    String own = env.get("ARCHSIM_CACHE_DIR");
    if (own != null && !own.isBlank()) {
      return Path.of(own, "prices");
    }
    String o = os.toLowerCase(Locale.ROOT);
    if (o.contains("win") && env.get("LOCALAPPDATA") != null) {
      return Path.of(env.get("LOCALAPPDATA"), "archsim", "prices");
    }
    if (o.contains("mac")) {
      return Path.of(home, "Library", "Caches", "archsim", "prices");
    }
    String xdg = env.get("XDG_CACHE_HOME");
    return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".cache"))
        .resolve("archsim")
        .resolve("prices");
  }

  /** The cache directory of this process's user. */
  public static Path defaultDir() {
    return defaultDir(
        System.getenv(), System.getProperty("os.name"), System.getProperty("user.home"));
  }
}
