package dev.archsim.engine.model;

/**
 * An SQS queue between the web tier and the database: a request's writes become one message and the
 * request succeeds once it is queued; consumers write to the database at their own rate. When they
 * are down (or the database is), the queue grows instead of requests failing.
 *
 * @param share share of the requests' writes sent through the queue (0..1)
 * @param consumerRatePerSecond messages the consumers process per second when up (0 with a Lambda
 *     consumer, whose rate follows from its concurrency, batch and batch time)
 * @param maxReceiveCount receives before a failing message moves to the dead-letter queue
 * @param poisonShare share of messages that always fail
 * @param retentionHours messages older than this are deleted (SQS default 4 days)
 * @param fanoutSubscribers fan-out: subscribers each message is published to (0 for none)
 * @param eventBridge fan out through an EventBridge bus ($1.00 per million events) rather than an
 *     SNS topic ($0.50 per million publishes)
 * @param visibilityTimeoutSeconds how long a received message stays hidden before it can be
 *     received again (SQS default 30 s)
 * @param deadLetterQueue whether a redrive policy sends a message received {@code maxReceiveCount}
 *     times to a dead-letter queue; without one a failing message is received again every
 *     visibility timeout until the retention period deletes it
 * @param messageKb size of one message; SQS, SNS and EventBridge bill each 64 KB chunk of a payload
 *     as one request
 * @param lambda the Lambda function consuming the queue through an event source mapping, or null
 *     for consumers working at {@code consumerRatePerSecond}
 * @param workers an EC2 Auto Scaling group or ECS service (Fargate) consuming the queue, scaling on
 *     the backlog per instance; null for none
 */
