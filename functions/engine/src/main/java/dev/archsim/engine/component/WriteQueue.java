package dev.archsim.engine.component;

/**
 * The queue between compute and the database (SQS): a share of each request's writes becomes a
 * message and the request succeeds once it is sent; consumers write to the database at their own
 * rate. The data tier asks it which share of the writes it takes, sends it the messages of each
 * traffic step and sees the consumers' writes in place of the requests'.
 */
public interface WriteQueue extends PathStage, QueueBacklog {
  /** Share of the requests' writes sent through the queue, in [0, 1]. */
  double writeShare();

  /** Time sending a message adds to a request that sends one, in ms. */
  double sendMs();

  /**
   * One traffic step [a, a + dt): {@code messagesPerSecond} arrive; the consumers work when {@code
   * downstreamUp} (the database and the region they write to) and they are not stopped themselves.
   */
  void step(double a, double dt, double messagesPerSecond, boolean downstreamUp);

  /** Messages per second the consumers took off the queue in the last step. */
  double consumedRate();

  /**
   * Instances (or tasks) of a worker fleet consuming the queue in service now; 0 for consumers that
   * run on none (a fixed rate, a Lambda function). A stage without an entry counts them as its
   * instances.
   */
  default int instancesInService() {
    return 0;
  }

  /**
   * Concurrent batches of a Lambda consumer (its event source mapping) over the last step, a mean;
   * 0 for consumers that are not a Lambda function.
   */
  default double consumerConcurrency() {
    return 0;
  }

  /** Age in seconds at {@code now} of the oldest message waiting its first receive; 0 for none. */
  default double oldestMessageAgeSeconds(double now) {
    return 0;
  }
}
