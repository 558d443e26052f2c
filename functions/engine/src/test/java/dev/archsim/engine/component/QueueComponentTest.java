package dev.archsim.engine.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.model.AsyncQueue;
import dev.archsim.engine.model.AsyncQueue.LambdaConsumer;
import dev.archsim.engine.model.Faults;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The SQS queue's stage with a Lambda consumer against the closed forms of its mechanism: the
 * consumers' throughput (concurrency × batch / batch time, after the pollers' ramp from five
 * batches by 300 a minute), the backlog and the age of its oldest message when production passes
 * it, the messages the retention period deletes, a consumer outage's backlog and drain, the
 * receives and dead-lettered messages of whole-batch failures, the retries without a dead-letter
 * queue, and the bill per 64 KB chunk.
 */
class QueueComponentTest {
  /** 20 batches of 10 at 200 + 10 × 30 = 500 ms: 20 × 10 / 0.5 s = 400 messages a second. */
  static final LambdaConsumer WORKER =
      new LambdaConsumer("worker", 10, 0, 20, 200, 30, 512, 5, true, false);

  static final double MU = 400;
  static final double STEP = 60;

  static AsyncQueue queue(double retentionHours) {
    return new AsyncQueue(1, 0, 5, 0, retentionHours, 0, false, 30, true, 1, WORKER, null);
  }

  /**
   * Runs {@code seconds} of {@code rate} messages a second in one-minute steps from {@code from}.
   */
  static void run(WriteQueue q, double from, double seconds, double rate) {
    for (double t = from; t < from + seconds - 1e-9; t += STEP) {
      q.step(t, STEP, rate, true);
      q.bill(STEP, 0);
    }
  }

  @Test
  void theConsumersTakeConcurrencyTimesBatchOverBatchTimeAfterThePollersRamp() {
    assertThat(WORKER.throughput(20)).isEqualTo(MU);
    RecordingTrial trial = new RecordingTrial();
    WriteQueue q = new QueueComponent().stage(queue(96), trial);
    double lambda = 632.12;
    run(q, 0, 3600, lambda);
    // the pollers start at 5 batches and add 5 a second: 20 after 3 s, short of
    // (20 - 5) × 3 / 2 = 22.5 batch-seconds of 20 messages each
    double consumed = MU * 3600 - 22.5 * 20;
    assertThat(trial.counters.get("queue.consumed")).isCloseTo(consumed, within(1e-6 * consumed));
    assertThat(q.visibleMessages()).isCloseTo(lambda * 3600 - consumed, within(1e-3));
    assertThat(trial.counters.get("consumer.invocations")).isCloseTo(consumed / 10, within(1e-3));
    assertThat(trial.peaks.get("consumer.maxConcurrency")).isEqualTo(20);
  }

  @Test
  void theOldestMessageAgesByOneMinusThroughputOverProductionASecond() {
    RecordingTrial trial = new RecordingTrial();
    WriteQueue q = new QueueComponent().stage(queue(96), trial);
    double lambda = 632.12;
    run(q, 0, 7200, lambda);
    // first in, first out: the message taken at t arrived at t·μ/λ, so it waited t·(1 − μ/λ)
    double age = 7200 * (1 - MU / lambda);
    assertThat(trial.peaks.get("queue.maxAgeSeconds")).isCloseTo(age, within(STEP));
  }

  @Test
  void theRetentionPeriodDeletesWhatTheConsumersCannotReachInTime() {
    RecordingTrial trial = new RecordingTrial();
    WriteQueue q = new QueueComponent().stage(queue(4), trial);
    double lambda = 632.12;
    double h = 86_400;
    double r = 4 * 3600;
    run(q, 0, h, lambda);
    // the oldest message reaches the retention period at t* = R / (1 − μ/λ) (10.9 h); from then
    // the queue holds the last R of arrivals and loses the rest: (λ − μ)·H − λ·R
    assertThat(r / (1 - MU / lambda)).isCloseTo(10.89 * 3600, within(60.0));
    double expired = (lambda - MU) * h - lambda * r;
    assertThat(trial.counters.get("queue.expired")).isCloseTo(expired, within(0.01 * expired));
    assertThat(q.visibleMessages()).isCloseTo(lambda * r, within(0.01 * lambda * r));
    assertThat(trial.peaks.get("queue.maxAgeSeconds")).isCloseTo(r, within(STEP));
  }

