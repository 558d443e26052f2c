package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.Scenarios.CapacityChange;
import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.AsyncQueue;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.result.TrialOutcome;
import dev.archsim.engine.sim.InfrastructureEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An EC2 Auto Scaling group or an ECS service on Fargate consuming the SQS queue, against the
 * closed forms of a fluid queue: n workers drain n·μ messages a second, a backlog grows at (λ −
 * n·μ)·t while the messages outrun them, an outage of T drains in λT / (nμ − λ), and target
 * tracking on the backlog per instance scales to ceil(backlog / target) on its third datapoint.
 */
class QueueWorkersTest {
  /** The requests per second that send {@code messages} a second (one write each, no static). */
  static double rpsFor(double messages) {
    return messages / (1 - Math.exp(-1));
  }

  static AsyncQueue queue(AsyncQueue.Workers workers) {
    return new AsyncQueue(1.0, 0, 5, 0, 96, 0, false, 30, true, 1, null, workers);
  }

  /** m5.large workers (2 vCPU, 100 ms a message: 20 msg/s each) placed as given. */
  static AsyncQueue.Workers workers(
      String type, Map<String, Integer> placement, ComputeTier.AutoScaling asg) {
    return new AsyncQueue.Workers(
        new ComputeTier("workers", type, placement, null, null, asg, null), 1, 100, null);
  }

  static Scenario scenario(Architecture a, double messages, Faults f, Duration horizon) {
    return Scenarios.oneStage(
        new RunSettings(horizon, Duration.ofMinutes(1), 1, 5, RunSettings.InitialState.ALL_HEALTHY),
        TiersTest.workload(rpsFor(messages), 0, 1),
        a,
        f);
  }

  /** One trial of {@code messages} a second on {@code a} in steps of a minute. */
  static StageSummary run(Architecture a, double messages, Faults f, Duration horizon) {
    return TiersTest.run(
        a, TiersTest.workload(rpsFor(messages), 0, 1), f, horizon, Duration.ofMinutes(1), 1);
  }

  static Architecture arch(AsyncQueue q) {
    return TiersTest.arch(TiersTest.rds(true, 0, null, false), null, q, null, TiersTest.alb());
  }

  @Test
  void aBacklogGrowsAtTheArrivalsLessTheWorkersDrainRate() {
    // λ = 60 msg/s, two m5.large workers at 20 msg/s each: c·μ = 40; after an hour (60 − 40) ×
    // 3600 = 72 000 messages wait and 40 × 3600 = 144 000 were consumed
    Architecture a =
        arch(queue(workers("m5.large", Map.of("us-east-1a", 1, "us-east-1b", 1), null)));
    StageSummary r = run(a, 60, Faults.NONE, Duration.ofHours(1));
    assertThat(r.peaks().get("queue.maxBacklog")).isCloseTo(72_000L, within(2L));
    assertThat(r.countersPerTrial().get("queue.consumed")).isCloseTo(144_000, within(2.0));
    assertThat(r.requestsFailed()).isZero();
    // two instances for the hour, billed at the type's on-demand price
    assertThat(r.costByComponentUsd().get("ec2:workers (m5.large on-demand, queue workers)"))
        .isCloseTo(2 * Catalog.onDemandUsd("us-east-1", "m5.large") * 730, within(0.01));
  }

  @Test
  void anOutageOfTheWorkersAZsDrainsInTheArrivalsOverTheSpareRate() {
    // λ = 30 msg/s, two workers (c·μ = 40) in us-east-1a and one... both in us-east-1a: losing it
    // for an hour (a consumer outage) leaves 30 × 3600 = 108 000 waiting, which drain at 40 − 30
    // = 10 msg/s: 10 800 s. Four hours in all: by the end 108 000 − 10 × 3600 × 2 = 36 000 are
    // left (the AZ comes back at 2 h, its instances healthy ~20 s later at the ALB's checks)
    Architecture a = arch(queue(workers("m5.large", Map.of("us-east-1a", 2), null)));
    Faults f =
        new Faults(
            null,
            null,
            List.of(new Faults.AzOutage("us-east-1a", Duration.ofHours(1), Duration.ofHours(1))));
    StageSummary r = run(a, 30, f, Duration.ofHours(4));
    double healthyAfter = 10 * 0.5 + 10; // the ALB's healthy threshold 2 at a 10 s interval
    double expectedLeft = 108_000 + 30 * healthyAfter - 10 * (7200 - healthyAfter);
    double consumed = 30 * 4 * 3600 - expectedLeft;
    assertThat(r.countersPerTrial().get("queue.consumed")).isCloseTo(consumed, within(400.0));
    assertThat(r.peaks().get("queue.maxBacklog")).isCloseTo(108_000L, within(600L));
    // the oldest message waited the outage (and the health checks) and no more
    assertThat(r.peaks().get("queue.maxAgeSeconds")).isCloseTo(3600L, within(60L));
  }

