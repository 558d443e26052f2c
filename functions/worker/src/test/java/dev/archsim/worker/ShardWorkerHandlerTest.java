package dev.archsim.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.archsim.core.run.CompleteRun;
import dev.archsim.core.run.DeadLetterShard;
import dev.archsim.core.run.MessageCodec;
import dev.archsim.core.run.ProcessShard;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.ShardTask;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.sim.Simulator;
import dev.archsim.local.adapters.InMemoryRunStore;
import dev.archsim.local.adapters.InMemoryShardParking;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker handler driven by events/worker/shard-batch.json, on the embedded store. */
class ShardWorkerHandlerTest {
  static final String RUN = "00000000-0000-0000-0000-000000000000";
  static final String DLQ = "arn:aws:sqs:us-east-1:123456789012:archsim-shards-dlq";
  final InMemoryRunStore store = new InMemoryRunStore();
  final InMemoryShardParking parking = new InMemoryShardParking();
  final List<ShardTask> queued = new ArrayList<>();
  ShardWorkerHandler handler;
  final List<String> recorded = new ArrayList<>();

  /** Records what the handler reports, in order. */
  final ShardMetrics metrics =
      new ShardMetrics() {
        @Override
        public void shard(String outcome, int trials, long millis) {
          recorded.add(outcome + ":" + trials);
        }

        @Override
        public void failure() {
          recorded.add("failure");
        }

        @Override
        public void runFailed() {
          recorded.add("run-failed");
        }

        @Override
        public void flush() {
          recorded.add("flush");
        }
      };

  @BeforeEach
  void submit() throws Exception {
    Clock clock = Clock.systemUTC();
    ScenarioCodec codec = new ScenarioCodec();
    String scenario =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(Files.readString(Path.of("../../events/api/post-run.json")))
            .get("body")
            .asText();
    new SubmitRun(
            store,
            queued::addAll,
            codec,
            clock,
            () -> RUN,
            new SubmitRun.Settings(2, Duration.ofDays(1), 100))
        .submit(new SubmitRun.Request("alice", scenario, null, null, null));
    CompleteRun complete =
        new CompleteRun(
            store,
            codec,
            clock,
            () -> java.util.UUID.randomUUID().toString(),
            Duration.ofMinutes(5));
    handler =
        new ShardWorkerHandler(
            new ProcessShard(store, new Simulator(), complete, clock),
            new DeadLetterShard(store, parking, clock),
            DLQ,
            metrics);
  }

  static SQSEvent batch() {
    return EventLoader.loadSQSEvent("../../events/worker/shard-batch.json");
  }

