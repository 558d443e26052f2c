package dev.archsim.engine.model;

/**
 * An SQS queue between the web tier and the database: a request's writes become one message and the
 * request succeeds once it is queued; consumers write to the database at their own rate. When they
 * are down (or the database is), the queue grows instead of requests failing.
 *
 * @param share share of the requests' writes sent through the queue (0..1)
 * @param consumerRatePerSecond messages the consumers process per second when up
 * @param maxReceiveCount receives before a failing message moves to the dead-letter queue
 * @param poisonShare share of messages that always fail
 * @param retentionHours messages older than this are deleted (SQS default 4 days)
 * @param fanoutSubscribers fan-out: subscribers each message is published to (0 for none)
 * @param eventBridge fan out through an EventBridge bus ($1.00 per million events) rather than an
 *     SNS topic ($0.50 per million publishes)
 */
public record AsyncQueue(
    double share,
    double consumerRatePerSecond,
    int maxReceiveCount,
    double poisonShare,
    double retentionHours,
    int fanoutSubscribers,
    boolean eventBridge) {
  public static final double DEFAULT_RETENTION_HOURS = Defaults.RETENTION_HOURS;

  /** UNSOURCED assumption: SendMessage from inside the region. */
  public static final double SEND_MS = 8;
}