  @Test
  void backlogPerInstanceScalesOutToTheBacklogOverTheTargetOnItsThirdDatapoint() {
    // λ = 100 msg/s on one worker (20 msg/s): the backlog grows 80 a second; the datapoints at 60,
    // 120, 180 s are 4800, 9600, 14 400 messages per instance, above the target of 600; the third
    // sets the capacity to ceil(14 400 / 600) = 24 and the backlog drains once they serve
    ComputeTier.AutoScaling asg =
        new ComputeTier.AutoScaling(
            1,
            50,
            1,
            List.of(new ComputeTier.BacklogTracking(600)),
            List.of(),
            "elb",
            0,
            120,
            180,
            false);
    Architecture a = arch(queue(workers("m5.large", Map.of("us-east-1b", 1), asg)));
    Scenario s = scenario(a, 100, Faults.NONE, Duration.ofHours(2));
    TrialOutcome[] outcome = new TrialOutcome[1];
    List<CapacityChange> changes = Scenarios.capacityChanges(s, outcome);
    TrialOutcome o = outcome[0];
    assertThat(changes).isNotEmpty();
    assertThat(changes.get(0).at()).isEqualTo(180.0);
    assertThat(changes.get(0).e())
        .isEqualTo(
            new InfrastructureEvent.DesiredCapacityChanged(1, 24, "14400 messages per instance"));
    assertThat(o.peaks().get("workers.maxInService")).isGreaterThanOrEqualTo(24L);
    // 24 workers drain 480 msg/s against 100: the backlog is gone within a minute of their being in
    // service, and the fifteenth datapoint below 0.9 × 600 (at 1200 s) scales in to the
    // proportional capacity of an empty queue, one; one worker falls behind again and the cycle
    // repeats every 1200 s: a group tracking the backlog alone, under a steady stream above one
    // worker's rate, oscillates (its minimum should carry the base load)
    assertThat(changes.get(1))
        .isEqualTo(
            new CapacityChange(
                1200.0,
                new InfrastructureEvent.DesiredCapacityChanged(24, 1, "0 messages per instance")));
    assertThat(changes.get(2).at()).isEqualTo(1380.0);
    assertThat(changes.get(2).e()).isEqualTo(changes.get(0).e());
  }

  @Test
  void anEcsServiceOnFargateBillsItsTasksAtTheFargateSizesPrice() {
    Architecture a =
        arch(queue(workers("fargate.1vcpu-2gb", Map.of("us-east-1a", 1, "us-east-1b", 2), null)));
    StageSummary r = run(a, 10, Faults.NONE, Duration.ofHours(1));
    assertThat(
            r.costByComponentUsd()
                .get("fargate:workers (fargate.1vcpu-2gb on-demand, queue workers)"))
        .isCloseTo(3 * Catalog.onDemandUsd("us-east-1", "fargate.1vcpu-2gb") * 730, within(0.01));
    assertThat(r.peaks().getOrDefault("queue.maxBacklog", 0L)).isZero();
  }

  /**
   * SQS bills requests, a ReceiveMessage or DeleteMessageBatch of up to 10 messages being one (each
   * 64 KB chunk of what a receive returns one more). Two m5.large workers drain 40 msg/s: against
   * 60 a second the backlog never empties, so every receive is a full batch; against 30 a second
   * they keep up, and a long poll returns each message as it arrives, one a receive.
   */
  @Test
  void workersReceiveWaitingMessagesInFullBatchesAndKeptUpArrivalsOneAtATime() {
    double price = dev.archsim.engine.catalog.Services.usd("sqs.request", "us-east-1");
    double month = 730; // an hour's requests, billed as a month of them
    for (int batch : new int[] {1, 10}) {
      AsyncQueue.Workers w =
          new AsyncQueue.Workers(
              new ComputeTier(
                  "workers",
                  "m5.large",
                  Map.of("us-east-1a", 1, "us-east-1b", 1),
                  null,
                  null,
                  null,
                  null),
              1,
              100,
              null,
              null,
              batch);
      StageSummary behind = run(arch(queue(w)), 60, Faults.NONE, Duration.ofHours(1));
      // 60 × 3600 SendMessage; 40 × 3600 received in calls of `batch`, each deleted in one call
      double sends = 60 * 3600.0;
      double consumed = 40 * 3600.0;
      assertThat(behind.costByComponentUsd().get("sqs"))
          .isCloseTo((sends + consumed * 2 / batch) * price * month, within(1e-6));
      StageSummary keepingUp = run(arch(queue(w)), 30, Faults.NONE, Duration.ofHours(1));
      assertThat(keepingUp.costByComponentUsd().get("sqs"))
          .isCloseTo(30 * 3600.0 * 3 * price * month, within(1e-6));
    }
  }

