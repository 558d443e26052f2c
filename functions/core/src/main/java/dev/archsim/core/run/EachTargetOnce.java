package dev.archsim.core.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Publishes a run's terminal event to every target (SNS, EventBridge, …) once: a target that took
 * the event is remembered in the run store (one mark per target and event: a run FAILED by a
 * dead-lettered shard and completed after its redrive publishes RunFailed, then RunCompleted), so
 * when another target fails and the whole notification is retried, only the targets still missing
 * it are published to. A notifier that dies between a target's publish and its mark publishes to
 * that target again on the retry; the event's {@code runId} and {@code type} identify it for
 * consumers that must deduplicate.
 */
public final class EachTargetOnce implements CompletionPublisher {
  /** The run's mark for a target: this, the target's name, ':' and the event ({@link #mark}). */
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
      String mark = mark(target.getKey(), event);
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

  /**
   * The mark of {@code event} on {@code target}: its type and the time of the status change, so a
   * retried stream record (same change) is recognised and a later change is published again.
   */
  public static String mark(String target, RunEvent event) {
    return MARK_PREFIX + target + ":" + event.type() + (event.at() == null ? "" : "@" + event.at());
  }
}
