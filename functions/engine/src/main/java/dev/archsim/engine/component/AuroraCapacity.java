package dev.archsim.engine.component;

import dev.archsim.engine.model.Database;

/**
 * The capacity of Aurora Serverless v2 instances in one trial, in ACUs, following their load with a
 * lag. Each traffic step the instances aim at the capacity the step's load needs ({@link #target}):
 * the load at {@link #TARGET_UTILISATION} of the capacity, rounded up to the next 0.5 ACU and kept
 * within the cluster's range. Then:
 *
 * <ul>
 *   <li>scaling up, the capacity grows in proportion to itself, doubling every {@link
 *       #DOUBLING_SECONDS}: AWS documents that "the higher the current capacity, the faster it can
 *       scale up" ([AWS] Aurora user guide, "Performance and scaling for Aurora Serverless v2",
 *       considerations for the minimum capacity) and that scaling is fast, most scaling keeping the
 *       instance on its host ("How Aurora Serverless v2 works"); the doubling time is a measured
 *       one ([3P] "Study AWS Aurora Serverless v2", 2024-03-13, PostgreSQL 15.5 in us-east-1: 4 to
 *       8 ACU in 15 and 16 s, 8 to 11 ACU in 16 s);
 *   <li>scaling down, the capacity stays {@link #SCALE_DOWN_DELAY_SECONDS} at its level after the
 *       load falls, then drops to the target ([3P] same study: scaling down began 1.5 to 5 minutes
 *       after the load fell, the shortest after the smallest rise).
 * </ul>
 *
 * <p>A trial starts warm, at the capacity its first step's load aims at. Within a step the capacity
 * is C(t) = min(target, C₀ e^{t/τ}) rising, τ = doubling time / ln 2, and steps from C₀ to the
 * target at the end of the delay falling; the share of a load beyond it ({@link #shortfall}) and
 * the ACU-seconds billed are integrated exactly over the step.
 */
final class AuroraCapacity {
  /**
   * UNSOURCED assumption: Aurora Serverless v2 sizes an instance so that its load takes 70 % of its
   * capacity (AWS documents that it scales on CPU, memory and network use, not at which level).
   */
  static final double TARGET_UTILISATION = 0.7;

  /**
   * ACUs that do the work of one vCPU of a provisioned class, so that one ACU serves {@code
   * queriesPerSecondPerVcpu / 4} queries a second. An ACU is "approximately 2 gibibytes (GiB) of
   * memory, corresponding CPU, and networking" ([AWS] Aurora user guide, "How Aurora Serverless v2
   * works"); Aurora's memory-optimised classes pair 8 GiB with each vCPU (db.r6g.large: 2 vCPUs, 16
   * GiB), so 4 ACUs hold what one such vCPU does. A documented assumption: the same work per GiB as
   * the provisioned classes.
   */
  static final double ACUS_PER_VCPU = 4;

  /** [3P] measured: scaling up doubles the capacity in about 16 seconds (see the class). */
  static final double DOUBLING_SECONDS = 16;

  /** [3P] measured: scaling down begins about 90 seconds after the load falls (see the class). */
  static final double SCALE_DOWN_DELAY_SECONDS = 90;

  /**
   * An instance under load is never paused: auto-pause needs no connections at all, so a minimum of
   * 0 ACU runs at 0.5 ACU while requests arrive ([AWS] RDS API reference,
   * ServerlessV2ScalingConfiguration: 0 only for auto-pause).
   */
  static final double RUNNING_FLOOR_ACU = 0.5;

  private static final double TAU = DOUBLING_SECONDS / Math.log(2);

  private final double floor;
  private final double max;

  /** The capacity at the start of the next step, and since when the target has been below it. */
  private double acu;

  private double belowSince = Double.NaN;

  /** False until the first step: a trial starts warm, at the capacity its first load needs. */
  private boolean started;

