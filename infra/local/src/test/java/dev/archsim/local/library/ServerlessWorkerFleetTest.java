package dev.archsim.local.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.StageSummary;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The claims of events/scenarios/serverless-worker-fleet.json, each against its closed form: a
 * Lambda worker fleet of 20 concurrent batches of 10 at 500 ms a batch (μ = 20 × 10 / 0.5 s = 400
 * messages a second) behind an API sending λ = r·(1 − e^−1) messages a second for r requests.
 */
class ServerlessWorkerFleetTest {
  static final double DAY = 86_400;
  static final double MU = 20 * 10 / 0.5;
  static final double WRITING = 1 - Math.exp(-1);
  static final double STEP = 60;

  static Scenario scenario;
  static List<StageSummary> stages;

  @BeforeAll
  static void simulate() throws Exception {
    scenario = Library.load("serverless-worker-fleet.json");
    stages = Library.simulate(scenario);
  }

  static double counter(int stage, String name) {
    return Library.perTrial(stages.get(stage), name);
  }

  static double peak(int stage, String name) {
    return stages.get(stage).peaks().getOrDefault(name, 0L);
  }

  @Test
  void keepingUpAnHourLongOutageLeavesAnHourOfMessagesAndTheyDrain() {
    double lambda = 200 * WRITING;
    assertThat(lambda).isCloseTo(126.42, within(0.01));
    double sent = lambda * DAY;
    assertThat(counter(0, "queue.sent")).isCloseTo(sent, within(1.0));
    // everything sent is consumed within the day, nothing expires or is dead-lettered
    assertThat(counter(0, "queue.consumed")).isCloseTo(sent, within(1.0));
    assertThat(counter(0, "queue.expired")).isZero();
    // the hour without workers: λ·3600 messages waiting, the oldest an hour old (to the step)
    assertThat(peak(0, "queue.maxBacklog")).isCloseTo(lambda * 3600, within(lambda * STEP));
    assertThat(peak(0, "queue.maxAgeSeconds")).isCloseTo(3600, within(STEP));
    // full batches of 10 at the concurrency they need outside the ramp and the drain
    assertThat(counter(0, "consumer.invocations")).isCloseTo(sent / 10, within(0.001 * sent));
    assertThat(stages.get(0).availabilityMean()).isEqualTo(1.0);
  }

  /**
   * Stage 6 has no entry: its 300 requests a second are the producers' SendMessage calls, every one
   * a message (no API writes with probability 1 − e^−1 in front), answered by SQS after the network
   * latency and the send time; the workers' hour off leaves 300·3600 messages, drained at μ − λ =
   * 100 a second in 3 hours, within the day. Nothing fronts users: no API Gateway, no API function,
   * no data out to bill.
   */
  @Test
  void withoutAnEntryTheWorkloadIsTheProducersMessagesAndOnlyTheWorkersBill() {
    StageSummary s = stages.get(5);
    double lambda = 300;
    double sent = lambda * DAY;
    assertThat(s.requestsTotal()).isEqualTo(Math.round(sent) * s.trials());
    assertThat(s.requestsFailed()).isZero();
    assertThat(s.availabilityMean()).isEqualTo(1.0);
    // 20 ms network latency + 8 ms SendMessage, the histogram's bucket around 28 ms
    assertThat(s.latencyMeanMs()).isCloseTo(28.0, within(0.01));
    assertThat(s.latencyP99Ms()).isCloseTo(28.0, within(28.0 * 0.1));
    assertThat(counter(5, "queue.sent")).isCloseTo(sent, within(1.0));
    assertThat(counter(5, "queue.consumed")).isCloseTo(sent, within(1.0));
    assertThat(counter(5, "queue.expired")).isZero();
    assertThat(peak(5, "queue.maxBacklog")).isCloseTo(lambda * 3600, within(lambda * STEP));
    assertThat(peak(5, "queue.maxAgeSeconds")).isCloseTo(3600, within(STEP));
    // the drain: (μ − λ)·t = λ·3600, 3 hours
    assertThat(lambda * 3600 / (MU - lambda)).isEqualTo(3 * 3600);
    assertThat(counter(5, "consumer.invocations")).isCloseTo(sent / 10, within(0.001 * sent));
    assertThat(s.costByComponentUsd().keySet())
        .noneMatch(k -> k.startsWith("apigw") || k.startsWith("lambda:api"))
        .doesNotContain("data-transfer-out")
        .contains("lambda:worker (requests)", "lambda:worker (duration)", "sqs");
    double month = 730 * 3600 / DAY;
    double sqs = (counter(5, "queue.sent") + counter(5, "consumer.invocations") * 2) * 0.40e-6;
    assertThat(Library.cost(s, "sqs")).isCloseTo(sqs * month, within(0.01 * sqs * month));
  }

