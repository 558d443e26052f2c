package dev.archsim.core.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.sim.Simulator;
import org.junit.jupiter.api.Test;

/**
 * The lost-messages objective in the optimiser: judged like the RTO and RPO at an end of its
 * interval (decision 050), with the same words, and a design whose queue loses messages is dropped.
 */
class LostMessagesJudgementTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ScenarioCodec codec = new ScenarioCodec();

  static final Objectives AT_MOST_1000 = new Objectives(null, null, null, null, null, 1000.0);

  /** Figures with only lost messages: {@code perMillion} ± {@code ci95}. */
  static Judgement losing(double perMillion, double ci95) {
    return new Judgement(
        10,
        100,
        1,
        1,
        0,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        perMillion,
        ci95);
  }

  @Test
  void aLossWhoseLowerBoundPassesTheTargetSurelyFails() {
    Judgement j = losing(1500, 300);
    assertThat(j.surelyFails(AT_MOST_1000))
        .contains(
            "lost messages 1,500 per million (lower bound 1,200 per million) over the target"
                + " 1,000 per million by 200 per million");
  }

  @Test
  void aLossWhoseIntervalStraddlesTheTargetIsNotShownToHoldNorSurelyMissed() {
    Judgement j = losing(900, 300);
    assertThat(j.surelyFails(AT_MOST_1000)).isEmpty();
    assertThat(j.notShown(AT_MOST_1000))
        .contains(
            "lost messages 900 per million (upper bound 1,200 per million) over the target 1,000"
                + " per million by 200 per million");
    // within its interval entirely: shown to hold
    assertThat(losing(600, 300).notShown(AT_MOST_1000)).isEmpty();
    // nothing sent: nothing to lose, as a stage without recoveries meets its RTO
    assertThat(losing(Double.NaN, Double.NaN).notShown(AT_MOST_1000)).isEmpty();
  }

  @Test
  void theRecoveryObjectivesKeepTheirWords() {
    // the RTO and RPO go through the same judgement as the lost messages now
    Judgement j = new Judgement(4, 100, 1, 1, 0, Double.NaN, 233, Double.NaN);
    Objectives rto = new Objectives(null, null, null, 200.0, null);
    assertThat(j.surelyFails(rto))
        .contains("mean recovery 233 s (lower bound 233 s) over the RTO 200 s by 33 s");
  }

  /**
   * An ALB and m5.large instances writing every request's writes through a queue whose consumers
   * take {@code consumers} messages a second, kept for an hour: 10 requests a second write with
   * probability 1 − e^−1, 6.32 messages a second.
   */
  String queued(double consumers) {
    return """
        {"version": 1, "name": "queued",
         "run": {"horizon": "P1D", "step": "PT1M", "trials": 4, "seed": 7},
         "objectives": {"lostMessagesPerMillion": 1000},
         "workload": {"requestsPerSecond": 10,
           "profile": {"cpuMsPerRequest": 10, "staticFraction": 0, "dbWritesPerRequest": 1}},
         "stages": [{"name": "web", "architecture": {
           "region": "us-east-1", "azs": ["us-east-1a"],
           "entry": {"type": "alb"},
           "compute": {"name": "web", "instanceType": "m5.large", "placement": {"us-east-1a": 1}},
           "database": {"engine": "dynamodb", "capacity": {"mode": "on-demand"}, "storageGb": 1},
           "queue": {"share": 1.0, "consumerRatePerSecond": %s, "retentionHours": 1}}}],
         "designSpace": {"stage": "web", "choices": {"instancesPerAz": [1, 2]}}}
        """
        .formatted(consumers);
  }

  Optimizer.Result optimize(String text) throws Exception {
    var r = codec.parseJson(text);
    assertThat(r.errors()).isEmpty();
    JsonNode tree = JSON.readTree(text);
    var space = DesignSpace.read(tree, r.orThrow()).space().orElseThrow();
    return new Optimizer(codec, new Simulator())
        .optimize(
            tree,
            r.orThrow(),
            space,
            new Optimizer.Settings(Optimizer.Search.EXHAUSTIVE, 4, 2, 1000, 2));
  }

  @Test
  void theOptimiserDropsDesignsWhoseQueueLosesMessagesAndKeepsOnesThatDoNot() throws Exception {
    // 5 a second against 6.32: the backlog grows 1.32 a second and, once the oldest message is an
    // hour old, what passes the hour is deleted: every design loses, whatever its instances
    Optimizer.Result slow = optimize(queued(5));
    assertThat(slow.best()).isEmpty();
    assertThat(slow.outcomes())
        .hasSize(2)
        .allSatisfy(
            o -> {
              assertThat(o.status()).isEqualTo(Optimizer.Status.FAILS);
              assertThat(o.reason())
                  .startsWith("lost messages ")
                  .contains("over the target 1,000 per million");
              // (λ − μ)·H − λ·R = 1.3212 × 86 400 − 6.3212 × 3 600 = 91 396 of the 546 152 sent:
              // 167 346 per million
              assertThat(o.judgement().lostPerMillion()).isCloseTo(167_346, within(0.02 * 167_346));
            });
    // 10 a second keep up: nothing lost, the cheaper design wins
    Optimizer.Result fast = optimize(queued(10));
    assertThat(fast.best()).isPresent();
    assertThat(fast.best().get().design().label()).isEqualTo("instancesPerAz=1");
    assertThat(fast.best().get().judgement().lostPerMillion()).isZero();
  }
}