  // the last step: its length, the capacity at its start, its target, and when the capacity
  // reaches the target within it (rising) or drops to it (falling); +infinity when it does not
  private double dt;
  private double start;
  private double target;
  private double reachedAt;
  private boolean rising;

  AuroraCapacity(Database.ServerlessV2 range) {
    this.floor = Math.max(RUNNING_FLOOR_ACU, range.minAcu());
    this.max = range.maxAcu();
    this.acu = floor;
    this.start = floor;
    this.target = floor;
  }

  /** Seconds scaling up takes from {@code from} to {@code to} ACU (0 when not above). */
  static double secondsToScale(double from, double to) {
    return to > from ? TAU * Math.log(to / from) : 0;
  }

  /** The capacity now, in ACUs. */
  double acu() {
    return acu;
  }

  /** True while the capacity is still moving toward the last target. */
  boolean moving() {
    return acu != target || !Double.isNaN(belowSince);
  }

  /**
   * The capacity a load of {@code loadAcu} (the load in ACUs of work: queries per second over the
   * queries one ACU serves per second) aims at: at the target utilisation, in steps of 0.5 ACU,
   * within the range.
   */
  double target(double loadAcu) {
    double step = Database.ServerlessV2.STEP_ACU;
    double need = Math.ceil(loadAcu / TARGET_UTILISATION / step - 1e-9) * step;
    return Math.min(max, Math.max(floor, need));
  }

  /** Moves the capacity over the step [a, a + dt) toward {@code target}. */
  void advance(double a, double dt, double target) {
    if (!started) {
      started = true;
      acu = target;
    }
    this.dt = dt;
    this.start = acu;
    this.target = target;
    this.reachedAt = Double.POSITIVE_INFINITY;
    this.rising = target > acu;
    if (rising) {
      belowSince = Double.NaN;
      reachedAt = TAU * Math.log(target / acu);
      acu = reachedAt <= dt ? target : acu * Math.exp(dt / TAU);
    } else if (target < acu) {
      if (Double.isNaN(belowSince)) {
        belowSince = a;
      }
      double drop = belowSince + SCALE_DOWN_DELAY_SECONDS - a;
      if (drop < dt) {
        reachedAt = Math.max(0, drop);
        acu = target;
        belowSince = Double.NaN;
      }
    } else {
      belowSince = Double.NaN;
    }
  }

  /** Keeps the capacity where it is over a step of {@code dt} seconds (no load reaches it). */
  void hold(double dt) {
    advance(Double.NaN, dt, acu);
  }

  /** ACU-seconds over the last step. */
  double acuSeconds() {
    if (rising) {
      double t1 = Math.min(dt, reachedAt);
      return start * TAU * Math.expm1(t1 / TAU) + target * (dt - t1);
    }
    double t1 = Math.min(dt, reachedAt);
    return start * t1 + acu * (dt - t1);
  }

  /** The mean capacity over the last step, in ACUs. */
  double meanAcu() {
    return dt > 0 ? acuSeconds() / dt : acu;
  }

  /**
   * The mean over the last step of the share of a load of {@code loadAcu} beyond the capacity, (1 −
   * C(t)/load)⁺: the share of the queries that fail.
   */
  double shortfall(double loadAcu) {
    if (!(loadAcu > 0) || dt <= 0) {
      return 0;
    }
    double t1 = Math.min(dt, reachedAt);
    double over;
    if (rising) {
      // below the load until C₀ e^{u/τ} = load
      double u = start >= loadAcu ? 0 : Math.min(t1, TAU * Math.log(loadAcu / start));
      over = u - start * TAU / loadAcu * Math.expm1(u / TAU);
      over += Math.max(0, 1 - target / loadAcu) * (dt - t1);
    } else {
      over = Math.max(0, 1 - start / loadAcu) * t1 + Math.max(0, 1 - acu / loadAcu) * (dt - t1);
    }
    return over / dt;
  }
}
