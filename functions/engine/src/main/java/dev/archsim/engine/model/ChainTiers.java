package dev.archsim.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * The compute tiers behind the stage's compute fleet and their security groups (seed 001: web tier
 * → app tier on port 8080 from the web tier's group → database on 5432 from the app tier's). The
 * compute fleet is the first (web) tier; each tier of {@code chain} is a fleet of its own behind an
 * internal load balancer, with its own scaling and faults, that every dynamic request passes in
 * order before the data tier.
 *
 * @param vpcCidr the VPC's CIDR block (e.g. {@code 10.0.0.0/16}), so that a rule admitting it is
 *     recognised as admitting every subnet; null when not given
 * @param web the web tier's (the compute fleet's) security group
 * @param chain the tiers behind the web tier, in request order
 * @param database the database's security group; null when not declared
 */
public record ChainTiers(String vpcCidr, Group web, List<Tier> chain, Group database) {
  /** The defaults of a tier of {@code tiers.chain}. */
  public static final Defaults.Table TIER_DEFAULTS =
      Defaults.section("tiers/properties/chain/items");

  /** A tier's instances per AZ when neither placement nor countPerAz is given. */
  public static final int DEFAULT_COUNT_PER_AZ = TIER_DEFAULTS.d("countPerAz", 1);

  /** Launch to running application (as the compute fleet's Auto Scaling group). */
  public static final double DEFAULT_BOOT_SECONDS =
      TIER_DEFAULTS.d("autoScaling/properties/bootSeconds", 120.0);

  /** A new instance's metrics are left out of scaling decisions this long. */
  public static final double DEFAULT_WARMUP_SECONDS =
      TIER_DEFAULTS.d("autoScaling/properties/warmupSeconds", 180.0);

  /** Target tracking on average CPU at this percentage. */
  public static final double DEFAULT_TARGET_CPU_PERCENT =
      TIER_DEFAULTS.d("autoScaling/properties/targetCpuPercent", 50.0);

  /** The most tiers behind the web tier the engine keeps state for. */
  public static final int MAX_TIERS = 8;

  /** The most instances of one tier (as the compute fleet's). */
  public static final int MAX_INSTANCES = 10_000;

  public ChainTiers {
    chain = List.copyOf(chain);
    Objects.requireNonNull(web, "web");
  }

  /**
   * One ingress rule of a security group: TCP {@code port} from the members of security group
   * {@code fromGroup} or from the addresses of {@code cidr} (exactly one of the two).
   */
  public record Rule(String fromGroup, String cidr, int port) {
    /** The rule's source in words: {@code sg web} or {@code 10.0.0.0/16}. */
    public String source() {
      return fromGroup != null ? "sg " + fromGroup : cidr;
    }
  }

  /**
   * A security group and the ingress rules it declares.
   *
   * @param name the group's name, which other groups' rules refer to
   * @param ingress what it admits
   */
  public record Group(String name, List<Rule> ingress) {
    public Group {
      ingress = List.copyOf(ingress);
    }
  }

  /**
   * A tier behind the web tier.
   *
   * @param fleet its instances: name, type, placement per AZ (empty: {@code countPerAz} in each of
   *     the stage's AZs) and Auto Scaling group (target tracking on CPU); the fleet mechanics are
   *     the compute fleet's
   * @param countPerAz instances in each AZ when the placement is empty
   * @param cpuMsPerRequest CPU time a request takes on it (each vCPU serves one at a time)
   * @param port the TCP port it listens on
   * @param group its security group
   * @param stickySessions whether the scenario asks for sticky sessions on the tier's internal load
   *     balancer (not simulated: the validator rejects it with the reason)
   */
  public record Tier(
      ComputeTier fleet,
      int countPerAz,
      double cpuMsPerRequest,
      int port,
      Group group,
      boolean stickySessions) {
    /** A tier without sticky sessions. */
    public Tier(ComputeTier fleet, int countPerAz, double cpuMsPerRequest, int port, Group group) {
      this(fleet, countPerAz, cpuMsPerRequest, port, group, false);
    }

    public String name() {
      return fleet.name();
    }
  }
}
