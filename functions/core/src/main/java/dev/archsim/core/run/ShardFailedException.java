package dev.archsim.core.run;

/**
 * A shard's simulation or recording died with a {@link Error} ({@link OutOfMemoryError}, {@link
 * StackOverflowError}, …): reported as a failure of that shard alone, like any exception, so that
 * its message is retried and, if it keeps failing, dead-lettered with this reason instead of taking
 * its batch-mates, its worker thread or its run down with it.
 */
public final class ShardFailedException extends RuntimeException {
  public ShardFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code t} itself when it is a RuntimeException; an Error wrapped with what it was. */
  public static RuntimeException of(Throwable t) {
    if (t instanceof RuntimeException e) {
      return e;
    }
    return new ShardFailedException(
        t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage()), t);
  }
}
