package dev.archsim.core.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import java.time.Duration;
import java.util.List;

/**
 * What a caller changes in a scenario before running it: the command line's {@code --trials},
 * {@code --seed}, {@code --horizon}, {@code --mode} and {@code --stage}, the API's {@code trials}
 * and {@code seed}. Applied to the parsed model as typed copies ({@link #applyTo(Scenario)}); the
 * stored document, which the run's workers read back, gets the same changes ({@link
 * #applyTo(JsonNode)}), and {@code ScenarioOverridesTest} checks that the two agree for every
 * library scenario. The document is still edited because nothing writes a model back to JSON (the
 * modules only read their sections), the rules' problems quote the document, and the API's
 * overrides come before validation: docs/decisions/047 says what re-serialising from the model
 * needs.
 *
 * @param trials trials per stage (null: the scenario's)
 * @param seed (null: the scenario's)
 * @param horizon simulated time per trial (null: the scenario's)
 * @param mode fluid or request-level simulation (null: the scenario's)
 * @param stages the names of the stages to keep, in any order (empty: every stage)
 */
public record ScenarioOverrides(
    Integer trials, Long seed, Duration horizon, RunSettings.Mode mode, List<String> stages) {

  public static final ScenarioOverrides NONE = new ScenarioOverrides(null, null, null, null, null);

  public ScenarioOverrides {
    stages = stages == null ? List.of() : List.copyOf(stages);
  }

  /** The API's overrides: trials and seed. */
  public static ScenarioOverrides of(Integer trials, Long seed) {
    return new ScenarioOverrides(trials, seed, null, null, List.of());
  }

  public boolean changesRun() {
    return trials != null || seed != null || horizon != null || mode != null;
  }

  /** The scenario with these changes, as typed copies of the model. */
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
    return stages.isEmpty() ? out : out.onlyStages(stages);
  }

  /**
   * A copy of the scenario document with these changes, for storing with the run. A document that
   * is not an object, or whose {@code run} is not one, is returned as it is, for the schema to
   * report.
   */
  public JsonNode applyTo(JsonNode document) {
    if (!(document instanceof ObjectNode original)) {
      return document;
    }
    ObjectNode doc = original.deepCopy();
    if (!stages.isEmpty() && doc.get("stages") instanceof ArrayNode all) {
      ArrayNode kept = JsonNodeFactory.instance.arrayNode();
      for (JsonNode s : all) {
        if (stages.contains(s.path("name").asText())) {
          kept.add(s);
        }
      }
      doc.set("stages", kept);
    }
    if (changesRun() && (!doc.has("run") || doc.get("run").isObject())) {
      ObjectNode run = doc.has("run") ? (ObjectNode) doc.get("run") : doc.putObject("run");
      if (trials != null) {
        run.put("trials", trials);
      }
      if (seed != null) {
        run.put("seed", seed);
      }
      if (horizon != null) {
        run.put("horizon", horizon.toString());
      }
      if (mode != null) {
        run.put("mode", mode.id());
      }
    }
    return doc;
  }
}
