package dev.archsim.core.run;

import java.util.List;

/** Publishes to every publisher; fails when any fails, after trying all of them. */
public final class CompositeCompletionPublisher implements CompletionPublisher {
  private final List<CompletionPublisher> publishers;

  public CompositeCompletionPublisher(List<CompletionPublisher> publishers) {
    this.publishers = List.copyOf(publishers);
  }

  @Override
  public void publish(RunEvent event) {
    PublishException first = null;
    for (CompletionPublisher p : publishers) {
      try {
        p.publish(event);
      } catch (PublishException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
