package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.Scenarios.CapacityChange;
import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.PriceKeys;
import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.StaticAnalyzer;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.AsyncQueue;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.result.TrialOutcome;
import dev.archsim.engine.sim.InfrastructureEvent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * EC2 and Fargate workers consuming the queue of a stage without an entry (docs/decisions/025):
 * producers outside the stage send the workload's rate λ straight to the queue (every request is
 * one message), and n workers in service drain n × concurrency × 1000 / messageMs messages a
 * second. Each figure against the closed form of a fluid first-in-first-out queue.
 */
class QueueWorkersWithoutAnEntryTest {
  static final List<String> AZS = List.of("us-east-1a", "us-east-1b", "us-east-1c");

  /** m5.large workers (2 vCPU, concurrency 2, 100 ms a message): μ = 20 messages a second. */
  static final double MU = 2 * 1000.0 / 100;

  static AsyncQueue.Workers workers(Map<String, Integer> placement, ComputeTier.AutoScaling asg) {
    return new AsyncQueue.Workers(
        new ComputeTier("workers", "m5.large", placement, null, null, asg, null), 1, 100, null);
  }

  static AsyncQueue queue(double retentionHours, AsyncQueue.Workers workers) {
    return new AsyncQueue(1.0, 0, 5, 0, retentionHours, 0, false, 30, true, 1, null, workers);
  }

  /** No entry and no compute: the queue, its workers and the DynamoDB table they write to. */
  static Architecture alone(AsyncQueue q) {
    Database table = TiersTest.dynamo(new Database.DynamoCapacity(true, 0, 0));
    return new Architecture("us-east-1", AZS, null, null, table, q, null, Map.of());
  }

  /** λ messages a second from the producers: a constant rate, one write per message. */
  static Workload producers(double lambda) {
    return new Workload(
        lambda,
        new TrafficPattern.Constant(),
        new RequestProfile(10, 1024, 20, 10_000, 0, 0, 1),
        List.of());
  }

  static Scenario scenario(Architecture a, double lambda, Faults f, Duration horizon) {
    return Scenarios.oneStage(
        new RunSettings(horizon, Duration.ofMinutes(1), 1, 7, RunSettings.InitialState.ALL_HEALTHY),
        producers(lambda),
        a,
        f);
  }

  static StageSummary run(Architecture a, double lambda, Faults f, Duration horizon) {
    return Scenarios.firstStage(scenario(a, lambda, f, horizon));
  }

  static double counter(StageSummary s, String name) {
    return s.countersPerTrial().getOrDefault(name, 0.0);
  }

  static long peak(StageSummary s, String name) {
    return s.peaks().getOrDefault(name, 0L);
  }

  /**
   * A worker group tracking {@code target} messages of backlog per instance, as the queue's {@code
   * workers.autoScaling} reads it: 120 s to boot, 180 s of warm-up.
   */
  static ComputeTier.AutoScaling backlogGroup(int min, int max, int desired, double target) {
    return new ComputeTier.AutoScaling(
        min,
        max,
        desired,
        List.of(new ComputeTier.BacklogTracking(target)),
        List.of(),
        "elb",
        0,
        120,
        180,
        false);
  }

  static Map<String, Integer> onePerAz() {
    Map<String, Integer> m = new LinkedHashMap<>();
    AZS.forEach(az -> m.put(az, 1));
    return m;
  }

  @Test
  void workersDrainingMoreThanTheProducersSendKeepTheQueueEmpty() {
    // three workers: n·μ = 60 msg/s against λ = 50; every message is taken in the step it arrives
    StageSummary s = run(alone(queue(96, workers(onePerAz(), null))), 50, Faults.NONE, hours(2));
    double sent = 50 * 7200;
    assertThat(counter(s, "queue.sent")).isCloseTo(sent, within(1.0));
    assertThat(counter(s, "queue.consumed")).isCloseTo(sent, within(1.0));
    assertThat(peak(s, "queue.maxBacklog")).isZero();
    assertThat(counter(s, "queue.expired")).isZero();
    // the producers' SendMessage calls are the stage's requests: all answered by SQS
    assertThat(s.requestsTotal()).isEqualTo(Math.round(sent));
    assertThat(s.availabilityMean()).isEqualTo(1.0);
    assertThat(peak(s, "workers.maxInService")).isEqualTo(3);
    // the stage's instances are its workers: three in service all along, billed two hours
    assertThat(s.instancesMean()).isEqualTo(3.0);
    assertThat(s.costByComponentUsd().get("ec2:workers (m5.large on-demand, queue workers)"))
        .isCloseTo(3 * Catalog.onDemandUsd("us-east-1", "m5.large") * 730, within(0.01));
  }

