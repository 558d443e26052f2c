package dev.archsim.engine.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A group of identical EC2 instances.
 *
 * @param name component name used in results and cost
 * @param instanceType EC2 instance type, e.g. {@code m5.large}
 * @param placement instances per Availability Zone at the start, in AZ order
 * @param credits CPU credit settings of burstable (T2/T3) types; null for the type's defaults
 * @param exposure how the instances can be reached (findings only)
 * @param autoScaling the Auto Scaling group managing the tier; null for a fixed fleet
 * @param purchase reserved, Savings Plan and spot mix; null for all on-demand
 */
public record ComputeTier(
    String name,
    String instanceType,
    Map<String, Integer> placement,
    Credits credits,
    Exposure exposure,
    AutoScaling autoScaling,
    Purchase purchase) {
  /** The defaults of the {@code compute} section. */
  public static final Defaults.Table DEFAULTS = Defaults.section("compute");

  private static final String AUTO_SCALING = "properties/autoScaling/properties/";
  private static final String POLICIES = AUTO_SCALING + "policies/items/oneOf/";

  public static final String DEFAULT_NAME = DEFAULTS.d("name", "web");
  public static final int DEFAULT_COUNT_PER_AZ = DEFAULTS.d("countPerAz", 1);
  public static final String DEFAULT_HEALTH_CHECK_TYPE =
      DEFAULTS.at(AUTO_SCALING + "healthCheckType", "elb");
  public static final double DEFAULT_HEALTH_CHECK_GRACE_SECONDS =
      DEFAULTS.at(AUTO_SCALING + "healthCheckGraceSeconds", 300.0);

  /** UNSOURCED assumption: launch to a running application. */
  public static final double DEFAULT_BOOT_SECONDS =
      DEFAULTS.at(AUTO_SCALING + "bootSeconds", 120.0);

  public static final double DEFAULT_WARMUP_SECONDS =
      DEFAULTS.at(AUTO_SCALING + "warmupSeconds", 180.0);
  public static final boolean DEFAULT_REBALANCE = DEFAULTS.at(AUTO_SCALING + "rebalance", true);
  public static final double DEFAULT_SIMPLE_PERIOD_SECONDS =
      DEFAULTS.at(POLICIES + "0/properties/periodSeconds", 60.0);
  public static final int DEFAULT_SIMPLE_EVALUATION_PERIODS =
      DEFAULTS.at(POLICIES + "0/properties/evaluationPeriods", 1);
  public static final double DEFAULT_SIMPLE_COOLDOWN_SECONDS =
      DEFAULTS.at(POLICIES + "0/properties/cooldownSeconds", 300.0);
  public static final double DEFAULT_STEP_PERIOD_SECONDS =
      DEFAULTS.at(POLICIES + "1/properties/periodSeconds", 60.0);
  public static final int DEFAULT_STEP_EVALUATION_PERIODS =
      DEFAULTS.at(POLICIES + "1/properties/evaluationPeriods", 1);
  public static final boolean DEFAULT_SCHEDULED_DAILY =
      DEFAULTS.at(AUTO_SCALING + "scheduled/items/properties/daily", false);
  public static final String DEFAULT_RESERVED_TERM =
      DEFAULTS.at("properties/purchase/properties/reserved/properties/term", "1y");
  public static final String DEFAULT_RESERVED_PAYMENT =
      DEFAULTS.at("properties/purchase/properties/reserved/properties/payment", "no-upfront");
  public static final int DEFAULT_SPOT_ON_DEMAND_BASE =
      DEFAULTS.at("properties/purchase/properties/spot/properties/onDemandBase", 0);

  public ComputeTier {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(instanceType, "instanceType");
    placement = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(placement));
  }

  /** A fixed, on-demand fleet with default credits and exposure. */
  public ComputeTier(String name, String instanceType, Map<String, Integer> placement) {
    this(name, instanceType, placement, null, null, null, null);
  }

  /** Instances over all AZs; saturates at {@code Integer.MAX_VALUE} instead of overflowing. */
  public int totalInstances() {
    long total = 0;
    for (int n : placement.values()) {
      total += n;
    }
    return (int) Math.min(Integer.MAX_VALUE, total);
  }

  /** T2/T3 CPU credits. */
  public enum CreditMode {
    STANDARD("standard"),
    UNLIMITED("unlimited");

    private final String id;

    CreditMode(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /**
   * @param mode standard (capped at baseline when the balance is empty) or unlimited (surplus
   *     credits billed); null for the type's default (T2 standard, T3 unlimited)
   * @param initialPerInstance credits each instance holds at the start; null for a full balance (a
   *     running instance that has been idle); launched instances start with launch credits (T2
   *     standard: 30 per vCPU) or none
   */
  public record Credits(CreditMode mode, Double initialPerInstance) {}

  /**
   * @param publicAddresses instances have public IPv4 addresses
   * @param ingressFromLoadBalancerOnly the security group admits only the load balancer's group
   */
  public record Exposure(boolean publicAddresses, boolean ingressFromLoadBalancerOnly) {}

  /**
   * An Auto Scaling group.
   *
   * @param healthCheckType "ec2" (status checks) or "elb" (the load balancer's health checks)
   * @param healthCheckGraceSeconds a new instance's failed checks are ignored this long
   * @param bootSeconds launch to running application
   * @param warmupSeconds a new instance's metrics are left out of scaling decisions this long
   * @param rebalance relaunch in the AZs with the fewest instances and even them out
   */
  public record AutoScaling(
      int min,
      int max,
      int desired,
      List<ScalingPolicy> policies,
      List<ScheduledAction> scheduled,
      String healthCheckType,
      double healthCheckGraceSeconds,
      double bootSeconds,
      double warmupSeconds,
      boolean rebalance) {
    public AutoScaling {
      policies = List.copyOf(policies);
      scheduled = List.copyOf(scheduled);
    }
  }

  /**
   * A scaling policy of the group: on average CPU utilisation (simple, step, target tracking), or
   * target tracking on the load balancer's requests per target or on a queue's backlog per
   * instance.
   */
  public sealed interface ScalingPolicy
      permits SimpleScaling, StepScaling, TargetTracking, RequestCountTracking, BacklogTracking {}

  /**
   * The seeds' policy: when average CPU is {@code above} (or below) {@code thresholdPercent} for
   * {@code evaluationPeriods} periods of {@code periodSeconds}, add {@code adjustment} instances
   * (negative removes), then wait {@code cooldownSeconds}.
   */
  public record SimpleScaling(
      boolean above,
      double thresholdPercent,
      int adjustment,
      double periodSeconds,
      int evaluationPeriods,
      double cooldownSeconds)
      implements ScalingPolicy {}

  /** Step scaling: the adjustment depends on how far past the threshold the metric is. */
  public record StepScaling(
      boolean above,
      double thresholdPercent,
      List<Step> steps,
      double periodSeconds,
      int evaluationPeriods)
      implements ScalingPolicy {
    public StepScaling {
      steps = List.copyOf(steps);
    }
  }

  /**
   * One step: applies when the breach (metric − threshold, in percentage points, positive for
   * either direction) is in [lower, upper).
   */
  public record Step(double lower, double upper, int adjustment) {}

  /** A step's upper bound when the scenario leaves it out (the last step: no upper bound). */
  public static final double OPEN_UPPER = Double.POSITIVE_INFINITY;

  /**
   * Target tracking on average CPU: capacity becomes ceil(current × metric / target); scales out
   * after 3 one-minute breaches and in after 15, as AWS's alarms do.
   */
  public record TargetTracking(double targetPercent) implements ScalingPolicy {}

  /**
   * Target tracking on ALBRequestCountPerTarget: the load balancer's requests in a minute over its
   * healthy targets, kept at {@code targetValue}; capacity becomes ceil(requests a minute /
   * target).
   *
   * @param targetValue requests per target per minute
   */
  public record RequestCountTracking(double targetValue) implements ScalingPolicy {}

  /**
   * Target tracking on the stage's SQS queue's backlog per instance
   * (ApproximateNumberOfMessagesVisible over the instances in service), kept at {@code
   * targetValue}: the longest acceptable latency over the time an instance takes per message;
   * capacity becomes ceil(backlog / target).
   *
   * @param targetValue acceptable messages in the queue per instance
   */
  public record BacklogTracking(double targetValue) implements ScalingPolicy {}

  /** Sets min, max and/or desired at a time, once or every day. */
  public record ScheduledAction(
      Duration at, boolean daily, Integer min, Integer max, Integer desired) {}

  /** How the instance-hours are paid for. */
  public record Purchase(Reserved reserved, SavingsPlan savingsPlan, Spot spot) {}

  /**
   * Reserved instances: {@code count} instances of the tier's type billed at the discounted rate
   * for every hour of the term, used or not.
   *
   * @param discount fraction off on-demand; null for the catalog's rate of term and payment
   */
  public record Reserved(int count, String term, String payment, Double discount) {}

  /** A Savings Plan: {@code commitmentUsdPerHour} of discounted usage billed every hour. */
  public record SavingsPlan(double commitmentUsdPerHour, double discount) {}

  /**
   * Spot instances for a share of the capacity above {@code onDemandBase}.
   *
   * @param interruptionsPerMonth chance per instance per month of an interruption (2-minute
   *     notice); the Spot Instance Advisor's bands are <5 %, 5–10 %, …
   */
  public record Spot(
      double share, double discount, double interruptionsPerMonth, int onDemandBase) {}
}
