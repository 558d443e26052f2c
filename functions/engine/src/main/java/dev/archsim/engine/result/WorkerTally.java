package dev.archsim.engine.result;

/**
 * The queue's consumers in service over a set of trials: the time-weighted mean of each trial (×
 * 1000, summed exactly), the fewest and the most at any time. A commutative monoid under {@link
 * #merge} with {@link #EMPTY} as identity, so any split of the trials into shards merges to the
 * identical value.
 *
 * @param meanMilli the trials' time-weighted means × 1000
 * @param min fewest consumers in service at any time ({@link Long#MAX_VALUE} for no trial)
 * @param max most consumers in service at any time
 */
public record WorkerTally(ExactStat meanMilli, long min, long max) {
  public static final WorkerTally EMPTY = new WorkerTally(ExactStat.EMPTY, Long.MAX_VALUE, 0);

  /** One trial's count: its time-weighted mean × 1000 and its fewest and most. */
  public static WorkerTally ofTrial(TrialOutcome.Workers w, long trial) {
    return new WorkerTally(ExactStat.of(w.meanMilli(), trial), w.min(), w.max());
  }

  public WorkerTally merge(WorkerTally o) {
    return new WorkerTally(
        meanMilli.merge(o.meanMilli), Math.min(min, o.min), Math.max(max, o.max));
  }
}
