package dev.archsim.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.archsim.core.optimize.RunOptimization;
import dev.archsim.core.run.DeadLetterShard;
import dev.archsim.core.run.MessageCodec;
import dev.archsim.core.run.ProcessShard;
import dev.archsim.core.run.ShardTask;
import dev.archsim.engine.sim.Deadline;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * SQS event source: each message is one shard, or an optimisation's step ({@link
 * RunOptimization#step}, taken after the batch's shards); a batch's shards of one run are recorded
 * in one write. A failed message is reported in the partial batch response so only it is retried;
 * messages from the dead-letter queue are parked for a redrive and fail their run until it is
 * redriven ({@link DeadLetterShard}). Every log line while a message is handled carries {@code
 * runId}, {@code shard}, {@code messageId} and {@code awsRequestId} in its MDC, which the JSON log
 * format writes as fields.
 */
@Named("shard-worker")
public class ShardWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final Logger LOG = Logger.getLogger(ShardWorkerHandler.class);
  private final ProcessShard processShard;
  private final DeadLetterShard deadLetter;
  private final String deadLetterQueueArn;
  private final ShardMetrics metrics;
  private final RunOptimization optimizations;

  @Inject
  public ShardWorkerHandler(
      ProcessShard processShard,
      DeadLetterShard deadLetter,
      WorkerConfig config,
      ShardMetrics metrics,
      RunOptimization optimizations) {
    this(processShard, deadLetter, config.deadLetterQueueArn().orElse(""), metrics, optimizations);
  }

  public ShardWorkerHandler(
      ProcessShard processShard, DeadLetterShard deadLetter, String deadLetterQueueArn) {
    this(processShard, deadLetter, deadLetterQueueArn, ShardMetrics.NONE);
  }

  public ShardWorkerHandler(
      ProcessShard processShard,
      DeadLetterShard deadLetter,
      String deadLetterQueueArn,
      ShardMetrics metrics) {
    this(processShard, deadLetter, deadLetterQueueArn, metrics, null);
  }

  /**
   * @param optimizations takes the optimisations' steps that come on the same queue (null: none are
   *     expected, a step message fails)
   */
  public ShardWorkerHandler(
      ProcessShard processShard,
      DeadLetterShard deadLetter,
      String deadLetterQueueArn,
      ShardMetrics metrics,
      RunOptimization optimizations) {
    this.processShard = processShard;
    this.deadLetter = deadLetter;
    this.deadLetterQueueArn = deadLetterQueueArn;
    this.metrics = metrics;
    this.optimizations = optimizations;
  }

  /**
   * No shard of a batch is started with less than this left of the invocation: a 25-trial shard of
   * the heaviest library scenario takes under 20 s here; the rest is for recording and merging.
   */
  public static final long MARGIN_MILLIS = 60_000;

  /**
   * Simulates every shard of the batch, then records each run's shards in one write and completes
   * the runs whose last shard was among them; only the messages that failed are reported.
   */
  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    List<Map.Entry<SQSEvent.SQSMessage, ShardTask>> shards = new ArrayList<>();
    Map<String, List<SQSEvent.SQSMessage>> steps = new java.util.LinkedHashMap<>();
    for (SQSEvent.SQSMessage m : event.getRecords()) {
      mdc(m, null, context);
      try {
        String step = MessageCodec.optimizationStepOf(m.getBody());
        if (step != null) {
          if (!deadLetterQueueArn.isEmpty() && deadLetterQueueArn.equals(m.getEventSourceArn())) {
            LOG.warnf("the step of optimization %s is in the dead-letter queue: failing it", step);
            optimizations().stepFailed(step, "it went to the dead-letter queue");
          } else {
            steps.computeIfAbsent(step, k -> new ArrayList<>()).add(m);
          }
          continue;
        }
        ShardTask task = MessageCodec.shardTask(m.getBody());
        if (!deadLetterQueueArn.isEmpty() && deadLetterQueueArn.equals(m.getEventSourceArn())) {
          mdc(m, task, context);
          deadLettered(m, task);
        } else {
          shards.add(Map.entry(m, task));
        }
      } catch (RuntimeException e) {
        failed(m, e, failures);
      } finally {
        MDC.clear();
      }
    }
    if (!shards.isEmpty()) {
      ProcessShard.Batch batch =
          processShard.processAll(
              shards.stream().map(Map.Entry::getValue).toList(),
              () -> timeLeft(context),
              () -> deadline(context));
      for (Map.Entry<SQSEvent.SQSMessage, ShardTask> shard : shards) {
        SQSEvent.SQSMessage m = shard.getKey();
        ShardTask task = shard.getValue();
        mdc(m, task, context);
        try {
          RuntimeException error = batch.failed().get(task);
          if (error != null) {
            failed(m, error, failures);
            continue;
          }
          ProcessShard.Done done = batch.done().get(task);
          int trials = task.toTrial() - task.fromTrial();
          metrics.shard(done.outcome().name(), trials, done.millis());
          LOG.infof(
              "shard %d of run %s: %s, %d trials in %d ms",
              task.shardIndex(), task.runId(), done.outcome(), trials, done.millis());
        } finally {
          MDC.clear();
        }
      }
    }
    // after the shards: a step reads what they recorded. The same step twice in a batch is
    // taken once (it reads everything recorded when it starts)
    for (Map.Entry<String, List<SQSEvent.SQSMessage>> step : steps.entrySet()) {
      MDC.put("optimizationId", step.getKey());
      try {
        optimizations().step(step.getKey());
      } catch (RuntimeException e) {
        step.getValue().forEach(m -> failed(m, e, failures));
      } finally {
        MDC.clear();
      }
    }
    metrics.flush();
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }

  private RunOptimization optimizations() {
    if (optimizations == null) {
      throw new IllegalStateException("this worker takes no optimization steps");
    }
    return optimizations;
  }

  /**
   * Whether another shard may start: more than {@link #MARGIN_MILLIS} left of the invocation. A
   * runtime that reports no deadline (a local emulator) gives a number outside Lambda's 15 minutes.
   */
  static boolean timeLeft(Context context) {
    if (context == null) {
      return true;
    }
    long remaining = context.getRemainingTimeInMillis();
    if (remaining <= 0 || remaining > 900_000) {
      return true;
    }
    return remaining > MARGIN_MILLIS;
  }

  /**
   * The deadline of a shard starting now: the invocation's end less {@link #MARGIN_MILLIS}, which
   * is left for recording the batch and completing runs; none when the runtime reports no deadline.
   */
  static Deadline deadline(Context context) {
    if (context == null) {
      return Deadline.NONE;
    }
    long remaining = context.getRemainingTimeInMillis();
    if (remaining <= 0 || remaining > 900_000) {
      return Deadline.NONE;
    }
    return Deadline.after(Duration.ofMillis(remaining - MARGIN_MILLIS));
  }

  private void deadLettered(SQSEvent.SQSMessage m, ShardTask task) {
    String receives =
        m.getAttributes() == null
            ? "?"
            : m.getAttributes().getOrDefault("ApproximateReceiveCount", "?");
    metrics.runFailed();
    LOG.warnf(
        "shard %d of run %s is in the dead-letter queue after %s receives:"
            + " parking it for a redrive and failing the run",
        task.shardIndex(), task.runId(), receives);
    deadLetter.handle(task, "received " + receives + " times");
  }

  private void failed(
      SQSEvent.SQSMessage m, RuntimeException e, List<SQSBatchResponse.BatchItemFailure> failures) {
    LOG.errorf(e, "message %s failed", m.getMessageId());
    metrics.failure();
    failures.add(
        SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(m.getMessageId()).build());
  }

  private static void mdc(SQSEvent.SQSMessage m, ShardTask task, Context context) {
    MDC.put("messageId", m.getMessageId());
    if (context != null) {
      MDC.put("awsRequestId", context.getAwsRequestId());
    }
    if (task != null) {
      MDC.put("runId", task.runId());
      MDC.put("shard", task.shardIndex());
    }
  }
}
