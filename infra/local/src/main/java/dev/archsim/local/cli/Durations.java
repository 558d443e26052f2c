package dev.archsim.local.cli;

import java.time.Duration;

/** Durations the way people write them in scenarios: P30D, PT6H, PT90M, PT45S. */
final class Durations {
  private Durations() {}

  static String iso(Duration d) {
    long s = d.getSeconds();
    if (d.getNano() != 0 || s < 0) {
      return d.toString();
    }
    if (s == 0) {
      return "PT0S";
    }
    if (s % 86_400 == 0) {
      return "P" + s / 86_400 + "D";
    }
    if (s % 3600 == 0) {
      return "PT" + s / 3600 + "H";
    }
    if (s % 60 == 0) {
      return "PT" + s / 60 + "M";
    }
    return "PT" + s + "S";
  }
}