  /**
   * Stage 7 has no entry either, and an EC2 Auto Scaling group consumes its queue: c7g.large
   * workers of 8 threads at 40 ms a message drain μ = 8 × 1000 / 40 = 200 messages a second each;
   * the group starts with one in us-east-1a and one in us-east-1b (400 a second against λ = 300).
   * Losing us-east-1a for an hour at 06:00 takes its worker at once: the other drains 200 a second,
   * so the backlog grows by λ − μ = 100 a second until a replacement is in service. The group hears
   * of the loss through the target group's checks (2 failed checks at 30 s with a 5 s timeout: 35
   * to 65 s), launches in another AZ (120 s to boot) and the new worker passes 5 checks (120 to 150
   * s): 275 to 335 s in all. The oldest message is (1 − μ/λ)·t = t/3 old then.
   */
  @Test
  void ec2WorkersAloneReplaceTheLostAzsWorkerAndDrainTheBacklogItLeft() {
    StageSummary s = stages.get(6);
    double lambda = 300;
    double mu = 8 * 1000 / 40.0;
    assertThat(mu).isEqualTo(200);
    double sent = lambda * DAY;
    assertThat(s.requestsTotal()).isEqualTo(Math.round(sent) * s.trials());
    assertThat(s.availabilityMean()).isEqualTo(1.0);
    assertThat(s.latencyMeanMs()).isCloseTo(28.0, within(0.01));
    assertThat(counter(6, "queue.sent")).isCloseTo(sent, within(1.0));
    assertThat(counter(6, "queue.consumed")).isCloseTo(sent, within(1.0));
    assertThat(counter(6, "queue.expired")).isZero();
    // the backlog the wait for a replacement leaves, to a step's growth (100 × 60) either side
    double shortest = 35 + 120 + 120;
    double longest = 65 + 120 + 150;
    double growth = lambda - mu;
    assertThat(peak(6, "queue.maxBacklog"))
        .isBetween(growth * shortest - growth * STEP, growth * longest + growth * STEP);
    assertThat(peak(6, "queue.maxAgeSeconds"))
        .isBetween((1 - mu / lambda) * shortest - STEP, (1 - mu / lambda) * longest + STEP);
    // the replacement and the backlog's scale-out: more than the two, never past the maximum
    assertThat(peak(6, "workers.maxInService")).isBetween(3.0, 6.0);
    // the stage's instances are its workers: two all day but for the minutes around the loss
    assertThat(s.instancesMean()).isCloseTo(2.0, within(0.05));
    assertThat(s.instancesMax()).isEqualTo((long) peak(6, "workers.maxInService"));
    // billed per instance-second at the on-demand price: at least two all day, and the extra ones
    // (at most four more) for well under an hour
    double month = 730 * 3600 / DAY;
    double perWorkerMonth = Catalog.onDemandUsd("us-east-1", "c7g.large") * 730;
    assertThat(Library.cost(s, "ec2:workers (c7g.large on-demand, queue workers)"))
        .isBetween(2 * perWorkerMonth, (2 + 4 / 24.0) * perWorkerMonth);
    // SQS: one SendMessage, then one ReceiveMessage and one DeleteMessage per message
    double sqs = counter(6, "queue.sent") * 3 * 0.40e-6 * month;
    assertThat(Library.cost(s, "sqs")).isCloseTo(sqs, within(0.01 * sqs));
    assertThat(s.costByComponentUsd().keySet())
        .noneMatch(k -> k.startsWith("apigw") || k.startsWith("lambda"))
        .doesNotContain("data-transfer-out");
    // spread over two AZs under a group that keeps 400 a second at its minimum: no finding of the
    // queue's (no single AZ, no oscillation, no backlog the capacity cannot reach)
    assertThat(findings(6)).noneMatch(f -> f.component().startsWith("sqs"));
  }

  /**
   * Stage 5's workers are an ECS service: a FARGATE base of one task, the tasks Service Auto
   * Scaling adds on the backlog (3000 per task) 3 to 1 on FARGATE_SPOT. The base runs all day on
   * demand; the tasks added for the outage hour's backlog bill as spot. Each worker asks SQS for up
   * to 10 messages: the λ·3600 messages the hour left waiting are received ten a call and deleted
   * ten a call (0.2 requests each), the others one a long poll and deleted alone (2).
   */
  @Test
  void ecsWorkersBillTheBaseOnFargateTheScaleOutOnSpotAndReceiveTheBacklogTenACall() {
    StageSummary s = stages.get(4);
    double lambda = 200 * WRITING;
    double sent = lambda * DAY;
    assertThat(counter(4, "queue.consumed")).isCloseTo(sent, within(1.0));
    assertThat(counter(4, "queue.expired")).isZero();
    double month = 730 * 3600 / DAY;
    double task = Catalog.onDemandUsd("us-east-1", "fargate.1vcpu-2gb") * 730;
    assertThat(Library.cost(s, "fargate:workers (fargate.1vcpu-2gb on-demand, queue workers)"))
        .isGreaterThan(task - 0.01);
    assertThat(Library.cost(s, "fargate:workers (fargate.1vcpu-2gb spot, queue workers)"))
        .isPositive();
    double waiting = lambda * 3600;
    double sqs = (sent + 2 * (sent - waiting) + 0.2 * waiting) * 0.40e-6 * month;
    assertThat(Library.cost(s, "sqs")).isCloseTo(sqs, within(0.005 * sqs));
  }

