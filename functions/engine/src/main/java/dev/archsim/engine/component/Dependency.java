package dev.archsim.engine.component;

/**
 * A service the dynamic requests call on their way to the data tier (NAT gateways for the calls out
 * of the VPC, a file system the instances mount): the engine hands each such stage of the path, in
 * path order, the dynamic requests the primary region's compute tier serves, and each fails those
 * it cannot carry now, with a cause it names, bills what it carries and passes the rest on.
 */
public interface Dependency extends PathStage {
  /**
   * Passes {@code rate} dynamic requests per second over a step of {@code dt} seconds: fails those
   * that cannot use it now ({@link TrialContext#failed}), bills what it carries, and returns the
   * rate that goes on.
   */
  double pass(double rate, double dt);
}
