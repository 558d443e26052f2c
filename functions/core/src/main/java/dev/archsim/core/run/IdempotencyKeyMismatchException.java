package dev.archsim.core.run;

/**
 * A submission's idempotency key names a run that this request did not create: the key was first
 * used with another request (another body or query), or the run id it derives is another owner's.
 */
public class IdempotencyKeyMismatchException extends RuntimeException {
  /** Why the key does not fit. */
  public enum Reason {
    /** The key's run was created by a request with another body or query. */
    OTHER_REQUEST,
    /** The run id derived from the caller and the key is another caller's run. */
    OTHER_OWNER
  }

  private final Reason reason;

  public IdempotencyKeyMismatchException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