  @Test
  void keepingUpTheWorkersRunFullBatchesAtTheConcurrencyTheyNeed() {
    RecordingTrial trial = new RecordingTrial();
    WriteQueue q = new QueueComponent().stage(queue(96), trial);
    double lambda = 126.42;
    run(q, 0, 3 * STEP, lambda);
    trial.clear();
    run(q, 3 * STEP, 3600, lambda);
    assertThat(q.visibleMessages()).isZero();
    // λ·T(10)/10 = 126.42 × 0.5 / 10 = 6.32 concurrent batches of 10
    double invocations = lambda * 3600 / 10;
    assertThat(trial.counters.get("consumer.invocations"))
        .isCloseTo(invocations, within(1e-6 * invocations));
    assertThat(trial.peaks.get("consumer.maxConcurrency")).isCloseTo(6.321, within(1e-3));
    // 0.5 s at 512 MB an invocation; $0.20 per million requests
    double gbSeconds = invocations * 0.5 * 0.5;
    assertThat(trial.costs.get("lambda:worker (duration)"))
        .isCloseTo(
            gbSeconds * Services.usd("lambda.gb-second", "us-east-1"), within(1e-6 * gbSeconds));
    assertThat(trial.costs.get("lambda:worker (requests)"))
        .isCloseTo(invocations * Services.usd("lambda.request", "us-east-1"), within(1e-9));
  }

  @Test
  void anOutageLeavesItsMessagesAndTheWorkersDrainThemAtMuMinusLambda() {
    RecordingTrial trial = new RecordingTrial();
    WriteQueue q = new QueueComponent().stage(queue(96), trial);
    double lambda = 126.42;
    run(q, 0, 600, lambda);
    q.inject(new Faults.ConsumerOutage(Duration.ofMinutes(10), Duration.ofHours(1)), 600);
    run(q, 600, 3600, lambda);
    // an hour without consumers: λ·3600 messages, the oldest an hour old less half a step
    assertThat(q.visibleMessages()).isCloseTo(lambda * 3600, within(1e-6));
    double drain = lambda * 3600 / (MU - lambda);
    assertThat(drain).isCloseTo(1663.6, within(0.1));
    // the pollers start again at the concurrency they had, then ramp to 20 within 3 s
    double t = 4200;
    while (q.visibleMessages() > 0) {
      q.step(t, STEP, lambda, true);
      q.bill(STEP, 0);
      t += STEP;
    }
    assertThat(t - 4200).isBetween(drain, drain + 2 * STEP);
    assertThat(trial.peaks.get("queue.maxAgeSeconds")).isCloseTo(3600, within(STEP));
  }

  @Test
  void sqsBillsEach64KbChunkOfAPayload() {
    RecordingTrial trial = new RecordingTrial();
    AsyncQueue big = new AsyncQueue(1, 0, 5, 0, 96, 0, false, 30, true, 100, WORKER, null);
    WriteQueue q = new QueueComponent().stage(big, trial);
    double lambda = 632.12;
    run(q, 0, 3600, lambda);
    double sent = trial.counters.get("queue.sent");
    double invocations = trial.counters.get("consumer.invocations");
    // a 100 KB message is two chunks; a batch of 10 is one ReceiveMessage returning 1 000 KB
    // (16 chunks) and one DeleteMessageBatch
    double requests = sent * 2 + invocations * (16 + 1);
    assertThat(trial.costs.get("sqs"))
        .isCloseTo(requests * Services.usd("sqs.request", "us-east-1"), within(1e-9));
  }
}