  @Test
  void anEcsServiceOnFargateAloneBillsItsTasksVcpuAndGbHours() {
    // three 2 vCPU / 4 GB tasks, 4 at a time at 50 ms a message (80 msg/s each, 240 in all)
    // against λ = 200: they keep up, and each task-hour bills 2 vCPU-hours and 4 GB-hours
    AsyncQueue.Workers tasks =
        new AsyncQueue.Workers(
            new ComputeTier("tasks", "fargate.2vcpu-4gb", onePerAz(), null, null, null, null),
            1,
            50,
            4);
    StageSummary s = run(alone(queue(96, tasks)), 200, Faults.NONE, hours(1));
    assertThat(counter(s, "queue.consumed")).isCloseTo(200 * 3600, within(1.0));
    assertThat(peak(s, "queue.maxBacklog")).isZero();
    double taskHour =
        2 * Services.usd(PriceKeys.FARGATE_VCPU_HOUR, "us-east-1")
            + 4 * Services.usd(PriceKeys.FARGATE_GB_HOUR, "us-east-1");
    assertThat(
            s.costByComponentUsd()
                .get("fargate:tasks (fargate.2vcpu-4gb on-demand, queue workers)"))
        .isCloseTo(3 * taskHour * 730, within(0.01));
    assertThat(s.costByComponentUsd())
        .doesNotContainKey("ec2:tasks (fargate.2vcpu-4gb on-demand, queue workers)");
    assertThat(s.instancesMean()).isEqualTo(3.0);
  }

  @Test
  void producersOutrunningTheWorkersGrowTheBacklogAndTheAgeOfItsOldestMessage() {
    // λ = 80 against n·μ = 60: the backlog grows (λ − nμ)·t = 20 a second, 72 000 in an hour; the
    // workers take the oldest first at nμ, so at t they reach what arrived at nμ·t / λ and the
    // oldest waiting message is (1 − nμ/λ)·t old: 900 s after an hour
    StageSummary s = run(alone(queue(96, workers(onePerAz(), null))), 80, Faults.NONE, hours(1));
    assertThat(peak(s, "queue.maxBacklog")).isCloseTo(72_000L, within(2L));
    assertThat(counter(s, "queue.consumed")).isCloseTo(3 * MU * 3600, within(2.0));
    assertThat(peak(s, "queue.maxAgeSeconds")).isCloseTo(900L, within(60L));
    assertThat(counter(s, "queue.expired")).isZero();
    // the producers see none of it: SQS took every message
    assertThat(s.requestsFailed()).isZero();
  }

  @Test
  void tooFewWorkersLoseToTheRetentionPeriodWhatTheyCannotReachInTime() {
    // λ = 80, n·μ = 60, retention 1 h: the oldest message reaches the retention period at
    // R / (1 − nμ/λ) = 4 h; from then the queue holds λR = 288 000 messages and deletes what
    // passes an hour: over 6 h (λ − nμ)·T − λR = 432 000 − 288 000 = 144 000 lost
    StageSummary s = run(alone(queue(1, workers(onePerAz(), null))), 80, Faults.NONE, hours(6));
    double lost = (80 - 3 * MU) * 6 * 3600 - 80 * 3600;
    assertThat(lost).isEqualTo(144_000);
    assertThat(counter(s, "queue.expired")).isCloseTo(lost, within(0.01 * lost));
    assertThat(counter(s, "queue.consumed")).isCloseTo(3 * MU * 6 * 3600, within(2.0));
    assertThat(peak(s, "queue.maxBacklog")).isCloseTo(288_000L, within(80L * 60));
    assertThat(peak(s, "queue.maxAgeSeconds")).isCloseTo(3600L, within(60L));
    // the producers' messages were all accepted: what is lost is the queue's, not a request
    assertThat(s.requestsFailed()).isZero();
    // and the queue's finding says so before any run, at the producers' rate (not the share of
    // writes of requests behind an entry: λ·(1 − e^−1) = 50.6 would keep up with 60)
    assertThat(s.findings())
        .anyMatch(
            f ->
                f.severity().equals("high")
                    && f.message().contains("consumers' 60 msg/s")
                    && f.message().contains("from hour 4.0")
                    && f.message().contains("144000 lost"));
  }

