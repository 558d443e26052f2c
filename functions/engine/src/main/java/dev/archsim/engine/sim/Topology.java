package dev.archsim.engine.sim;

import dev.archsim.engine.model.Faults;

/** How requests reach instances and how instances come and go. */
interface Topology {
  void start();

  /**
   * Mean concurrent executions over the last step where a compute stage (Lambda) serves; NaN for a
   * fleet of instances, whose count is {@link #countStats()}'s.
   */
  default double concurrency() {
    return Double.NaN;
  }

  /** Routes {@code lambda} requests/s over [a, b) to the serving instances. */
  void route(double a, double b, double lambda);

  /** True when routing shares change continuously (DNS caches expiring). */
  boolean varies();

  /** The longest traffic step allowed now. */
  double maxStep(double step);

  /**
   * True when between events nothing but the request rate changes how requests are routed, so a
   * stretch of steady rate can be one step.
   */
  boolean stepsOnlyForTheRate();

  /**
   * The utilisation of the busiest serving queue per request/s offered to the topology now (its
   * load ρ is this times the rate), for queues of {@link Serving#type()}'s vCPUs as servers; NaN
   * when the topology cannot say (the stretches then keep the rate within 2^-10).
   */
  default double loadPerRate() {
    return Double.NaN;
  }

  void azDown(int az, double now);

  void azUp(int az, double now);

  void resize(Faults.Resize r, double now);

  void dnsRemoval(Faults.DnsRemoval d, double now);

  /** One instance in service in AZ {@code az} fails now (a scheduled instance failure). */
  void instanceFails(int az, double now);

  /**
   * A rolling deployment replaces every unit, keeping at least {@code minHealthyPercent} of the
   * desired count in service and at most {@code maximumPercent} running or starting (a container
   * service behind a load balancer).
   */
  default void deploy(int minHealthyPercent, int maximumPercent, double now) {}

  /**
   * Makes the Auto Scaling metrics fed by {@link #feedMetrics} alone, no longer by each traffic
   * step, if the topology can (a group whose policies read CPU and requests, no sticky sessions);
   * true when it did.
   */
  default boolean metricsApart() {
    return false;
  }

  /**
   * Feeds the Auto Scaling metrics of {@code dt} seconds in which the fleet, unchanged, received
   * {@code lambda} requests/s on average.
   */
  default void feedMetrics(double lambda, double dt) {}

  /** Billed instances now, by purchase: [on-demand, spot]. */
  int[] billed();

  /** In-service instances: time-weighted sum, min and max over the trial. */
  CountStats countStats();
}
