package dev.archsim.local.cli;

import dev.archsim.engine.component.Numbers;
import java.time.Duration;

/** Durations the way people write them in scenarios: P30D, PT6H, PT90M, PT45S. */
final class Durations {
  private Durations() {}

  static String iso(Duration d) {
    return Numbers.iso(d);
  }
}
