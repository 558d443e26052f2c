package dev.archsim.core.run;

/** Shards could not be enqueued. */
public class ShardQueueException extends RuntimeException {
  public ShardQueueException(String message, Throwable cause) {
    super(message, cause);
  }
}