public record AsyncQueue(
    double share,
    double consumerRatePerSecond,
    int maxReceiveCount,
    double poisonShare,
    double retentionHours,
    int fanoutSubscribers,
    boolean eventBridge,
    double visibilityTimeoutSeconds,
    boolean deadLetterQueue,
    double messageKb,
    LambdaConsumer lambda,
    Workers workers) {
  /** The defaults of the {@code queue} section. */
  public static final Defaults.Table DEFAULTS = Defaults.section("queue");

  public static final double DEFAULT_SHARE = DEFAULTS.d("share", 1.0);
  public static final int DEFAULT_MAX_RECEIVE_COUNT = DEFAULTS.d("maxReceiveCount", 5);
  public static final double DEFAULT_POISON_SHARE = DEFAULTS.d("poisonShare", 0.0);

  /** SQS's default retention period: 4 days (AWS-FACTS §11). */
  public static final double DEFAULT_RETENTION_HOURS = DEFAULTS.d("retentionHours", 96.0);

  public static final int DEFAULT_FANOUT_SUBSCRIBERS = DEFAULTS.d("fanoutSubscribers", 0);
  public static final String DEFAULT_FANOUT_VIA = DEFAULTS.d("fanoutVia", "sns");

  /** SQS's default visibility timeout: 30 s (AWS-FACTS §11). */
  public static final double DEFAULT_VISIBILITY_TIMEOUT_SECONDS =
      DEFAULTS.d("visibilityTimeoutSeconds", 30.0);

  public static final boolean DEFAULT_DEAD_LETTER_QUEUE = DEFAULTS.d("deadLetterQueue", true);

  /** UNSOURCED default: a 1 KB message (one 64 KB billing chunk). */
  public static final double DEFAULT_MESSAGE_KB = DEFAULTS.d("messageKb", 1.0);

  /** UNSOURCED assumption: SendMessage from inside the region. */
  public static final double SEND_MS = 8;

  /**
   * SQS bills "each 64 KB chunk of a payload" as one request (AWS-FACTS §11); SNS and EventBridge
   * chunk the same way.
   */
  public static final double CHUNK_KB = 64;

  /** Messages per ReceiveMessage and per DeleteMessageBatch call: at most 10 (AWS-FACTS §11). */
  public static final int MESSAGES_PER_CALL = 10;

  /** A queue with consumers at a fixed rate, the SQS defaults and a dead-letter queue. */
  public AsyncQueue(
      double share,
      double consumerRatePerSecond,
      int maxReceiveCount,
      double poisonShare,
      double retentionHours,
      int fanoutSubscribers,
      boolean eventBridge) {
    this(
        share,
        consumerRatePerSecond,
        maxReceiveCount,
        poisonShare,
        retentionHours,
        fanoutSubscribers,
        eventBridge,
        DEFAULT_VISIBILITY_TIMEOUT_SECONDS,
        DEFAULT_DEAD_LETTER_QUEUE,
        DEFAULT_MESSAGE_KB,
        null,
        null);
  }

  /** 64 KB chunks a message is billed as. */
  public double chunks() {
    return Math.max(1, Math.ceil(messageKb / CHUNK_KB));
  }

  /** A copy consumed by {@code consumer}. */
  public AsyncQueue withLambda(LambdaConsumer consumer) {
    return new AsyncQueue(
        share,
        0,
        maxReceiveCount,
        poisonShare,
        retentionHours,
        fanoutSubscribers,
        eventBridge,
        visibilityTimeoutSeconds,
        deadLetterQueue,
        messageKb,
        consumer,
        null);
  }

  /** A copy consumed by {@code w}. */
  public AsyncQueue withWorkers(Workers w) {
    return new AsyncQueue(
        share,
        consumerRatePerSecond,
        maxReceiveCount,
        poisonShare,
        retentionHours,
        fanoutSubscribers,
        eventBridge,
        visibilityTimeoutSeconds,
        deadLetterQueue,
        messageKb,
        lambda,
        w);
  }

  /**
   * A fleet consuming the queue: EC2 instances in an Auto Scaling group, or the tasks of an ECS
   * service ({@code service}: its capacity providers, Fargate Spot included, its task start,
   * Service Auto Scaling and rolling deployments, mapped onto the fleet as the stage's container
   * service's are), each working {@code concurrency} messages at a time, {@code messageMs} each, so
   * {@code n} instances (or tasks) in service drain {@code n × concurrency × 1000 / messageMs}
   * messages a second. The group (or Service Auto Scaling) tracks the backlog per instance, the AWS
   * guide's metric (ApproximateNumberOfMessagesVisible / instances in service). Each worker thread
   * asks SQS for up to {@code batchSize} messages a ReceiveMessage call and deletes what it
   * processed in one DeleteMessageBatch call.
   *
   * @param fleet the instances as written: name, type (empty for an ECS service), placement per AZ
   *     (empty: {@code countPerAz} in each of the stage's AZs), and the group with its
   *     backlog-per-instance policy, null for a fixed fleet
   * @param countPerAz instances in each AZ when the placement is empty
   * @param messageMs time one message takes on one worker slot
   * @param concurrency messages an instance (or task) works at once (null: one per vCPU)
   * @param service the ECS service whose tasks consume the queue, or null for EC2 instances
   * @param batchSize messages asked for in one ReceiveMessage call (MaxNumberOfMessages, 1 to 10)
   */
  public record Workers(
      ComputeTier fleet,
      int countPerAz,
      double messageMs,
      Integer concurrency,
      EcsService service,
      int batchSize) {
    /** The defaults of the {@code queue.workers} object. */
    public static final Defaults.Table DEFAULTS = Defaults.section("queue/properties/workers");

    public static final String DEFAULT_NAME = DEFAULTS.d("name", "workers");
    public static final int DEFAULT_COUNT_PER_AZ = DEFAULTS.d("countPerAz", 1);

    /**
     * ReceiveMessage's MaxNumberOfMessages when a worker gives none: 1 ([AWS] SQS API reference,
     * ReceiveMessage: "Valid values: 1 to 10. Default: 1.").
     */
    public static final int DEFAULT_BATCH_SIZE = DEFAULTS.d("batchSize", 1);

    /** Launch to a running worker (as the compute fleet's group). */
    public static final double DEFAULT_BOOT_SECONDS =
        DEFAULTS.d("autoScaling/properties/bootSeconds", 120.0);

    public static final double DEFAULT_WARMUP_SECONDS =
        DEFAULTS.d("autoScaling/properties/warmupSeconds", 180.0);

    /** An Auto Scaling group of EC2 workers (or a Fargate-sized fleet) receiving one at a time. */
    public Workers(ComputeTier fleet, int countPerAz, double messageMs, Integer concurrency) {
      this(fleet, countPerAz, messageMs, concurrency, null, DEFAULT_BATCH_SIZE);
    }

    /** Messages one instance drains a second at full work. */
    public double perInstancePerSecond(int vcpu) {
      return (concurrency == null ? vcpu : concurrency) * 1000.0 / messageMs;
    }

    /** A copy whose instances run as {@code placed}. */
    public Workers withFleet(ComputeTier placed) {
      return new Workers(placed, countPerAz, messageMs, concurrency, service, batchSize);
    }
  }

  /**
   * A Lambda function polling the queue through an event source mapping. AWS documents (Lambda
   * developer guide, "Lambda parameters for Amazon SQS event source mappings", "Configuring scaling
   * behavior for SQS event source mappings", "Creating and configuring an Amazon SQS event source
   * mapping"; CloudFormation ScalingConfig): {@code BatchSize} default 10, at most 10,000 for a
   * standard queue and above 10 only with a batching window; {@code MaximumBatchingWindowInSeconds}
   * default 0, at most 300; {@code MaximumConcurrency} 2 to 1,000; pollers start with five
   * concurrent batches and add up to 300 a minute while messages are available, at most 1,000
   * batches at once; without {@code ReportBatchItemFailures} an error returns the whole batch to
   * the queue; the function's timeout must not exceed the queue's visibility timeout, which should
   * be at least six times the function's timeout.
   *
   * @param name function name, used for cost components
   * @param batchSize largest batch handed to one invocation
   * @param batchWindowSeconds how long the pollers gather messages before invoking
   * @param maximumConcurrency concurrent invocations the mapping may run, or null for no cap below
   *     the pollers' 1,000 batches
   * @param invocationMs time an invocation takes whatever its batch (start-up, connections)
   * @param messageMs time each message of a batch adds
   * @param memoryMb the function's memory (billed per GB-second)
   * @param timeoutSeconds the function's timeout (Lambda default 3 s)
   * @param reportBatchItemFailures partial batch responses: only the failed messages of a batch
   *     return to the queue
   * @param arm64 Graviton pricing
   */
  public record LambdaConsumer(
      String name,
      int batchSize,
      double batchWindowSeconds,
      Integer maximumConcurrency,
      double invocationMs,
      double messageMs,
      int memoryMb,
      double timeoutSeconds,
      boolean reportBatchItemFailures,
      boolean arm64) {
    /** The defaults of the {@code queue.lambda} object. */
    public static final Defaults.Table DEFAULTS = Defaults.section("queue/properties/lambda");

    public static final String DEFAULT_NAME = DEFAULTS.d("name", "worker");

    /** Event source mapping BatchSize default: 10. */
    public static final int DEFAULT_BATCH_SIZE = DEFAULTS.d("batchSize", 10);

    /** MaximumBatchingWindowInSeconds default: 0. */
    public static final double DEFAULT_BATCH_WINDOW_SECONDS = DEFAULTS.d("batchWindowSeconds", 0.0);

    public static final double DEFAULT_INVOCATION_MS = DEFAULTS.d("invocationMs", 0.0);

    /** Lambda's default memory: 128 MB. */
    public static final int DEFAULT_MEMORY_MB = DEFAULTS.d("memoryMb", 128);

    /** Lambda's default function timeout: 3 s. */
    public static final double DEFAULT_TIMEOUT_SECONDS = DEFAULTS.d("timeoutSeconds", 3.0);

    /** FunctionResponseTypes is empty unless ReportBatchItemFailures is set. */
    public static final boolean DEFAULT_REPORT_BATCH_ITEM_FAILURES =
        DEFAULTS.d("reportBatchItemFailures", false);

    public static final boolean DEFAULT_ARM64 = DEFAULTS.d("arm64", false);

    /** Batches the pollers start with when messages arrive: five. */
    public static final int START_BATCHES = 5;

    /** Batches added per minute while messages are still available: up to 300. */
    public static final double BATCHES_ADDED_PER_MINUTE = 300;

    /** Batches an event source mapping processes at once: at most 1,000. */
    public static final int MAX_BATCHES = 1000;

    /** Largest batch for a standard queue. */
    public static final int MAX_BATCH_SIZE = 10_000;

    /** Largest batching window, seconds. */
    public static final double MAX_BATCH_WINDOW_SECONDS = 300;

    /** The concurrency the pollers can reach. */
    public int concurrencyCap() {
      return maximumConcurrency == null ? MAX_BATCHES : Math.min(maximumConcurrency, MAX_BATCHES);
    }

    /** Time an invocation with {@code n} messages takes, in ms. */
    public double batchMs(double n) {
      return invocationMs + n * messageMs;
    }

    /**
     * Messages per second at {@code concurrency} concurrent invocations of full batches:
     * concurrency × batch / batch time.
     */
    public double throughput(double concurrency) {
      return concurrency * batchSize / (batchMs(batchSize) / 1000);
    }
  }
}
