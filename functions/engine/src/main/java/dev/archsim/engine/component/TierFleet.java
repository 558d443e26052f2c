package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.queueing.LatencyLattice;
import dev.archsim.engine.result.FailureCause;

/**
 * A fleet of EC2 instances a component runs beside the stage's compute fleet (a tier behind the web
 * tier, the workers consuming a queue), with the compute fleet's mechanics: per-AZ counts, instance
 * failures of the stage's MTBF detected by the target group's health checks and repaired or
 * replaced, AZ outages, and an Auto Scaling group with its target-tracking policies. The trial
 * makes one for a component's stage ({@link TrialContext#fleet}); AZ outages reach it through the
 * stage ({@link #azDown}, {@link #azUp}).
 */
public interface TierFleet {
  /** Instances in service now. */
  int inService();

  /** The vCPUs of the type it runs now (a resize changes it once the last instance has). */
  int vcpu();

  /**
   * Requests at {@code rate} per second reach the fleet through its internal load balancer (cross
   * zone) for {@code dt} seconds, each taking {@code cpuMs} of one vCPU: those routed to a failed
   * instance not yet marked unhealthy fail ({@code unhealthy-target}, {@code az-outage}), with no
   * instance routed to all fail ({@code no-capacity} or {@code az-outage}), and each serving
   * instance is an M/M/c+D queue (c its vCPUs, patience the client's timeout) whose abandoned share
   * fails as {@code overload}. Returns what it served, with the time it took (its mean and its
   * distribution).
   */
  Served serve(double dt, double rate, double cpuMs);

  /**
   * The fleet worked {@code busyShare} (0..1) of its in-service capacity for {@code dt} seconds (a
   * worker fleet, which serves no requests): what its CPU scaling metric reads.
   */
  void worked(double busyShare, double dt);

  /**
   * One instance in service in AZ {@code az} (an index into the stage's AZs) fails now, as a random
   * failure does; nothing but a note when none is in service there.
   */
  void instanceFails(int az, double now);

  /** Every instance in AZ {@code az} is lost. */
  void azDown(int az, double now);

  /** AZ {@code az} is back. */
  void azUp(int az, double now);

  /**
   * A rolling resize to {@code toInstanceType} starts now, as the compute fleet's: one instance at
   * a time leaves service, is stopped for {@code downtimeSeconds} and registers again as the new
   * type; the fleet serves and bills at the new type once the last has been changed.
   */
  void resize(String toInstanceType, double downtimeSeconds, double now);

  /**
   * A rolling deployment starts now: every instance (or task) is replaced by a new one, keeping at
   * least {@code minimumHealthyPercent} of the desired count healthy and at most {@code
   * maximumPercent} running or starting, within an ECS service's bounds ({@link
   * EcsComponent#deploymentBounds}) or, for EC2 instances ({@code instanceRefresh}), an instance
   * refresh's ({@link #refreshBounds}); nothing without an Auto Scaling group or while one is under
   * way.
   */
  void deploy(int minimumHealthyPercent, int maximumPercent, boolean instanceRefresh, double now);

  /**
   * An instance refresh's bounds when none are given ([AWS] EC2 Auto Scaling user guide,
   * "Understand the default values for an instance refresh": minimum healthy percentage 90 %,
   * maximum healthy percentage 100 % without an instance maintenance policy).
   */
  int REFRESH_MINIMUM_HEALTHY_PERCENT = 90;

  int REFRESH_MAXIMUM_HEALTHY_PERCENT = 100;

  /**
   * The fewest healthy and the most running instances of an instance refresh of {@code desired}:
   * the minimum rounded up ([AWS] API reference, RefreshPreferences.MinHealthyPercentage: "rounded
   * up to the nearest integer"), the maximum down; a refresh replaces at least one instance at a
   * time (a minimum of 100 % "limits the rate of replacement to one instance at a time"), so the
   * minimum is at most one below the maximum.
   */
  static int[] refreshBounds(int desired, int minPercent, int maxPercent) {
    int hi = (int) Math.floor(desired * maxPercent / 100.0 + 1e-9);
    int lo = (int) Math.ceil(desired * minPercent / 100.0 - 1e-9);
    return new int[] {Math.max(0, Math.min(lo, hi - 1)), hi};
  }