  @Test
  void theSampleBatchCompletesTheRunWithNoFailures() {
    assertThat(queued).extracting(ShardTask::shardIndex).containsExactly(0, 1);
    SQSBatchResponse r = handler.handleRequest(batch(), null);
    assertThat(r.getBatchItemFailures()).isEmpty();
    RunRecord run = store.find(RUN).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.resultJson()).contains("\"trials\":4");
  }

  @Test
  void onlyTheBrokenMessageIsReportedAsFailed() {
    SQSEvent e = batch();
    e.getRecords().get(0).setBody("{\"not\": \"a shard\"}");
    SQSBatchResponse r = handler.handleRequest(e, null);
    assertThat(r.getBatchItemFailures())
        .singleElement()
        .satisfies(
            f -> assertThat(f.getItemIdentifier()).isEqualTo(e.getRecords().get(0).getMessageId()));
    assertThat(store.find(RUN).orElseThrow().completedShards()).isEqualTo(1);
  }

  @Test
  void aStackOverflowErrorInOneShardFailsThatMessageAloneAndItsBatchMateIsRecorded() {
    Clock clock = Clock.systemUTC();
    // trials 2 and 3 (shard 1) overflow the stack, as a runaway recursion in the engine would
    dev.archsim.engine.sim.SimulationListener overflow =
        new dev.archsim.engine.sim.SimulationListener() {
          @Override
          public void trialFinished(int stage, dev.archsim.engine.result.TrialOutcome outcome) {
            if (outcome.trial() >= 2) {
              throw new StackOverflowError();
            }
          }
        };
    CompleteRun complete =
        new CompleteRun(
            store,
            new ScenarioCodec(),
            clock,
            () -> java.util.UUID.randomUUID().toString(),
            Duration.ofMinutes(5));
    ShardWorkerHandler broken =
        new ShardWorkerHandler(
            new ProcessShard(store, new Simulator(overflow), complete, clock),
            new DeadLetterShard(store, parking, clock),
            DLQ,
            metrics);
    SQSEvent e = batch();
    SQSBatchResponse r = broken.handleRequest(e, null);
    assertThat(r.getBatchItemFailures())
        .singleElement()
        .satisfies(
            f -> assertThat(f.getItemIdentifier()).isEqualTo(e.getRecords().get(1).getMessageId()));
    RunRecord run = store.find(RUN).orElseThrow();
    assertThat(run.completedShards()).isEqualTo(1);
    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(recorded).containsExactly("RECORDED:2", "failure", "flush");
  }

  @Test
  void everyShardOutcomeAndFailureIsReportedAndFlushedOncePerInvocation() {
    handler.handleRequest(batch(), null);
    assertThat(recorded).containsExactly("RECORDED:2", "RECORDED:2", "flush");
    recorded.clear();
    SQSEvent e = batch();
    e.getRecords().get(0).setBody("{\"not\": \"a shard\"}");
    handler.handleRequest(e, null);
    // the run is complete: the good message is skipped without a simulation; the broken one fails
    assertThat(recorded).containsExactly("failure", "SKIPPED:2", "flush");
  }

  @Test
  void everyLogLineOfAShardCarriesItsRunShardAndMessageAsJsonFields() {
    java.util.logging.Logger logger =
        java.util.logging.Logger.getLogger(ShardWorkerHandler.class.getName());
    List<String> lines = new ArrayList<>();
    org.jboss.logmanager.formatters.JsonFormatter json =
        new org.jboss.logmanager.formatters.JsonFormatter();
    java.util.logging.Handler capture =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            lines.add(json.format(r));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(capture);
    try {
      handler.handleRequest(batch(), null);
    } finally {
      logger.removeHandler(capture);
    }
    assertThat(lines).hasSize(2);
    for (int shard = 0; shard < 2; shard++) {
      String line = lines.get(shard);
      assertThat(line)
          .contains("\"runId\":\"" + RUN + "\"")
          .contains("\"shard\":\"" + shard + "\"")
          .contains("\"messageId\":\"" + batch().getRecords().get(shard).getMessageId() + "\"")
          .contains("RECORDED");
    }
    assertThat(org.jboss.logging.MDC.getMap()).isEmpty();
  }

  @Test
  void powertoolsMetricsWriteOneEmbeddedMetricDocumentPerFlushAndNoneWhileWarmingUp() {
    PowertoolsShardMetrics real = new PowertoolsShardMetrics();
    String warmUp = real.warmUpDocument();
    assertThat(warmUp).contains("\"_aws\"").contains("ShardsRecorded").contains("\"Count\"");
    String out =
        stdout(
            () -> {
              real.warmUp();
              real.shard("RECORDED", 25, 120);
              real.failure();
              real.runFailed();
              real.flush();
              real.flush(); // nothing recorded since: no empty flush
            });
    List<String> documents = out.lines().filter(l -> l.contains("\"_aws\"")).toList();
    assertThat(documents).hasSize(1);
    assertThat(documents.get(0))
        .contains("\"ShardsRecorded\":1")
        .contains("\"SimulatedTrials\":25")
        .contains("\"ShardDuration\":120")
        .contains("\"ShardFailures\":1")
        .contains("\"RunsFailed\":1")
        .doesNotContain("warm-up");
  }

  private static String stdout(Runnable action) {
    java.io.PrintStream original = System.out;
    java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setOut(original);
    }
    return buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void aRedeliveredBatchChangesNothing() {
    handler.handleRequest(batch(), null);
    String result = store.find(RUN).orElseThrow().resultJson();
    assertThat(handler.handleRequest(batch(), null).getBatchItemFailures()).isEmpty();
    assertThat(store.find(RUN).orElseThrow().resultJson()).isEqualTo(result);
  }

  @Test
  void aMessageFromTheDeadLetterQueueIsParkedAndFailsItsRunUntilItIsRedriven() {
    SQSEvent e = batch();
    SQSEvent.SQSMessage m = e.getRecords().get(1);
    m.setEventSourceArn(DLQ);
    m.getAttributes().put("ApproximateReceiveCount", "3");
    e.setRecords(List.of(m));
    assertThat(handler.handleRequest(e, null).getBatchItemFailures()).isEmpty();
    RunRecord run = store.find(RUN).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.failureReason()).contains("shard 1").contains("dead-letter").contains("3 times");
    assertThat(run.deadShards()).containsExactly(1);
    assertThat(parking.parked()).containsExactly(MessageCodec.shardTask(m.getBody()));
    assertThat(recorded).containsExactly("run-failed", "flush");

    // the redrive delivers the parked message to the shard queue's event source
    m.setEventSourceArn(DLQ.replace("-dlq", ""));
    SQSEvent redriven = batch();
    assertThat(handler.handleRequest(redriven, null).getBatchItemFailures()).isEmpty();
    RunRecord done = store.find(RUN).orElseThrow();
    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(done.resultJson()).contains("\"trials\":4");
  }

  static com.amazonaws.services.lambda.runtime.Context remaining(int millis) {
    return (com.amazonaws.services.lambda.runtime.Context)
        java.lang.reflect.Proxy.newProxyInstance(
            ShardWorkerHandlerTest.class.getClassLoader(),
            new Class<?>[] {com.amazonaws.services.lambda.runtime.Context.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getRemainingTimeInMillis" -> millis;
                  case "getAwsRequestId" -> "req-1";
                  default -> null;
                });
  }

  @Test
  void noShardIsStartedWhenTheInvocationIsAboutToTimeOutAndTheirMessagesComeBack() {
    SQSBatchResponse late = handler.handleRequest(batch(), remaining(45_000));
    assertThat(late.getBatchItemFailures()).hasSize(2);
    assertThat(store.find(RUN).orElseThrow().completedShards()).isZero();
    SQSBatchResponse inTime = handler.handleRequest(batch(), remaining(240_000));
    assertThat(inTime.getBatchItemFailures()).isEmpty();
    assertThat(store.find(RUN).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void aShardWhoseSimulationThrowsFailsAloneAndTheOthersOfTheBatchAreRecorded() {
    SQSEvent e = batch();
    SQSEvent.SQSMessage bad = e.getRecords().get(0);
    bad.setBody(bad.getBody().replace("\"stage\": 0", "\"stage\": 99"));
    assertThat(bad.getBody()).contains("\"stage\": 99");
    SQSBatchResponse r = handler.handleRequest(e, null);
    assertThat(r.getBatchItemFailures())
        .singleElement()
        .satisfies(f -> assertThat(f.getItemIdentifier()).isEqualTo(bad.getMessageId()));
    assertThat(store.find(RUN).orElseThrow().completedShards()).isEqualTo(1);
    assertThat(recorded).containsExactly("failure", "RECORDED:2", "flush");
  }

  @Test
  void aShardsDeadlineIsTheInvocationsEndLessTheMargin() {
    assertThat(ShardWorkerHandler.deadline(null).isSet()).isFalse();
    assertThat(ShardWorkerHandler.deadline(remaining(1_000_000)).isSet()).isFalse();
    var late = ShardWorkerHandler.deadline(remaining(59_000));
    assertThat(late.isSet()).isTrue();
    assertThat(late.passed()).isTrue();
    var inTime = ShardWorkerHandler.deadline(remaining(240_000));
    assertThat(inTime.isSet()).isTrue();
    assertThat(inTime.passed()).isFalse();
  }
}
