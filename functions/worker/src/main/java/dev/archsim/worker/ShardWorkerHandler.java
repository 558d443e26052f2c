package dev.archsim.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.archsim.core.run.DeadLetterShard;
import dev.archsim.core.run.MessageCodec;
import dev.archsim.core.run.ProcessShard;
import dev.archsim.core.run.ShardTask;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * SQS event source: each message is one shard. A failed message is reported in the partial batch
 * response so only it is retried; messages from the dead-letter queue are parked for a redrive and
 * fail their run until it is redriven ({@link DeadLetterShard}). Every log line while a message is
 * handled carries {@code runId}, {@code shard}, {@code messageId} and {@code awsRequestId} in its
 * MDC, which the JSON log format writes as fields.
 */
@Named("shard-worker")
public class ShardWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final Logger LOG = Logger.getLogger(ShardWorkerHandler.class);
  private final ProcessShard processShard;
  private final DeadLetterShard deadLetter;
  private final String deadLetterQueueArn;
  private final ShardMetrics metrics;

  @Inject
  public ShardWorkerHandler(
      ProcessShard processShard,
      DeadLetterShard deadLetter,
      WorkerConfig config,
      ShardMetrics metrics) {
    this(processShard, deadLetter, config.deadLetterQueueArn().orElse(""), metrics);
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
    this.processShard = processShard;
    this.deadLetter = deadLetter;
    this.deadLetterQueueArn = deadLetterQueueArn;
    this.metrics = metrics;
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    for (SQSEvent.SQSMessage m : event.getRecords()) {
      MDC.put("messageId", m.getMessageId());
      if (context != null) {
        MDC.put("awsRequestId", context.getAwsRequestId());
      }
      try {
        ShardTask task = MessageCodec.shardTask(m.getBody());
        MDC.put("runId", task.runId());
        MDC.put("shard", task.shardIndex());
        if (!deadLetterQueueArn.isEmpty() && deadLetterQueueArn.equals(m.getEventSourceArn())) {
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
        } else {
          long t0 = System.nanoTime();
          ProcessShard.Outcome outcome = processShard.process(task);
          long millis = (System.nanoTime() - t0) / 1_000_000;
          int trials = task.toTrial() - task.fromTrial();
          metrics.shard(outcome.name(), trials, millis);
          LOG.infof(
              "shard %d of run %s: %s, %d trials in %d ms",
              task.shardIndex(), task.runId(), outcome, trials, millis);
        }
      } catch (RuntimeException e) {
        LOG.errorf(e, "message %s failed", m.getMessageId());
        metrics.failure();
        failures.add(
            SQSBatchResponse.BatchItemFailure.builder()
                .withItemIdentifier(m.getMessageId())
                .build());
      } finally {
        MDC.clear();
      }
    }
    metrics.flush();
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }
}
