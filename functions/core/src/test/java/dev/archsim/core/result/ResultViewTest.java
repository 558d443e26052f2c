package dev.archsim.core.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The typed view reads back every figure the codec writes: each accessor of {@link ResultView}
 * against the {@link StageSummary} the result was written from, for library scenarios that cover
 * objectives, recoveries, other tiers and partial costs. A field renamed on one side only fails
 * here instead of reading as 0 or NaN in the table, the report or compare.
 */
class ResultViewTest {
  static final Path LIBRARY = Path.of("../../events/scenarios");

  @ParameterizedTest
  @ValueSource(strings = {"whatisthetime.json", "db-failover.json", "dr-strategies.json"})
  void everyFigureReadsBackAsWritten(String file) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode doc = (ObjectNode) json.readTree(Files.readString(LIBRARY.resolve(file)));
    ((ObjectNode) doc.path("run")).put("horizon", "P2D").put("trials", 3);
    Scenario scenario = new ScenarioCodec().parseTree(doc).orThrow();
    List<StageAccumulator> accs = new ArrayList<>();
    for (int s = 0; s < scenario.stages().size(); s++) {
      accs.add(new Simulator().simulate(scenario, new Shard(s, s, 0, 3)));
    }
    RunSummary run = RunSummary.of(scenario, accs);
    ResultView view = ResultView.parse(ResultCodec.writeSummary(run));

    assertThat(view.scenario()).isEqualTo(run.scenario());
    assertThat(view.seed()).isEqualTo(run.seed());
    assertThat(view.trials()).isEqualTo(run.trials());
    assertThat(view.comparisons()).hasSameSizeAs(run.comparisons());
    for (int i = 0; i < run.comparisons().size(); i++) {
      RunSummary.Comparison c = run.comparisons().get(i);
      ResultView.Comparison v = view.comparisons().get(i);
      assertThat(v)
          .isEqualTo(
              new ResultView.Comparison(
                  c.from(),
                  c.to(),
                  c.availabilityDelta(),
                  c.failedRequestsDelta(),
                  c.latencyP99DeltaMs(),
                  c.monthlyCostDeltaUsd()));
    }
    assertThat(view.stages()).hasSameSizeAs(run.stages());
    for (int i = 0; i < run.stages().size(); i++) {
      StageSummary s = run.stages().get(i);
      ResultView.Stage v = view.stages().get(i);
      String at = file + " stage " + s.name();
      assertThat(v.index()).as(at).isEqualTo(s.index());
      assertThat(v.name()).as(at).isEqualTo(s.name());
      assertThat(v.description()).as(at).isEqualTo(s.description());
      assertThat(v.trials()).as(at).isEqualTo(s.trials());
      assertThat(List.of(v.requests(), v.served(), v.failed()))
          .as(at)
          .containsExactly(s.requestsTotal(), s.requestsServed(), s.requestsFailed());
      assertThat(v.failedByCause()).as(at).isEqualTo(s.failedByCause());
      assertThat(List.of(v.availability(), v.availabilityCi95(), v.availabilityWorst()))
          .as(at)
          .containsExactly(s.availabilityMean(), s.availabilityCi95(), s.availabilityWorst());
      assertThat(v.worstTrial()).as(at).isEqualTo(s.worstTrial());
      assertThat(
              List.of(
                  v.latency("mean"),
                  v.latency("p50"),
                  v.latency("p95"),
                  v.latency("p99"),
                  v.latency("p999")))
          .as(at)
          .containsExactly(
              s.latencyMeanMs(),
              s.latencyP50Ms(),
              s.latencyP95Ms(),
              s.latencyP99Ms(),
              s.latencyP999Ms());
      assertThat(v.monthlyUsd()).as(at).isEqualTo(s.monthlyCostUsd());
      assertThat(v.monthlyUsdCi95()).as(at).isEqualTo(s.monthlyCostCi95());
      assertThat(v.costByComponent()).as(at).isEqualTo(s.costByComponentUsd());
      assertThat(v.priceBook()).as(at).isEqualTo(s.priceBook());
      assertThat(v.costPartial()).as(at).isEqualTo(s.costPartial());
      assertThat(v.budgetUndetermined()).as(at).isEqualTo(s.budgetUndetermined());
      assertThat(v.prices().size() + v.unpriced().size())
          .as(at)
          .isEqualTo(s.prices().items().size());
      assertThat(v.instanceHoursPerTrial()).as(at).isEqualTo(s.instanceHoursPerTrial());
      assertThat(v.incidents())
          .as(at)
          .isEqualTo(
              new ResultView.Incidents(
                  s.incidentsPerTrial(),
                  s.meanDetectionSeconds(),
                  s.meanRecoverySeconds(),
                  s.maxRecoverySeconds()));
      assertThat(v.instances())
          .as(at)
          .isEqualTo(
              new ResultView.Instances(
                  s.instancesMean(),
                  s.instancesMin(),
                  s.instancesMax(),
                  s.creditCappedHoursPerTrial(),
                  s.instancesUnit()));
      StageSummary.Recovery r = s.recovery();
      assertThat(v.recovery())
          .as(at)
          .isEqualTo(
              new ResultView.Recovery(
                  r.perTrial(),
                  Double.isNaN(r.rtoMean()) ? null : new ResultView.Spread(r.rtoMean(), r.rtoP95()),
                  Double.isNaN(r.rpoMean())
                      ? null
                      : new ResultView.Spread(r.rpoMean(), r.rpoP95())));
      assertThat(v.tierCountersPerTrial()).as(at).isEqualTo(s.countersPerTrial());
      assertThat(v.tierPeaks()).as(at).isEqualTo(s.peaks());
      assertThat(v.findings())
          .as(at)
          .containsExactlyElementsOf(
              s.findings().stream()
                  .map(
                      f ->
                          new ResultView.Finding(
                              f.category(), f.severity(), f.component(), f.message()))
                  .toList());
      assertThat(v.wellArchitected())
          .as(at)
          .containsExactlyElementsOf(
              s.wellArchitected().stream()
                  .map(c -> new ResultView.Check(c.pillar(), c.check(), c.met()))
                  .toList());
      StageSummary.ObjectivesOutcome o = s.objectives();
      assertThat(v.objectivesMet()).as(at).isEqualTo(o.met());
      assertThat(v.probabilityAllMet()).as(at).isEqualTo(o.allMetProbability());
      List<String> set = new ArrayList<>();
      if (o.availabilityTarget() != null) {
        set.add(ResultView.Objective.AVAILABILITY + " " + o.availabilityTarget());
      }
      if (o.latencyP99TargetMs() != null) {
        set.add(ResultView.Objective.LATENCY_P99_MS + " " + o.latencyP99TargetMs());
      }
      if (o.monthlyBudgetUsd() != null) {
        set.add(ResultView.Objective.MONTHLY_BUDGET_USD + " " + o.monthlyBudgetUsd());
      }
      if (o.rtoTargetSeconds() != null) {
        set.add(ResultView.Objective.RTO_SECONDS + " " + o.rtoTargetSeconds());
      }
      if (o.rpoTargetSeconds() != null) {
        set.add(ResultView.Objective.RPO_SECONDS + " " + o.rpoTargetSeconds());
      }
      assertThat(v.objectives().stream().map(x -> x.field() + " " + x.target()).toList())
          .as(at)
          .isEqualTo(set);
    }
  }
}
