package dev.archsim.engine.component;

/**
 * A queue whose backlog a fleet can scale on (SQS): what a backlog-per-instance scaling policy
 * reads each minute. The stage of a queue component implements it; the fleet finds it among the
 * stage's path stages.
 */
public interface QueueBacklog {
  /**
   * Messages visible in the queue now, waiting to be received (SQS
   * ApproximateNumberOfMessagesVisible; in flight and delayed ones excluded).
   */
  double visibleMessages();
}
