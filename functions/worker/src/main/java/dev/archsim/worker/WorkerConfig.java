package dev.archsim.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.Optional;

/** Configuration of the worker function (environment variables set by template.yaml). */
@ConfigMapping(prefix = "archsim")
public interface WorkerConfig {
  String region();

  /** Endpoint override for emulators (every service); empty on AWS. */
  Optional<URI> endpoint();

  /** DynamoDB endpoint override, when it differs from {@link #endpoint()}. */
  Optional<URI> dynamodbEndpoint();

  String table();

  /** Messages from this queue fail their run instead of being processed. */
  Optional<String> deadLetterQueueArn();

  /** Where dead-lettered shards are parked for a redrive (the template's FailedShardQueue). */
  Optional<String> failedShardQueueUrl();

  @WithDefault("30")
  int retentionDays();

  /**
   * Whether initialisation takes a shard's path once ({@link WarmUpAtInit}): {@code auto} (with
   * SnapStart and provisioned concurrency), {@code always} or {@code never}.
   */
  @WithDefault("auto")
  WarmUpAtInit.Mode warmUp();

  /** SQS endpoint override for the reconciler, when it differs from {@link #endpoint()}. */
  Optional<URI> sqsEndpoint();

  /** The shard queue, onto which the reconciler enqueues the shards of stuck runs. */
  Optional<String> shardQueueUrl();

  /** Trials per shard, as the API splits runs (the reconciler splits stored runs the same way). */
  @WithDefault("25")
  int trialsPerShard();

  /** How long the shard queue keeps a message (the template's MessageRetentionPeriod). */
  @WithDefault("345600")
  int shardMessageRetentionSeconds();

  /** How long after its creation a run whose shards cannot be enqueued is failed. */
  @WithDefault("3600")
  int enqueueGiveUpSeconds();

  /** How long an aggregation claim holds before another worker may take it over. */
  @WithDefault("300")
  int aggregationLeaseSeconds();
}
