package dev.archsim.engine.component;

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

  /** Instance-seconds billed (every running instance) from the last call to {@code now}. */
  double takeInstanceSeconds(double now);

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
}