  @Test
  void anAzOutageStopsTheWorkersPlacedThereAndTheirBacklogDrainsAtTheSpareRate() {
    // three workers in us-east-1a (n·μ = 60) against λ = 40; us-east-1a is lost from 1 h to 2 h:
    // nothing consumes for the hour, 144 000 messages wait; when the AZ is back its instances pass
    // the target group's 5 checks at a 30 s interval (120 to 150 s) and drain the rest at 60 − 40
    // = 20 a second: 2 h more
    Map<String, Integer> oneAz = Map.of("us-east-1a", 3);
    Faults f = outage("us-east-1a", hours(1), hours(1));
    StageSummary s = run(alone(queue(96, workers(oneAz, null))), 40, f, hours(5));
    double waitedMin = 3600 + 120;
    double waitedMax = 3600 + 150;
    assertThat((double) peak(s, "queue.maxBacklog")).isBetween(40 * waitedMin, 40 * waitedMax);
    assertThat((double) peak(s, "queue.maxAgeSeconds")).isBetween(waitedMin - 60, waitedMax + 60);
    // by 5 h everything is consumed: the drain of 40·(3600 + ~135) messages at 20 a second ends
    // before 4 h 15 min
    assertThat(counter(s, "queue.consumed")).isCloseTo(40 * 5 * 3600, within(1.0));
    // spread one per AZ, the same loss leaves two workers, 40 a second: λ exactly, no backlog
    StageSummary spread = run(alone(queue(96, workers(onePerAz(), null))), 40, f, hours(5));
    assertThat(peak(spread, "queue.maxBacklog")).isLessThan(40L * 60);
    assertThat(counter(spread, "queue.consumed")).isCloseTo(40 * 5 * 3600, within(1.0));
    // a finding names the single AZ before any run; spread, there is none
    assertThat(s.findings())
        .anyMatch(
            x ->
                x.category().equals("single-point-of-failure")
                    && x.message().contains("every worker consuming the queue is in us-east-1a"));
    assertThat(spread.findings()).noneMatch(x -> x.component().startsWith("sqs"));
  }

  @Test
  void anAutoScalingGroupRelaunchesTheLostAzsWorkersInTheOthers() {
    // two workers in us-east-1a under a group of 2..2: the AZ's loss is detected after the
    // target group's 2 failed checks (35 to 65 s), the group launches two in the other AZs (boot
    // 120 s) and they pass 5 checks (120 to 150 s): λ = 30 waits 275 to 335 s, then drains at
    // 2μ − λ = 10 a second. The AZ comes back after an hour: nothing more to do
    ComputeTier.AutoScaling asg = backlogGroup(2, 2, 2, 1_000_000);
    Faults f = outage("us-east-1a", hours(1), hours(1));
    StageSummary s = run(alone(queue(96, workers(Map.of("us-east-1a", 2), asg))), 30, f, hours(3));
    assertThat((double) peak(s, "queue.maxBacklog")).isBetween(30 * 275.0 - 60, 30 * 335.0 + 60);
    assertThat(counter(s, "queue.consumed")).isCloseTo(30 * 3 * 3600, within(1.0));
    assertThat(peak(s, "workers.maxInService")).isEqualTo(2);
  }

  @Test
  void backlogPerInstanceScalesTheWorkersToTheBacklogOverTheTarget() {
    // λ = 90 on two workers (40 msg/s): the backlog grows 50 a second; the group's datapoints at
    // 60, 120 and 180 s read 1500, 3000 and 4500 messages per instance, above the target of 500;
    // the third asks for ceil(9000 / 500) = 18 workers
    ComputeTier.AutoScaling asg = backlogGroup(2, 40, 2, 500);
    Architecture a = alone(queue(96, workers(Map.of("us-east-1a", 1, "us-east-1b", 1), asg)));
    TrialOutcome[] outcome = new TrialOutcome[1];
    List<CapacityChange> changes =
        Scenarios.capacityChanges(scenario(a, 90, Faults.NONE, hours(1)), outcome);
    TrialOutcome o = outcome[0];
    assertThat(changes).isNotEmpty();
    assertThat(changes.get(0))
        .isEqualTo(
            new CapacityChange(
                180.0,
                new InfrastructureEvent.DesiredCapacityChanged(
                    2, 18, "4500 messages per instance")));
    // three datapoints later (240, 300, 360 s) the 16 launched are still booting: 18 000 messages
    // over the 2 in service ask for ceil(18 000 / 500) = 36, all in service once booted and healthy
    assertThat(changes.get(1))
        .isEqualTo(
            new CapacityChange(
                360.0,
                new InfrastructureEvent.DesiredCapacityChanged(
                    18, 36, "9000 messages per instance")));
    assertThat(o.peaks().get("workers.maxInService")).isEqualTo(36L);
    // 36 × 20 = 720 msg/s empty the queue; fifteen datapoints at 0 scale in to the minimum, whose
    // 40 msg/s fall behind the 90 again: the cycle repeats (1380 s: in; 1560 s: out again), which
    // the group's finding says before any run
    assertThat(changes.get(2).e().to()).isEqualTo(2);
    assertThat(changes.get(3).e()).isEqualTo(changes.get(0).e());
    assertThat(changes.get(3).at() - changes.get(2).at()).isEqualTo(180.0);
    assertThat(StaticAnalyzer.analyze(scenario(a, 90, Faults.NONE, hours(1)), 0))
        .anyMatch(
            f ->
                f.category().equals("performance")
                    && f.message()
                        .contains("minimum of 2 workers drains 40 msg/s, less than the 90")
                    && f.message().contains("oscillates")
                    && f.message().contains("(5)"));
  }

  static Duration hours(int h) {
    return Duration.ofHours(h);
  }

  static Faults outage(String az, Duration at, Duration duration) {
    return new Faults(null, null, List.of(new Faults.AzOutage(az, at, duration)));
  }
}
