package dev.archsim.engine.sim;

/**
 * The trial's traffic, integrated between events with the fleet as it is: what changes the fleet
 * settles the traffic up to its time first; what reads the Auto Scaling metrics feeds them up to
 * its time first.
 */
interface TrafficIntegration {
  /** Integrates the traffic up to {@code now} with the fleet as it is. */
  void settleTraffic(double now);

  /**
   * When the Auto Scaling metrics are fed apart from the traffic steps, feeds them up to {@code
   * now}; nothing otherwise.
   */
  void metricsUpTo(double now);
}
