package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.model.ComputeTier;

/**
 * The CPU credits of a fleet's burstable instances (T2/T3/T4g): an instance earns its type's
 * credits per hour up to its maximum balance and spends one credit per vCPU-minute at 100 %; with
 * the balance empty a standard-mode instance runs at its baseline share, an unlimited one goes on
 * at full speed and its surplus credits are billed. Each fleet keeps its own (the compute fleet's
 * in {@link Serving}, a tier's or a worker fleet's in {@link ExtraFleet}); the balance is per
 * {@link Serving.Unit} (a zone's identical instances).
 */
final class CpuCredits {
  private final InstanceType type;
  private final ComputeTier.Credits config;
  private final boolean unlimited;

  /** Credits spent beyond an empty balance in unlimited mode (billed as surplus). */
  private double surplus;

  /** Instance-seconds served at the baseline share with an empty balance (standard mode). */
  private double cappedSeconds;

  /** The credits of {@code type} with the fleet's settings ({@code config}, null: the type's). */
  CpuCredits(InstanceType type, ComputeTier.Credits config) {
    this.type = type;
    this.config = config;
    boolean dflt = type.burstable() && type.burst().defaultUnlimited();
    this.unlimited =
        config != null && config.mode() != null
            ? config.mode() == ComputeTier.CreditMode.UNLIMITED
            : dflt;
  }

  /** The same settings on {@code newType} (a resize), the totals so far carried over. */
  CpuCredits forType(InstanceType newType) {
    CpuCredits c = new CpuCredits(newType, config);
    c.surplus = surplus;
    c.cappedSeconds = cappedSeconds;
    return c;
  }

  /** True when the type is burstable (its speed depends on its balance). */
  boolean matter() {
    return type.burstable();
  }

  boolean unlimited() {
    return unlimited;
  }

  double surplus() {
    return surplus;
  }

  double cappedSeconds() {
    return cappedSeconds;
  }

  /** Credits an instance holds at the start of the trial. */
  double initial() {
    if (!type.burstable()) {
      return 0;
    }
    if (config != null && config.initialPerInstance() != null) {
      return Math.min(config.initialPerInstance(), type.burst().maxCredits());
    }
    return type.burst().maxCredits();
  }

  /** Credits a newly launched instance gets (T2 standard: 30 per vCPU; otherwise none). */
  double atLaunch() {
    if (!type.burstable() || unlimited) {
      return 0;
    }
    return type.burst().launchCreditsPerVcpu() * type.vcpu();
  }

  /** The slowest an instance runs: its baseline share without credits unless unlimited. */
  double slowest() {
    return type.burstable() && !unlimited ? type.burst().baselinePerVcpu() : 1.0;
  }

  /** Idle instances earn credits. */
  void idle(Serving.Unit unit, double dt) {
    if (type.burstable()) {
      unit.credits =
          Math.min(
              type.burst().maxCredits(),
              unit.credits + type.burst().creditsPerHour() / 3600.0 * dt);
    }
  }

  /**
   * {@code n} instances held at their baseline with an empty balance, busy all of {@code dt}: they
   * use what they earn, and the balance stays empty.
   */
  void capped(Serving.Unit unit, int n, double dt) {
    unit.credits = 0;
    cappedSeconds += n * dt;
  }

  /** What {@link #spend} serves a part of its time at a speed (1: full, else the baseline). */
  interface Stretch {
    void serve(double dt, double speed);
  }

  /**
   * {@code n} instances of {@code unit} busy {@code utilisation} (0..1 of their vCPUs at full
   * speed) for {@code dt} seconds: they spend (or earn) credits, and {@code stretch} serves each
   * part of the time at its speed — full while the balance lasts, then the baseline in standard
   * mode. With usage u credits a second above the earn rate e, a balance B runs out after B / (u −
   * e) seconds.
   */
  void spend(Serving.Unit unit, int n, double utilisation, double dt, Stretch stretch) {
    if (!type.burstable()) {
      stretch.serve(dt, 1.0);
      return;
    }
    InstanceType.Burst b = type.burst();
    double earn = b.creditsPerHour() / 3600.0;
    double spend = utilisation * type.vcpu() / 60.0;
    double remaining = dt;
    while (remaining > 1e-9) {
      double d = remaining;
      double speed = 1.0;
      if (spend > earn) {
        if (unit.credits > 1e-9) {
          d = Math.min(remaining, unit.credits / (spend - earn));
          unit.credits = Math.max(0.0, unit.credits - (spend - earn) * d);
        } else if (unlimited) {
          unit.credits = 0;
          surplus += n * (spend - earn) * d;
        } else {
          unit.credits = 0;
          speed = b.baselinePerVcpu();
          cappedSeconds += n * d;
        }
      } else {
        unit.credits = Math.min(b.maxCredits(), unit.credits + (earn - spend) * d);
      }
      stretch.serve(d, speed);
      remaining -= d;
    }
  }
}