  /**
   * A worker resize (worker-resize): two c7g.large workers (2 vCPU, one message a vCPU at 100 ms:
   * 20 msg/s each, 40 in all) fall behind 60 msg/s by 20 a second for the first hour; resized to
   * c7g.xlarge (4 vCPU: 40 msg/s each) one at a time from the hour (the fleet drains at the new
   * type once the last has changed), they drain 80 a second, so the backlog (72 000 and what the
   * two stops add) is gone well before the fourth hour, and the workers bill the new type from the
   * resize.
   */
  @Test
  void aWorkerResizeDrainsAtTheNewTypesRateAndBillsIt() {
    AsyncQueue.Workers w = workers("c7g.large", Map.of("us-east-1a", 1, "us-east-1b", 1), null);
    Faults resize =
        new Faults(
            null,
            null,
            List.of(
                new dev.archsim.engine.component.QueueComponent.WorkerResize(
                    Duration.ofHours(1), "c7g.xlarge", 120)));
    StageSummary r = run(arch(queue(w)), 60, resize, Duration.ofHours(4));
    StageSummary none = run(arch(queue(w)), 60, Faults.NONE, Duration.ofHours(4));
    double sent = 60 * 4 * 3600.0;
    assertThat(none.countersPerTrial().get("queue.consumed"))
        .isCloseTo(40 * 4 * 3600.0, within(2.0));
    assertThat(r.countersPerTrial().get("queue.consumed")).isCloseTo(sent, within(2.0));
    // the backlog: 20 a second for the hour, then 40 a second while one worker at a time is
    // stopped (120 s) and passes its checks (10 to 20 s), to a minute's step
    assertThat(r.peaks().get("queue.maxBacklog"))
        .isBetween(72_000L + 2 * 40 * 130 - 1200, 72_000L + 2 * 40 * 140 + 2400);
    // billed as a month of: an hour of two c7g.large, then (but for the stops) three of c7g.xlarge
    double large = Catalog.onDemandUsd("us-east-1", "c7g.large");
    double xlarge = Catalog.onDemandUsd("us-east-1", "c7g.xlarge");
    double expected = 2 * (large * 1 + xlarge * 3) * 730 / 4;
    // each type on its own line, as the compute fleet's
    assertThat(
            r.costByComponentUsd().get("ec2:workers (c7g.large on-demand, queue workers)")
                + r.costByComponentUsd().get("ec2:workers (c7g.xlarge on-demand, queue workers)"))
        .isCloseTo(expected, within(0.02 * expected));
  }

  /**
   * Audit row 15: the Lambda event source mapping's batching window. At 125 msg/s with batches of
   * up to 1000 (100 ms an invocation and 1 ms a message), a 1 s window invokes with what a second
   * gathers, 125 messages: 125 × 3600 / 125 = 3600 invocations an hour, the oldest message 1 s old;
   * a 60 s window fills the batch first, 1000 messages in 8 s: 450 invocations, messages up to 8 s
   * old.
   */
  @Test
  void aLongerBatchingWindowInvokesLessOftenWithOlderMessages() {
    long[][] seen = new long[2][];
    double[] windows = {1, 60};
    for (int i = 0; i < 2; i++) {
      AsyncQueue.LambdaConsumer l =
          new AsyncQueue.LambdaConsumer(
              "worker", 1000, windows[i], null, 100, 1, 512, 3, true, false);
      AsyncQueue q = new AsyncQueue(1.0, 0, 5, 0, 96, 0, false, 30, true, 1, l, null);
      StageSummary r = run(arch(q), 125, Faults.NONE, Duration.ofHours(1));
      seen[i] =
          new long[] {
            Math.round(r.countersPerTrial().get("consumer.invocations")),
            r.peaks().get("queue.maxAgeSeconds")
          };
    }
    assertThat(seen[0]).containsExactly(3600L, 1L);
    assertThat(seen[1]).containsExactly(450L, 8L);
  }
}