  /**
   * The share of full speed its instances in service run at now: 1, a Fargate task below 1 vCPU its
   * share of a vCPU, or less for a burstable type in standard mode whose CPU credits ran out (its
   * baseline share in the zones without credits).
   */
  double speed();

  /** What the fleet ran from the last call to {@code now} (every running instance is billed). */
  Usage takeUsage(double now);

  /**
   * What a step of {@link #serve} did.
   *
   * @param rate requests per second served (not failed)
   * @param meanMs mean time a served request spent in the fleet (wait and service), ms
   * @param failed requests failed in the step, by cause (indexed by {@link FailureCause#ordinal})
   * @param latency the distribution of that time (wait and service) over the requests served; null
   *     when none was
   */
  record Served(double rate, double meanMs, double[] failed, LatencyLattice latency) {}

  /**
   * What a fleet ran over a stretch of time.
   *
   * @param onDemandSeconds instance-seconds on demand (with the 60-second minimum of instances
   *     stopped in their first minute)
   * @param spotSeconds instance-seconds on spot
   * @param surplusCredits CPU credits spent beyond an empty balance in unlimited mode
   * @param cappedSeconds instance-seconds served at the baseline share with an empty balance
   *     (standard mode)
   * @param instanceType the type it ran (a resize changes it between two stretches)
   * @param reservedSeconds of the on-demand instance-seconds, those reserved instances covered (at
   *     most the reservation's count at any time)
   * @param elapsedSeconds the stretch's length (a reservation is paid for all of it)
   */
  record Usage(
      double onDemandSeconds,
      double spotSeconds,
      double surplusCredits,
      double cappedSeconds,
      String instanceType,
      double reservedSeconds,
      double elapsedSeconds) {
    /** A stretch without reserved instances. */
    public Usage(
        double onDemandSeconds,
        double spotSeconds,
        double surplusCredits,
        double cappedSeconds,
        String instanceType) {
      this(onDemandSeconds, spotSeconds, surplusCredits, cappedSeconds, instanceType, 0, 0);
    }

    /**
     * Bills it to {@code fleet}'s lines, named as the compute fleet's with the type it ran: {@code
     * <ec2|fargate>:<name> (<type> <onDemand>)}, {@code (<type> <spot>)}, {@code (<type> reserved
     * <term> <payment>)} and {@code (<type> surplus CPU credits)}: on demand at the catalog's
     * hourly price of the type it ran in the trial's region, less what reserved instances covered;
     * the reservation's count for the whole stretch at its discount, used or not (as the compute
     * fleet's); spot at its discount, surplus credits at the vCPU-hour price. A resize bills each
     * type on its own line, as the compute fleet's.
     */
    public void bill(TrialContext trial, ComputeTier fleet, String onDemand, String spot) {
      String region = trial.region();
      String type = instanceType;
      String line = (Catalog.isFargate(type) ? "fargate:" : "ec2:") + fleet.name() + " (";
      double hourly = Catalog.onDemandUsd(region, type);
      trial.cost(
          line + type + " " + onDemand + ")",
          (onDemandSeconds - reservedSeconds) / 3600.0 * hourly);
      ComputeTier.Reserved r = fleet.purchase() == null ? null : fleet.purchase().reserved();
      if (r != null && r.count() > 0) {
        double discount =
            r.discount() != null
                ? r.discount()
                : Catalog.reservedDiscount(r.term(), r.payment()).map(p -> p.usd()).orElse(0.0);
        trial.cost(
            line + type + " reserved " + r.term() + " " + r.payment() + ")",
            r.count() * elapsedSeconds / 3600.0 * hourly * (1 - discount));
      }
      if (spotSeconds > 0) {
        double discount = fleet.purchase().spot().discount();
        trial.cost(line + type + " " + spot + ")", spotSeconds / 3600.0 * hourly * (1 - discount));
      }
      trial.cost(
          line + type + " surplus CPU credits)",
          surplusCredits / 60.0 * Services.usd(Catalog.surplusCreditKey(type), region));
    }
  }
}
