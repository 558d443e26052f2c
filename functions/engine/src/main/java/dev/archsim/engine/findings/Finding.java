package dev.archsim.engine.findings;

/**
 * Something about an architecture that needs no simulation to see.
 *
 * @param category e.g. single-point-of-failure, quota, security, reliability
 * @param severity high, medium, low
 * @param component the part it is about
 * @param message what it means for the user
 */
public record Finding(String category, String severity, String component, String message) {

  /**
   * A finding whose message is {@code format} filled with {@code args} in the root locale, so its
   * numbers read the same on every machine.
   */
  public static Finding formatted(
      String category, String severity, String component, String format, Object... args) {
    return new Finding(
        category, severity, component, String.format(java.util.Locale.ROOT, format, args));
  }
}
