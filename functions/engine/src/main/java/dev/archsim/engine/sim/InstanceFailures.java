package dev.archsim.engine.sim;

import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RunSettings;

/**
 * The failures of a fleet's instances in service and their repair. Per zone the next failure of its
 * instances in service comes at the stage's MTBF ({@link FailureClock}); a failed instance keeps
 * its share until the target group's health checks mark it unhealthy ({@link
 * HealthChecks.Targets}), then the Auto Scaling group replaces it (not before the EC2 status check
 * with EC2 health checks) or, without a group, it reboots or an operator repairs it as the stage's
 * recovery says, and it registers again. With a steady initial state some instances are down at the
 * start.
 */
final class InstanceFailures {
  static final double STATUS_CHECK_SECONDS = Faults.Replacement.DEFAULT_DETECTION_SECONDS;

  private final ZonedFleet fleet;
  private final FleetTrial trial;

  /** Per zone, the next failure of its instances in service. */
  private final FailureClock[] clocks;

  InstanceFailures(ZonedFleet fleet) {
    this.fleet = fleet;
    this.trial = fleet.trial;
    this.clocks = new FailureClock[fleet.zones.all.length];
    for (int i = 0; i < clocks.length; i++) {
      clocks[i] = new FailureClock(trial.events(), trial.random(), trial.faults().instance());
    }
  }

  /** With a steady initial state, each instance is down at the start with its outage share. */
  void downAtStart() {
    Faults.InstanceFaults f = trial.faults().instance();
    if (f == null || trial.run().initialState() == RunSettings.InitialState.ALL_HEALTHY) {
      return;
    }
    AutoScalingGroup group = fleet.group;
    HealthChecks.Targets checks = fleet.checks;
    double mtbf = f.mtbfHours() * 3600.0;
    double outage =
        group != null
            ? checks.unhealthyMean() + group.config().bootSeconds() + checks.healthyMean()
            : switch (f.recovery()) {
              case Faults.ManualRepair m -> m.mttrMinutes() * 60.0;
              case Faults.Replacement r ->
                  checks.unhealthyMean() + r.bootSeconds() + checks.healthyMean();
            };
    for (FleetZone z : fleet.zones.all) {
      int n = z.inService;
      for (int i = 0; i < n; i++) {
        if (trial.random().nextDouble() < outage / (mtbf + outage)) {
          z.inService--;
          double residual = trial.random().nextDouble() * outage;
          if (group == null && f.recovery() instanceof Faults.ManualRepair m) {
            z.down++;
            double at = RandomStreams.exponential(trial.random(), m.mttrMinutes() * 60.0);
            trial.events().at(at, () -> repaired(z, Double.NaN, at, z.epoch));
          } else {
            z.booting++;
            long epoch = z.epoch;
            trial
                .events()
                .at(residual, () -> fleet.launches.booted(z, Double.NaN, residual, epoch));
          }
        }
      }
    }
  }

  /** The zone's in-service count changed: its next failure is drawn again. */
  void restart(FleetZone z, double now) {
    clocks[z.index].restart(now, z.inService, at -> fail(z, at));
  }

  /**
   * One instance in service in AZ {@code az} (an index into the stage's AZs) fails now; nothing but
   * a note when none is in service there.
   */
  void instanceFails(int az, double now) {
    FleetZone[] zones = fleet.zones.all;
    if (az < 0 || az >= zones.length || zones[az].inService == 0) {
      fleet.note(
          now,
          new InfrastructureEvent.NoInstanceToFail(
              az >= 0 && az < zones.length ? trial.az(az) : "(not a stage AZ)"));
      return;
    }
    fail(zones[az], now);
  }

  /** How a failed instance comes back without a group; null: it does not (none configured). */
  private Faults.Recovery recovery() {
    return trial.faults().instance() == null ? null : trial.faults().instance().recovery();
  }

  /** One failure of an instance in service, from the failure to its detection and repair. */
  private final class Incident {
    final FleetZone zone;
    final double failedAt;
    final long epoch;
    boolean detected;
    boolean fixed;

    Incident(FleetZone zone, double failedAt) {
      this.zone = zone;
      this.failedAt = failedAt;
      this.epoch = zone.epoch;
    }

    /** The health checks mark the target unhealthy; the group replaces it, or it is repaired. */
    void detect(double at) {
      FleetZone z = zone;
      if (fixed || epoch != z.epoch) {
        return;
      }
      fleet.changing(at);
      detected = true;
      z.failedUndetected--;
      z.down++;
      trial.incidents().detected(failedAt, at);
      AutoScalingGroup group = fleet.group;
      if (group != null) {
        double replaceAt =
            "ec2".equals(group.config().healthCheckType())
                ? Math.max(at, failedAt + STATUS_CHECK_SECONDS)
                : at;
        trial.events().at(replaceAt, () -> replaceFailed(z, failedAt, replaceAt, epoch));
      } else if (recovery() instanceof Faults.Replacement r) {
        double bootedAt = at + r.bootSeconds();
        trial.events().at(bootedAt, () -> repaired(z, failedAt, bootedAt, epoch));
      }
    }

    /** An operator repaired the instance (without a group, with manual repair). */
    void fix(double at) {
      FleetZone z = zone;
      fixed = true;
      if (!detected && epoch == z.epoch) {
        fleet.changing(at);
        z.failedUndetected--;
        z.inService++;
        trial.incidents().recovered(failedAt, at);
        restart(z, at);
      } else {
        repaired(z, failedAt, at, epoch);
      }
    }
  }

  private void fail(FleetZone z, double now) {
    fleet.changing(now);
    trial.incidents().incident();
    fleet.sessions.lose(1, 0);
    z.inService--;
    z.failedUndetected++;
    fleet.note(now, new InfrastructureEvent.InstanceFailed(trial.az(z.index)));
    Incident incident = new Incident(z, now);
    double detectAt = now + fleet.checks.unhealthyDelay();
    trial.events().at(detectAt, () -> incident.detect(detectAt));
    if (fleet.group == null && recovery() instanceof Faults.ManualRepair m) {
      double at = now + RandomStreams.exponential(trial.random(), m.mttrMinutes() * 60.0);
      trial.events().at(at, () -> incident.fix(at));
    }
    restart(z, now);
  }

  /** A repaired or rebooted instance (in {@code down}) starts its health checks. */
  private void repaired(FleetZone z, double failedAt, double now, long epoch) {
    if (epoch != z.epoch || z.down == 0) {
      return;
    }
    fleet.changing(now);
    z.down--;
    z.registering++;
    double at = now + fleet.checks.healthyDelay();
    long e = z.epoch;
    trial.events().at(at, () -> fleet.launches.healthy(z, failedAt, at, e));
  }

  /** The Auto Scaling group terminates a failed instance and launches a replacement. */
  private void replaceFailed(FleetZone z, double failedAt, double now, long epoch) {
    if (epoch != z.epoch || z.down == 0) {
      return;
    }
    fleet.changing(now);
    z.down--;
    fleet.spot.dropOne(z);
    fleet.reconcile(now, failedAt);
  }
}
