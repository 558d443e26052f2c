package dev.archsim.core.run;

/** Tells the world a run finished. Implementations throw {@link PublishException} on failure. */
public interface CompletionPublisher {
  void publish(RunEvent event);
}
