package dev.archsim.engine.catalog;

import java.util.List;

/**
 * An EC2 instance type (or a Fargate task size, which archsim serves like one).
 *
 * @param name e.g. {@code m5.large}
 * @param vcpu virtual CPUs: each serves requests as one server of the instance's M/M/c queue (a
 *     Fargate task below 1 vCPU: one server, running at {@code serverSpeed})
 * @param memoryGiB memory
 * @param burst CPU credit parameters of T2/T3/T3a/T4g types; null for fixed-performance types
 * @param architectures e.g. {@code [x86_64]} or {@code [arm64]}
 * @param networkPerformance as EC2 describes it, e.g. "Up to 10 Gigabit"
 * @param baselineGbps network baseline bandwidth (all cards)
 * @param peakGbps network burst bandwidth (all cards)
 * @param onDemand offered on demand
 * @param spot offered as spot
 * @param currentGeneration EC2's current-generation flag
 * @param serverSpeed the speed of each server as a share of a full vCPU: 1, except for a Fargate
 *     task of 0.25 or 0.5 vCPU, which is one server at that share (a request's CPU time takes 4 or
 *     2 times as long: Fargate caps the task at its CPU size)
 */
public record InstanceType(
    String name,
    int vcpu,
    double memoryGiB,
    Burst burst,
    List<String> architectures,
    String networkPerformance,
    double baselineGbps,
    double peakGbps,
    boolean onDemand,
    boolean spot,
    boolean currentGeneration,
    double serverSpeed) {

  public InstanceType {
    architectures = List.copyOf(architectures);
    if (!(serverSpeed > 0 && serverSpeed <= 1)) {
      throw new IllegalArgumentException(
          name + ": a server's speed is a share of a vCPU in (0, 1]; found " + serverSpeed);
    }
  }

  /** A type known only by its size (Lambda's pseudo type, Fargate task sizes). */
  public InstanceType(String name, int vcpu, double memoryGiB, Burst burst) {
    this(name, vcpu, memoryGiB, burst, List.of("x86_64"), "", 0, 0, true, false, true, 1.0);
  }

  /**
   * The vCPUs as AWS sizes and bills the type: its servers times their speed (0.25 for a Fargate
   * task of 0.25 vCPU; {@link #vcpu} for every other type). A request of {@code cpuMs} takes {@code
   * cpuMs / serverSpeed} on one server, so the type serves {@code vcpuCapacity × 1000 / cpuMs}
   * requests a second at most, and its CPU utilisation is its busy vCPU-time over this.
   */
  public double vcpuCapacity() {
    return vcpu * serverSpeed;
  }

  public boolean burstable() {
    return burst != null;
  }

  /** The family, e.g. {@code m7g} of {@code m7g.large}. */
  public String family() {
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  /**
   * T2/T3 CPU credits (EC2 user guide, burstable-credits-baseline-concepts credit table): 1 credit
   * = one vCPU at 100 % for one minute.
   *
   * @param baselinePerVcpu share of each vCPU the instance may use without spending credits
   * @param creditsPerHour credits earned per hour (= baseline × vCPUs × 60)
   * @param maxCredits the accrual cap (24 hours of earning)
   * @param launchCreditsPerVcpu credits a T2 standard instance gets at launch (30 per vCPU)
   * @param defaultUnlimited T3/T3a/T4g default to unlimited mode, T2 to standard
   * @param source the row of the credit table this comes from
   */
  public record Burst(
      double baselinePerVcpu,
      double creditsPerHour,
      double maxCredits,
      double launchCreditsPerVcpu,
      boolean defaultUnlimited,
      String source) {

    public Burst(
        double baselinePerVcpu,
        double creditsPerHour,
        double maxCredits,
        double launchCreditsPerVcpu,
        boolean defaultUnlimited) {
      this(baselinePerVcpu, creditsPerHour, maxCredits, launchCreditsPerVcpu, defaultUnlimited, "");
    }
  }
}
