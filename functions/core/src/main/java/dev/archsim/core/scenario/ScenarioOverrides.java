package dev.archsim.core.scenario;

import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.validate.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a caller changes in a scenario before running it: the command line's {@code --trials},
 * {@code --seed}, {@code --horizon}, {@code --mode} and {@code --stage}, the API's {@code trials}
 * and {@code seed}. Applied to the parsed model as typed copies ({@link #applyTo(Scenario)}); a run
 * stores them beside its document, which is stored as the user wrote it, and every process that
 * parses that document applies them again, so each stage keeps its place in the file (the key of
 * its random streams) and a re-parse draws the same trials (docs/decisions/056).
 *
 * @param trials trials per stage (null: the scenario's)
 * @param seed (null: the scenario's)
 * @param horizon simulated time per trial (null: the scenario's)
 * @param mode fluid or request-level simulation (null: the scenario's)
 * @param stages the places in the file (0 for the first) of the stages to keep, in increasing
 *     order, each once (empty: every stage)
 */
public record ScenarioOverrides(
    Integer trials, Long seed, Duration horizon, RunSettings.Mode mode, List<Integer> stages) {

  public static final ScenarioOverrides NONE = new ScenarioOverrides(null, null, null, null, null);

  public ScenarioOverrides {
    TreeSet<Integer> places = new TreeSet<>(stages == null ? List.of() : stages);
    if (!places.isEmpty() && places.first() < 0) {
      throw new IllegalArgumentException("a stage's place in the file is 0 or more: " + stages);
    }
    stages = List.copyOf(places);
  }

  /** The API's overrides: trials and seed. */
  public static ScenarioOverrides of(Integer trials, Long seed) {
    return new ScenarioOverrides(trials, seed, null, null, List.of());
  }

  public boolean changesRun() {
    return trials != null || seed != null || horizon != null || mode != null;
  }

  /** Whether these change nothing. */
  public boolean isNone() {
    return !changesRun() && stages.isEmpty();
  }

  /**
   * The scenario with these changes, as typed copies of the model. The stages kept keep their
   * numbers ({@link Scenario#stageNumber}): on a scenario as parsed, their places in the file.
   */
  public Scenario applyTo(Scenario scenario) {
    RunSettings run = scenario.run();
    if (trials != null) {
      run = run.withTrials(trials);
    }
    if (seed != null) {
      run = run.withSeed(seed);
    }
    if (horizon != null) {
      run = run.withHorizon(horizon);
    }
    if (mode != null) {
      run = run.withMode(mode);
    }
    Scenario out = changesRun() ? scenario.withRun(run) : scenario;
    return stages.isEmpty() ? out : out.onlyStagesAt(stages);
  }

  /** Who gave the overrides, and so how a problem with one of them is said. */
  public enum Terms {
    /** As the flag was typed: "--trials 0: must be between 1 and 100000". */
    COMMAND_LINE,
    /** As the query parameter, like the API's other ones: "?trials: must be ...; found 0". */
    REQUEST;

    String where(String field, Object value) {
      return this == COMMAND_LINE ? "--" + field + " " + shown(value) : "?" + field;
    }

    String message(String message) {
      return this == COMMAND_LINE ? message.replaceAll("; found .*$", "") : message;
    }

    private static String shown(Object value) {
      if (value instanceof Duration d && d.getNano() == 0 && d.toSeconds() % 86_400 == 0) {
        return "P" + d.toDays() + "D"; // as a user writes whole days
      }
      return value instanceof RunSettings.Mode m ? m.id() : String.valueOf(value);
    }
  }

  /**
   * The problems of these overrides on {@code asWritten} (the scenario as parsed from its document)
   * that no rule of the changed model reports: a stage place the scenario does not have.
   */
  public List<Violation> problems(Scenario asWritten, Terms terms) {
    List<Violation> out = new ArrayList<>();
    for (int place : stages) {
      if (place >= asWritten.stages().size()) {
        out.add(
            Violation.error(
                terms.where("stage", place + 1),
                "no such stage: the scenario has " + asWritten.stages().size()));
      }
    }
    return out;
  }

  /**
   * The errors among {@code found} (the rules' problems of a scenario with these overrides applied)
   * that refuse a value these overrides set: at {@code $.run.trials} when they set the trials, and
   * so on.
   */
  public List<Violation> refusals(List<Violation> found) {
    List<Violation> out = new ArrayList<>();
    for (Violation v : found) {
      if (v.isError() && given(v.path()) != null) {
        out.add(v);
      }
    }
    return out;
  }

  /** These overrides without the run settings {@code refused} ({@link #refusals}) is at. */
  public ScenarioOverrides without(List<Violation> refused) {
    java.util.Set<String> paths = new java.util.HashSet<>();
    for (Violation v : refused) {
      paths.add(v.path());
    }
    return new ScenarioOverrides(
        paths.contains("$.run.trials") ? null : trials,
        paths.contains("$.run.seed") ? null : seed,
        paths.contains("$.run.horizon") ? null : horizon,
        paths.contains("$.run.mode") ? null : mode,
        stages);
  }

  private Object given(String path) {
    return switch (path) {
      case "$.run.trials" -> trials;
      case "$.run.seed" -> seed;
      case "$.run.horizon" -> horizon;
      case "$.run.mode" -> mode;
      default -> null;
    };
  }

  private static final Pattern STAGE = Pattern.compile("^\\$\\.stages\\[(\\d+)]");

  /**
   * The problems the rules found in {@code changed} (these overrides applied to a scenario as
   * parsed) said in the terms of the document and of the caller: a stage's path at its place in the
   * file, not in the selection; a run setting these overrides gave at the flag or query parameter
   * that gave it, not at the document's {@code $.run} where the value is not.
   */
  public List<Violation> said(List<Violation> found, Scenario changed, Terms terms) {
    List<Violation> out = new ArrayList<>(found.size());
    for (Violation v : found) {
      String path = v.path();
      Matcher m = STAGE.matcher(path);
      if (m.find()) {
        int index = Integer.parseInt(m.group(1));
        if (index < changed.stages().size()) {
          path = "$.stages[" + changed.stageNumber(index) + "]" + path.substring(m.end());
        }
      }
      Object given = given(path);
      out.add(
          given == null
              ? new Violation(path, v.message(), v.severity())
              : new Violation(
                  terms.where(path.substring("$.run.".length()), given),
                  terms.message(v.message()),
                  v.severity()));
    }
    return out;
  }
}
