package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.model.AsyncQueue;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.result.StageSummary;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The consumers of a queue long-poll it whether or not it holds anything, and SQS bills every
 * ReceiveMessage, the empty ones too. A long poll waits at most 20 s and returns as soon as a
 * message is there: on an idle queue each poller makes one empty receive every 20 s; with messages
 * reaching a poller at r a second, r / (e^(20 r) − 1) a second. A Lambda event source mapping keeps
 * its five pollers; EC2 workers poll with each of their slots (one a vCPU by default).
 */
class EmptyReceivesTest {
  static final double DAY = 86_400;
  static final double MONTH = 730 * 3600.0;
  static final double SQS = Services.usd("sqs.request", "us-east-1");

  static AsyncQueue lambdaQueue() {
    AsyncQueue.LambdaConsumer l =
        new AsyncQueue.LambdaConsumer("worker", 10, 0, null, 100, 1, 512, 3, true, false);
    return new AsyncQueue(1.0, 0, 5, 0, 96, 0, false, 30, true, 1, l, null);
  }

  static StageSummary run(AsyncQueue q, double lambda) {
    return QueueWorkersWithoutAnEntryTest.run(
        QueueWorkersWithoutAnEntryTest.alone(q), lambda, Faults.NONE, Duration.ofDays(1));
  }

  @Test
  void anIdleQueueWithALambdaConsumerBillsFivePollersEmptyReceiveEveryTwentySeconds() {
    StageSummary s = run(lambdaQueue(), 0);
    // 5 pollers × 86 400 s / 20 s = 21 600 empty receives a day
    assertThat(s.countersPerTrial().get("queue.emptyReceives")).isCloseTo(21_600, within(1e-6));
    // a month of them: 5 × 730 h × 180 an hour = 657 000 requests, $0.2628 at $0.40 a million
    assertThat(s.costByComponentUsd().get("sqs")).isCloseTo(657_000 * SQS, within(1e-6));
    assertThat(657_000 * SQS).isCloseTo(0.2628, within(1e-9));
    assertThat(s.costByComponentUsd().getOrDefault("lambda:worker (requests)", 0.0)).isZero();
  }

  @Test
  void idleEc2WorkersPollWithEachOfTheirSlots() {
    // three m5.large (2 vCPUs: two slots each) on an empty queue: 6 × 86 400 / 20
    AsyncQueue q =
        QueueWorkersWithoutAnEntryTest.queue(
            96,
            QueueWorkersWithoutAnEntryTest.workers(
                Map.of("us-east-1a", 1, "us-east-1b", 1, "us-east-1c", 1), null));
    StageSummary s = run(q, 0);
    assertThat(s.countersPerTrial().get("queue.emptyReceives")).isCloseTo(25_920, within(1e-6));
    assertThat(s.costByComponentUsd().get("sqs")).isCloseTo(6 * MONTH / 20 * SQS, within(1e-6));
  }

  @Test
  void messagesCutTheEmptyReceivesAsAPoissonStreamEndsTheLongPollsEarly() {
    // 0.1 message a second over five pollers: r = 0.02, 20 r = 0.4; each poller makes
    // 0.02 / (e^0.4 − 1) empty receives a second
    double perPoller = 0.02 / Math.expm1(0.4);
    StageSummary slow = run(lambdaQueue(), 0.1);
    // (a trial's counters are whole numbers)
    assertThat(slow.countersPerTrial().get("queue.emptyReceives"))
        .isCloseTo(5 * perPoller * DAY, within(1.0));
    assertThat(5 * perPoller * DAY).isCloseTo(17_568, within(1.0));
    // the sends, receives and deletes of 0.1 message a second in batches of one, and the empties
    double requests = 0.1 * MONTH * 3 + 5 * perPoller * MONTH;
    assertThat(slow.costByComponentUsd().get("sqs")).isCloseTo(requests * SQS, within(1e-6));
    // 50 messages a second: 20 r = 200, no poll waits out its 20 s
    StageSummary busy = run(lambdaQueue(), 50);
    assertThat(busy.countersPerTrial().getOrDefault("queue.emptyReceives", 0.0)).isLessThan(1e-60);
  }
}