  @Test
  void theLambdaWorkersBillPerRequestAndGbSecond() {
    StageSummary s = stages.get(0);
    double invocations = counter(0, "consumer.invocations");
    double month = 730 * 3600 / DAY;
    double requests = invocations * Services.usd("lambda.request", "us-east-1") * month;
    assertThat(Library.cost(s, "lambda:worker (requests)")).isCloseTo(requests, within(0.01));
    // 0.5 s at 512 MB a full batch (the pollers' first steps and the drain run part batches,
    // 200 ms + 30 ms a message: within 1 %)
    double gbSeconds = invocations * 0.5 * 0.5;
    double duration = gbSeconds * Services.usd("lambda.gb-second", "us-east-1") * month;
    assertThat(Library.cost(s, "lambda:worker (duration)"))
        .isCloseTo(duration, within(0.01 * duration));
    // SQS: one SendMessage a 4 KB message (one 64 KB chunk), then per batch of 10 one
    // ReceiveMessage (40 KB, one chunk) and one DeleteMessageBatch
    double sqs = (counter(0, "queue.sent") + invocations * 2) * 0.40e-6 * month;
    assertThat(Library.cost(s, "sqs")).isCloseTo(sqs, within(0.01 * sqs));
  }

  @Test
  void aboveCapacityTheRetentionPeriodDeletesWhatTheWorkersCannotReach() {
    double lambda = 1000 * WRITING;
    double retention = 4 * 3600;
    // the pollers start at 5 batches and add 5 a second: 22.5 batch-seconds short of 20
    assertThat(counter(1, "queue.consumed")).isCloseTo(MU * DAY - 22.5 * 20, within(1.0));
    // the oldest message ages (1 − μ/λ) a second and reaches 4 h at hour 10.9
    assertThat(retention / (1 - MU / lambda) / 3600).isCloseTo(10.9, within(0.05));
    double lost = (lambda - MU) * DAY - lambda * retention;
    assertThat(counter(1, "queue.expired")).isCloseTo(lost, within(0.01 * lost));
    assertThat(peak(1, "queue.maxBacklog"))
        .isCloseTo(lambda * retention, within(0.01 * lambda * retention));
    assertThat(peak(1, "queue.maxAgeSeconds")).isCloseTo(retention, within(STEP));
    assertThat(findings(1))
        .anyMatch(
            f ->
                f.severity().equals("high")
                    && f.message().contains("from hour 10.9")
                    && f.message().contains("400 msg/s"));
  }

  @Test
  void aPoisonMessageReturnsItsWholeBatchWithoutPartialResponses() {
    double p = 0.01;
    double q = 1 - Math.pow(1 - p, 9); // another message of its batch of 10 is poison
    int max = 3;
    double goodLost = Math.pow(q, max);
    double sent = counter(2, "queue.sent");
    assertThat(counter(2, "queue.deadLettered"))
        .isCloseTo(sent * (p + (1 - p) * goodLost), within(1e-3 * sent));
    double receives = p * max + (1 - p) * (1 - goodLost) / (1 - q);
    assertThat(receives).isCloseTo(1.11, within(0.005));
    assertThat(counter(2, "consumer.invocations"))
        .isCloseTo(sent * receives / 10, within(0.002 * sent));
    assertThat(findings(2)).anyMatch(f -> f.message().contains("returns its whole batch"));
  }

  @Test
  void withoutADeadLetterQueueThePoisonRetriesCrowdOutTheNewMessages() {
    double lambda = 200 * WRITING;
    double p = 0.01;
    double vt = 30;
    // the retries take p·λ·t/VT receives a second: too many for the new messages from
    // t = (μ − λ)·VT/(p·λ); from then consumption decays (time constant VT/p) to μ·VT/p in all
    assertThat((MU - lambda) * vt / (p * lambda) / 3600).isCloseTo(1.8, within(0.01));
    double consumed = MU * vt / p;
    assertThat(counter(3, "queue.consumed")).isCloseTo(consumed, within(0.002 * consumed));
    assertThat(peak(3, "queue.maxRetrying")).isCloseTo(MU * vt, within(1.0));
    double backlog = lambda * DAY - consumed;
    assertThat(peak(3, "queue.maxBacklog")).isCloseTo(backlog, within(0.002 * backlog));
    assertThat(counter(3, "queue.deadLettered")).isZero();
    assertThat(findings(3))
        .anyMatch(
            f ->
                f.severity().equals("high")
                    && f.message().contains("after 1.803 h")
                    && f.message().contains("1200000 messages in all"));
  }

  static List<Finding> findings(int stage) {
    return stages.get(stage).findings();
  }
}
