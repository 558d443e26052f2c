package dev.archsim.engine.sim;

import dev.archsim.engine.component.ComputeStage;
import dev.archsim.engine.model.Faults;

/**
 * The compute tier when a component provides it (Lambda behind API Gateway): no instances to fail,
 * resize or take out of DNS, nothing billed per instance-second; the stage serves each step and
 * says how many units served.
 */
final class StageTopology implements Topology {
  private final ComputeStage stage;
  private final CountStats counts = new CountStats();

  StageTopology(ComputeStage stage) {
    this.stage = stage;
  }

  @Override
  public void start() {
    stage.start();
  }

  @Override
  public void route(double a, double b, double lambda) {
    stage.serve(a, b, lambda);
    counts.observe(stage.inService(), b - a);
  }

  @Override
  public boolean varies() {
    return false;
  }

  @Override
  public boolean stepsOnlyForTheRate() {
    return false; // concurrency and cold starts follow the rate step by step
  }

  @Override
  public double maxStep(double step) {
    return step;
  }

  /** The stage hears of AZ outages as every path stage does. */
  @Override
  public void azDown(int az, double now) {}

  @Override
  public void azUp(int az, double now) {}

  @Override
  public void resize(Faults.Resize r, double now) {}

  @Override
  public void dnsRemoval(Faults.DnsRemoval d, double now) {}

  @Override
  public void instanceFails(int az, double now) {
    // no instances: the validator rejects an instance failure without a compute tier
  }

  @Override
  public int[] billed() {
    return new int[] {0, 0};
  }

  @Override
  public double concurrency() {
    return stage.concurrency();
  }

  @Override
  public CountStats countStats() {
    return counts;
  }
}
