package dev.archsim.engine.component;

/**
 * A queue's backlog as a scaling policy reads it: the messages waiting now, SQS's {@code
 * ApproximateNumberOfMessagesVisible}. A worker fleet scaling on backlog per instance divides it by
 * its instances in service and compares the quotient with the backlog each instance can work off in
 * the acceptable latency ("Scaling policy based on Amazon SQS", Amazon EC2 Auto Scaling User
 * Guide).
 */
@FunctionalInterface
public interface Backlog {
  /** Messages waiting in the queue now (none when the stage has no queue). */
  double visible();

  /** The backlog of a stage without a queue. */
  Backlog NONE = () -> 0;
}
