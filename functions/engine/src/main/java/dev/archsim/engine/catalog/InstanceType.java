package dev.archsim.engine.catalog;

/**
 * An EC2 instance type.
 *
 * @param name e.g. {@code m5.large}
 * @param vcpu virtual CPUs: each serves requests as one server of the instance's M/M/c queue
 * @param memoryGiB memory
 * @param burst CPU credit parameters of T2/T3 types; null for fixed-performance types
 */
public record InstanceType(String name, int vcpu, double memoryGiB, Burst burst) {

  public boolean burstable() {
    return burst != null;
  }

  /**
   * T2/T3 CPU credits (awsdocs burstable-credits-baseline-concepts.md): 1 credit = one vCPU at 100
   * % for one minute.
   *
   * @param baselinePerVcpu share of each vCPU the instance may use without spending credits
   * @param creditsPerHour credits earned per hour (= baseline × vCPUs × 60)
   * @param maxCredits the accrual cap (24 hours of earning)
   * @param launchCreditsPerVcpu credits a T2 standard instance gets at launch (30 per vCPU)
   * @param defaultUnlimited T3 defaults to unlimited mode, T2 to standard
   */
  public record Burst(
      double baselinePerVcpu,
      double creditsPerHour,
      double maxCredits,
      double launchCreditsPerVcpu,
      boolean defaultUnlimited) {}
}
