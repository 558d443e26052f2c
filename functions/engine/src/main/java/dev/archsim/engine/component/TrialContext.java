package dev.archsim.engine.component;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.Metric;
import dev.archsim.engine.sim.InfrastructureEvent;
import java.util.SplittableRandom;

/**
 * What a component's {@link PathStage} may use of the trial it belongs to: the clock's event queue,
 * the trial's random stream, the stage's configuration, its metrics and its cost ledger. Nothing
 * else of the trial is reachable from a component.
 */
public interface TrialContext {
  /** The primary region (e.g. us-east-1). */
  String region();

  /** The stage's workload (its request rate, where its users are). */
  Workload workload();

  /** How many Availability Zones the architecture spans. */
  int azCount();

  /** The index of AZ {@code az} among the architecture's AZs, or -1 when it is not one of them. */
  int azIndex(String az);

  /** The trial's random stream; draw from it only inside events, so the draws stay in order. */
  SplittableRandom random();

  /** Runs {@code action} at simulated time {@code at} (dropped beyond the horizon). */
  void at(double at, Runnable action);

  /**
   * Draws how long Route 53 health checks take to call an endpoint unhealthy after it fails (the
   * one timing model of docs/decisions/014), one draw from {@link #random()}.
   */
  double route53Unhealthy(double intervalSeconds, int failureThreshold);

  /**
   * Reports an infrastructure event at {@code at} to the trial's listener (a failover's moment: an
   * {@link InfrastructureEvent.Failover}); its words are the event's {@link
   * InfrastructureEvent#description()}.
   */
  void note(double at, InfrastructureEvent what);

  /** How requests reach the system (the stage's entry). */
  Entry entry();

  /**
   * The stage's architecture, for what a component's stage depends on in the components around it
   * (the CloudFront hit ratio in front of a WAF, the VPC endpoints beside the NAT gateways).
   */
  Architecture architecture();

  /** What a request does (CPU, database reads and writes, bytes out). */
  RequestProfile profile();

  /** The workload's mean request rate over [a, b), requests per second. */
  double offeredRate(double a, double b);

  /** The workload's nominal request rate (its mean over a day), requests per second. */
  double requestsPerSecond();

  /** The users' mean round trip to {@code region}, in ms, weighted by where they are. */
  double meanRoundTripMs(String region);

  /**
   * {@code requests} are answered, each after {@code fixedMs} plus an exponential time of mean
   * {@code meanMs} (their latency mass goes to the trial's histogram).
   */
  void served(double requests, double fixedMs, double meanMs);

  /**
   * {@code requests} are answered after the fixed latencies the path has set for this step (round
   * trips, data tier) plus {@code extraMs}, plus an exponential time of mean {@code meanMs}.
   */
  void servedAfterMix(double requests, double extraMs, double meanMs);

  /** {@code requests} fail with {@code cause}. */
  void failed(FailureCause cause, double requests);

  /**
   * Adds {@code v} to the trial's counter {@code m} (e.g. {@code CacheComponent.HITS}) when
   * positive.
   */
  void count(Metric m, double v);

  /** Raises the trial's peak {@code m} to {@code v}. */
  void peak(Metric m, double v);

  /** An incident begins now: something the stage serves is down and must recover. */
  void incident();

  /**
   * A recovery is complete: what failed at {@code failedAt} (detected at once) is back at {@code
   * at}, having lost the writes of the last {@code rpoSeconds} (NaN when no data was at risk).
   */
  void recovered(double failedAt, double at, double rpoSeconds);

  /**
   * What stopped at {@code failedAt} (an incident of its own, a queue's consumers) is back at
   * {@code at}: a recovery the stage's incidents count, not a failover's (neither an RTO nor an
   * RPO).
   */
  void restored(double failedAt, double at);

  /**
   * A recovery still running at the horizon, counted as it stands: down for {@code seconds}, with
   * the data-loss window {@code rpoSeconds} (NaN when no data was at risk).
   */
  void unrecovered(double seconds, double rpoSeconds);

  /**
   * A fleet of {@code tier}'s instances with the compute fleet's mechanics, started now (its
   * failures drawn, its group's first evaluation scheduled); {@code backlog} is the queue a worker
   * fleet consumes (its group's backlog-per-instance policy reads it; no load balancer in front, so
   * a scale-in stops an instance at once), null for a tier behind an internal load balancer (a
   * scale-in drains for the deregistration delay). Call it while making the stage.
   */
  TierFleet fleet(dev.archsim.engine.model.ComputeTier tier, QueueBacklog backlog);

  /**
   * Adds {@code usd} dollars to the cost of {@code component} (a line of the bill) when positive.
   */
  void cost(String component, double usd);
}
