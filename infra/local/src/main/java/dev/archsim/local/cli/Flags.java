package dev.archsim.local.cli;

import dev.archsim.engine.validate.Limits;
import dev.archsim.engine.validate.Violation;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks of flag values, before any work, reported as the user typed them ("--horizon P400D: ...",
 * not the scenario path the value would land at).
 */
final class Flags {
  static final String DURATION_HELP =
      "write an ISO-8601 duration such as P30D (30 days), PT12H (12 hours) or P1DT6H";

  /**
   * A command that checks its flags with {@link Flags} before any work, so a flag picocli could not
   * convert is reported among the command's own problems (the flag is then unset).
   */
  interface Checked {}

  /** The values picocli could not convert, as typed, for the command about to run. */
  static final ThreadLocal<List<Violation>> FROM_PARSER = new ThreadLocal<>();

  private final Limits limits;
  final List<Violation> problems = new ArrayList<>();

  Flags(Limits limits) {
    this.limits = limits;
    List<Violation> parsed = FROM_PARSER.get();
    if (parsed != null) {
      problems.addAll(parsed);
      FROM_PARSER.remove();
    }
  }

  Flags trials(Integer trials) {
    if (trials != null && (trials < 1 || trials > limits.maxTrials())) {
      problems.add(
          Violation.error(
              "--trials " + trials,
              "must be between 1 and "
                  + String.format(java.util.Locale.ROOT, "%,d", limits.maxTrials())));
    }
    return this;
  }

  Flags workers(Integer workers) {
    if (workers != null && (workers < 1 || workers > 1024)) {
      problems.add(Violation.error("--workers " + workers, "must be between 1 and 1024"));
    }
    return this;
  }

  Flags atLeastOne(String flag, int value) {
    if (value < 1) {
      problems.add(Violation.error(flag + " " + value, "must be at least 1"));
    }
    return this;
  }

  Flags horizon(String horizon) {
    if (horizon == null) {
      return this;
    }
    Duration d;
    try {
      d = Duration.parse(horizon);
    } catch (DateTimeParseException e) {
      problems.add(Violation.error("--horizon " + horizon, "not a duration; " + DURATION_HELP));
      return this;
    }
    if (d.isNegative() || d.isZero()) {
      problems.add(Violation.error("--horizon " + horizon, "must be positive"));
    } else if (d.compareTo(limits.maxHorizon()) > 0) {
      problems.add(
          Violation.error(
              "--horizon " + horizon, "must be at most " + Durations.iso(limits.maxHorizon())));
    }
    return this;
  }

  Flags mode(String mode) {
    if (mode != null && !mode.equals("fluid") && !mode.equals("requests")) {
      problems.add(Violation.error("--mode " + mode, "must be fluid or requests"));
    }
    return this;
  }

  Flags writable(String flag, java.nio.file.Path file) {
    String why = OutputOptions.unwritable(flag, file);
    if (why != null) {
      int colon = why.indexOf(": ");
      problems.add(Violation.error(why.substring(0, colon), why.substring(colon + 2)));
    }
    return this;
  }
}
