package dev.archsim.core.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Publishes a run's terminal event to every target (SNS, EventBridge, …) once: a target that took
 * the event is remembered in the run store, so when another target fails and the whole notification
 * is retried, only the targets still missing it are published to. A notifier that dies between a
 * target's publish and its mark publishes to that target again on the retry; the event's {@code
 * runId} and {@code type} identify it for consumers that must deduplicate.
 */
public final class EachTargetOnce implements CompletionPublisher {
  /** The run's mark for a target, followed by the target's name. */
  public static final String MARK_PREFIX = "published:";

  private final RunStore store;
  private final Map<String, CompletionPublisher> targets;

  /**
   * @param targets by name, published to in this order
   */
  public EachTargetOnce(RunStore store, Map<String, CompletionPublisher> targets) {
    this.store = store;
    this.targets = new LinkedHashMap<>(targets);
  }

  /**
   * @throws PublishException the first failure, after trying every target (later ones suppressed)
   */
  @Override
  public void publish(RunEvent event) {
    Set<String> marks = store.marks(event.runId());
    PublishException first = null;
    for (Map.Entry<String, CompletionPublisher> target : targets.entrySet()) {
      String mark = MARK_PREFIX + target.getKey();
      if (marks.contains(mark)) {
        continue;
      }
      try {
        target.getValue().publish(event);
      } catch (PublishException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
        continue;
      }
      store.mark(event.runId(), mark);
    }
    if (first != null) {
      throw first;
    }
  }
}
