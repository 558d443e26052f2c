package dev.archsim.engine.component;

/**
 * A stage the private instances' calls out of the VPC go through (NAT gateways): the engine hands
 * it the dynamic requests the primary region's instances serve, before the data tier, and it fails
 * those whose egress is cut.
 */
public interface Egress extends PathStage {
  /**
   * Passes {@code rate} dynamic requests per second over a step of {@code dt} seconds: fails those
   * that cannot reach out now, bills what goes through, and returns the rate that goes on.
   */
  double pass(double rate, double dt);
}
