package dev.archsim.core.run;

/** A completion event could not be published. */
public class PublishException extends RuntimeException {
  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
