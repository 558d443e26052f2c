package dev.archsim.engine.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A container service: an ECS service (or an EKS deployment) of identical tasks behind the load
 * balancer, on Fargate, Fargate Spot or EC2 capacity, with Service Auto Scaling and rolling
 * deployments.
 *
 * <p>The engine runs the service on its fleet mechanics ({@link #fleet}): a task on Fargate is a
 * unit of the fleet sized and priced as the task (vCPU-hours and GB-hours), serving on its vCPUs,
 * or below 1 vCPU as one server at that share of a vCPU (a request's CPU time divided by 0.25 or
 * 0.5: Fargate caps the task's CPU at its size); on EC2 capacity (an Auto Scaling group capacity
 * provider, or an EKS managed node group) the unit is the instance the tasks are packed on, priced
 * as the instance.
 *
 * @param name component name used in results and cost
 * @param orchestrator "ecs" or "eks" (EKS adds its control plane's hourly price)
 * @param task the task size
 * @param providers the capacity provider strategy (FARGATE and FARGATE_SPOT, or one EC2 provider)
 * @param desired tasks at the start
 * @param min Service Auto Scaling minimum
 * @param max Service Auto Scaling maximum
 * @param startSeconds a task's launch to its container answering (Fargate: provisioning, network
 *     interface, image pull, start)
 * @param healthCheckGraceSeconds failed load-balancer checks of a new task are ignored this long
 *     after it starts
 * @param policies Service Auto Scaling policies (target tracking on CPU or on requests per target,
 *     step scaling on CPU)
 * @param scaleOutCooldownSeconds a scale-out waits this long after the previous one
 * @param deployment the rolling deployment's bounds
 * @param spotDiscount Fargate Spot's discount off Fargate
 * @param spotInterruptionsPerMonth interruptions per Fargate Spot task per month (2-minute warning)
 * @param deprecatedScaling indices of {@code policies} written in the spelling before the Auto
 *     Scaling group's ({@code "target"}, {@code alb-requests-per-target}): read as before, with a
 *     warning
 */
public record EcsService(
    String name,
    String orchestrator,
    Task task,
    List<Provider> providers,
    int desired,
    int min,
    int max,
    double startSeconds,
    double healthCheckGraceSeconds,
    List<ComputeTier.ScalingPolicy> policies,
    double scaleOutCooldownSeconds,
    Deployment deployment,
    double spotDiscount,
    double spotInterruptionsPerMonth,
    List<Integer> deprecatedScaling) {

  /** The defaults of the {@code ecs} section. */
  public static final Defaults.Table DEFAULTS = Defaults.section("ecs");

  public static final String DEFAULT_NAME = DEFAULTS.d("name", "app");
  public static final String DEFAULT_ORCHESTRATOR = DEFAULTS.d("orchestrator", "ecs");
  public static final String DEFAULT_CPU_ARCHITECTURE =
      DEFAULTS.d("task/properties/cpuArchitecture", "x86_64");
  public static final int DEFAULT_PROVIDER_BASE =
      DEFAULTS.d("capacityProviders/items/properties/base", 0);

  /** ECS's API takes 0 (a provider that gets no task above the base); archsim takes 1. */
  public static final int DEFAULT_PROVIDER_WEIGHT =
      DEFAULTS.d("capacityProviders/items/properties/weight", 1);

  /**
   * UNSOURCED assumption: 60 s from launch to a Fargate task answering (provisioning, the task's
   * network interface, the image pull and the application's start: the steps AWS's ECS
   * best-practices guide "Speeding up task launch" names, without a time; image size dominates).
   */
  public static final double DEFAULT_START_SECONDS = DEFAULTS.d("startSeconds", 60.0);

  /** [AWS] ECS CreateService: healthCheckGracePeriodSeconds defaults to 0. */
  public static final double DEFAULT_HEALTH_CHECK_GRACE_SECONDS =
      DEFAULTS.d("healthCheckGraceSeconds", 0.0);

  public static final String DEFAULT_SCALING_METRIC =
      DEFAULTS.d("scaling/items/oneOf/0/properties/metric", "cpu");

  /**
   * [AWS] Application Auto Scaling, TargetTrackingScalingPolicyConfiguration: ScaleOutCooldown
   * defaults to 300 s for ECS services.
   */
  public static final double DEFAULT_SCALE_OUT_COOLDOWN_SECONDS =
      DEFAULTS.d("scaleOutCooldownSeconds", 300.0);

  /** Fargate's task sizes: vCPU → the smallest and largest memory (GB) and its increment. */
  public static final Map<Double, double[]> FARGATE_SIZES = fargateSizes();

  /**
   * Fargate's valid CPU and memory combinations ([AWS] Amazon ECS developer guide,
   * task-cpu-memory-error: "Troubleshoot Amazon ECS task definition invalid CPU or memory errors",
   * and the TaskDefinition.memory API reference): 0.25 vCPU with 0.5, 1 or 2 GB; 0.5 vCPU with 1-4
   * GB; 1 vCPU with 2-8 GB; 2 vCPU with 4-16 GB and 4 vCPU with 8-30 GB, in 1 GB steps; 8 vCPU with
   * 16-60 GB in 4 GB steps; 16 vCPU with 32-120 GB in 8 GB steps (8 and 16 vCPU: Linux platform
   * 1.4.0 or later).
   */
  private static Map<Double, double[]> fargateSizes() {
    Map<Double, double[]> m = new LinkedHashMap<>();
    m.put(0.25, new double[] {0.5, 2, 0}); // 0.5, 1, 2: listed, not a step
    m.put(0.5, new double[] {1, 4, 1});
    m.put(1.0, new double[] {2, 8, 1});
    m.put(2.0, new double[] {4, 16, 1});
    m.put(4.0, new double[] {8, 30, 1});
    m.put(8.0, new double[] {16, 60, 4});
    m.put(16.0, new double[] {32, 120, 8});
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * Minimum healthy percent when a service gives none: 100 ([AWS] ECS API reference,
   * DeploymentConfiguration: "The default value for minimum healthy percent is 100%").
   */
  public static final int ECS_MINIMUM_HEALTHY_PERCENT = 100;

  /**
   * Maximum percent when a service gives none: 200 ([AWS] ECS API reference,
   * DeploymentConfiguration: "The default maximumPercent value for a service using the REPLICA
   * service scheduler is 200%").
   */
  public static final int ECS_MAXIMUM_PERCENT = 200;

  /**
   * A Kubernetes Deployment's rolling update defaults, as bounds in ECS's terms: maxUnavailable 25
   * % (at least 75 % healthy) and maxSurge 25 % (at most 125 %) ([K8S] kubernetes.io, Deployments:
   * "Max Unavailable ... The default value is 25%", "Max Surge ... The default value is 25%").
   */
  public static final int EKS_MINIMUM_HEALTHY_PERCENT = 75;

  public static final int EKS_MAXIMUM_PERCENT = 125;

  /** EKS's control plane per cluster-hour in standard support (the price book's key). */
  public static final String EKS_CLUSTER_HOUR = "eks.cluster-hour";

  public EcsService {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    providers = List.copyOf(providers);
    policies = List.copyOf(policies);
    Objects.requireNonNull(deployment, "deployment");
    deprecatedScaling = List.copyOf(deprecatedScaling);
  }

  /** The same service under another name (a queue's workers name their service). */
  public EcsService named(String newName) {
    return toBuilder().name(newName).build();
  }

  /**
   * A service built field by field from the {@code ecs} section's defaults: service "app" on ECS,
   * FARGATE alone (base 0, weight 1), one task (min and max as desired unless set), the default
   * task start, no health-check grace, no scaling policy, the default scale-out cooldown, the
   * orchestrator's rolling-update bounds, and no Fargate Spot discount or interruptions (the reader
   * gives the price book's discount and the catalog's interruption rate). The task size has no
   * default.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this service's fields, to change some of them ({@link #named}). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.orchestrator = orchestrator;
    b.task = task;
    b.providers = providers;
    b.desired = desired;
    b.min = min;
    b.max = max;
    b.startSeconds = startSeconds;
    b.healthCheckGraceSeconds = healthCheckGraceSeconds;
    b.policies = policies;
    b.scaleOutCooldownSeconds = scaleOutCooldownSeconds;
    b.deployment = deployment;
    b.spotDiscount = spotDiscount;
    b.spotInterruptionsPerMonth = spotInterruptionsPerMonth;
    b.deprecatedScaling = deprecatedScaling;
    return b;
  }

  /** Builds an {@link EcsService}; each setter returns the builder. */
  public static final class Builder {
    private String name = DEFAULT_NAME;
    private String orchestrator = DEFAULT_ORCHESTRATOR;
    private Task task;
    private List<Provider> providers =
        List.of(new Provider("FARGATE", DEFAULT_PROVIDER_BASE, DEFAULT_PROVIDER_WEIGHT, null));
    private int desired = 1;
    private Integer min;
    private Integer max;
    private double startSeconds = DEFAULT_START_SECONDS;
    private double healthCheckGraceSeconds = DEFAULT_HEALTH_CHECK_GRACE_SECONDS;
    private List<ComputeTier.ScalingPolicy> policies = List.of();
    private double scaleOutCooldownSeconds = DEFAULT_SCALE_OUT_COOLDOWN_SECONDS;
    private Deployment deployment;
    private double spotDiscount;
    private double spotInterruptionsPerMonth;
    private List<Integer> deprecatedScaling = List.of();

    private Builder() {}

    public Builder name(String v) {
      name = v;
      return this;
    }

    /** "ecs" or "eks"; the rolling-update bounds default to the orchestrator's. */
    public Builder orchestrator(String v) {
      orchestrator = v;
      return this;
    }

    public Builder task(Task v) {
      task = v;
      return this;
    }

    public Builder providers(List<Provider> v) {
      providers = v;
      return this;
    }

    /** The tasks at the start; min and max follow it unless set. */
    public Builder desired(int v) {
      desired = v;
      return this;
    }

    public Builder min(int v) {
      min = v;
      return this;
    }

    public Builder max(int v) {
      max = v;
      return this;
    }

    public Builder startSeconds(double v) {
      startSeconds = v;
      return this;
    }

    public Builder healthCheckGraceSeconds(double v) {
      healthCheckGraceSeconds = v;
      return this;
    }

    public Builder policies(List<ComputeTier.ScalingPolicy> v) {
      policies = v;
      return this;
    }

    public Builder scaleOutCooldownSeconds(double v) {
      scaleOutCooldownSeconds = v;
      return this;
    }

    public Builder deployment(Deployment v) {
      deployment = v;
      return this;
    }

    public Builder spotDiscount(double v) {
      spotDiscount = v;
      return this;
    }

    public Builder spotInterruptionsPerMonth(double v) {
      spotInterruptionsPerMonth = v;
      return this;
    }

    /** Indices of the policies written in the spelling before the Auto Scaling group's. */
    public Builder deprecatedScaling(List<Integer> v) {
      deprecatedScaling = v;
      return this;
    }

    public EcsService build() {
      boolean eks = "eks".equals(orchestrator);
      return new EcsService(
          name,
          orchestrator,
          task,
          providers,
          desired,
          min != null ? min : desired,
          max != null ? max : desired,
          startSeconds,
          healthCheckGraceSeconds,
          policies,
          scaleOutCooldownSeconds,
          deployment != null
              ? deployment
              : new Deployment(
                  eks ? EKS_MINIMUM_HEALTHY_PERCENT : ECS_MINIMUM_HEALTHY_PERCENT,
                  eks ? EKS_MAXIMUM_PERCENT : ECS_MAXIMUM_PERCENT),
          spotDiscount,
          spotInterruptionsPerMonth,
          deprecatedScaling);
    }
  }

  /**
   * The task definition's size.
   *
   * @param vcpu vCPUs (Fargate: 0.25 to 16)
   * @param memoryGb memory in GB
   * @param cpuArchitecture "x86_64" or "arm64" (Graviton)
   */
  public record Task(double vcpu, double memoryGb, String cpuArchitecture) {
    public boolean arm64() {
      return "arm64".equals(cpuArchitecture);
    }
  }

  /**
   * One capacity provider of the strategy.
   *
   * @param provider "FARGATE", "FARGATE_SPOT" or "EC2"
   * @param base tasks placed on it before the weights share the rest
   * @param weight its share of the tasks above the base
   * @param instanceType the EC2 provider's instance type (null for Fargate)
   */
  public record Provider(String provider, int base, int weight, String instanceType) {
    public boolean ec2() {
      return "EC2".equals(provider);
    }

    public boolean spot() {
      return "FARGATE_SPOT".equals(provider);
    }
  }

  /** The rolling update's bounds, in percent of the desired count. */
  public record Deployment(int minimumHealthyPercent, int maximumPercent) {}

  /** True when the tasks run on EC2 instances (an ASG capacity provider, a managed node group). */
  public boolean onEc2() {
    return providers.stream().anyMatch(Provider::ec2);
  }

  /** The EC2 provider's instance type, or null on Fargate. */
  public String instanceType() {
    for (Provider p : providers) {
      if (p.ec2() && p.instanceType() != null) {
        return p.instanceType();
      }
    }
    return null;
  }

  /** True for an EKS cluster. */
  public boolean eks() {
    return "eks".equals(orchestrator);
  }

  /** True when the task size is one of Fargate's valid combinations. */
  public static boolean validFargateSize(double vcpu, double memoryGb) {
    double[] r = FARGATE_SIZES.get(vcpu);
    if (r == null || memoryGb < r[0] - 1e-9 || memoryGb > r[1] + 1e-9) {
      return false;
    }
    if (r[2] == 0) {
      return memoryGb == 0.5 || memoryGb == 1 || memoryGb == 2;
    }
    double steps = (memoryGb - r[0]) / r[2];
    return Math.abs(steps - Math.rint(steps)) < 1e-9;
  }

  /**
   * The memory sizes Fargate accepts with {@code vcpu} vCPUs, as a rule's message gives them: every
   * size below 1 vCPU ("0.5, 1 or 2 GB"; "1, 2, 3 or 4 GB"), a range and its step above; null for a
   * vCPU count Fargate does not offer.
   */
  public static String fargateMemories(double vcpu) {
    double[] r = FARGATE_SIZES.get(vcpu);
    if (r == null) {
      return null;
    }
    if (r[2] == 0 || vcpu < 1) {
      List<String> sizes = new ArrayList<>();
      if (r[2] == 0) {
        sizes.addAll(List.of("0.5", "1", "2"));
      } else {
        for (double gb = r[0]; gb <= r[1] + 1e-9; gb += r[2]) {
          sizes.add(plain(gb));
        }
      }
      return String.join(", ", sizes.subList(0, sizes.size() - 1))
          + " or "
          + sizes.get(sizes.size() - 1)
          + " GB";
    }
    return plain(r[0]) + " to " + plain(r[1]) + " GB in steps of " + plain(r[2]) + " GB";
  }

  /**
   * The catalog name of a Fargate task size, e.g. {@code fargate.2vcpu-4gb} or {@code ...-arm64}.
   */
  public static String fargateTypeName(Task t) {
    return "fargate."
        + plain(t.vcpu())
        + "vcpu-"
        + plain(t.memoryGb())
        + "gb"
        + (t.arm64() ? "-arm64" : "");
  }

  private static String plain(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
  }

  /**
   * How many tasks an EC2 instance of {@code vcpu} vCPUs and {@code memoryGiB} holds (binpacked by
   * CPU and memory reservations); 0 when not even one fits.
   */
  public int tasksPerInstance(int instanceVcpu, double instanceMemoryGiB) {
    int byCpu = (int) Math.floor(instanceVcpu / task.vcpu() + 1e-9);
    int byMemory = (int) Math.floor(instanceMemoryGiB / task.memoryGb() + 1e-9);
    return Math.max(0, Math.min(byCpu, byMemory));
  }

  /** Units of the fleet for {@code tasks} tasks: tasks on Fargate, instances on EC2. */
  public int units(int tasks, int perInstance) {
    if (!onEc2()) {
      return tasks;
    }
    return perInstance <= 0 ? tasks : (tasks + perInstance - 1) / perInstance;
  }

  /** The share of the tasks above the Fargate base that run on Fargate Spot. */
  public double spotShare() {
    int total = providers.stream().mapToInt(Provider::weight).sum();
    int spot = providers.stream().filter(Provider::spot).mapToInt(Provider::weight).sum();
    return total <= 0 ? 0 : (double) spot / total;
  }

  /** The base of the strategy (tasks placed before the weights apply). */
  public int base() {
    return providers.stream().mapToInt(Provider::base).sum();
  }

  /**
   * The service as a fleet the engine runs: units spread evenly over the AZs (ECS's default
   * placement spreads a service's tasks across Availability Zones), the Service Auto Scaling bounds
   * as the group's, the task start as the boot time, Fargate Spot as the spot share above the
   * Fargate base. On EC2 capacity a unit is an instance holding {@code perInstance} tasks and its
   * start adds the instance's boot ({@code instanceBootSeconds}).
   */
  public ComputeTier fleet(List<String> azs, int perInstance, double instanceBootSeconds) {
    int units = units(desired, perInstance);
    Map<String, Integer> placement = new LinkedHashMap<>();
    for (int i = 0; i < azs.size(); i++) {
      placement.put(azs.get(i), units / azs.size() + (i < units % azs.size() ? 1 : 0));
    }
    double start = startSeconds + (onEc2() ? instanceBootSeconds : 0);
    List<ComputeTier.ScalingPolicy> scaled = new ArrayList<>();
    for (ComputeTier.ScalingPolicy p : policies) {
      if (p instanceof ComputeTier.BacklogTracking b && onEc2() && perInstance > 1) {
        // a queue's backlog per task, tracked on instances holding perInstance tasks each
        scaled.add(new ComputeTier.BacklogTracking(b.targetValue() * perInstance));
        continue;
      }
      scaled.add(
          p instanceof ComputeTier.StepScaling s && onEc2() && perInstance > 1
              ? new ComputeTier.StepScaling(
                  s.above(),
                  s.thresholdPercent(),
                  s.steps().stream()
                      .map(
                          st ->
                              new ComputeTier.Step(
                                  st.lower(),
                                  st.upper(),
                                  (int) Math.signum(st.adjustment())
                                      * units(Math.abs(st.adjustment()), perInstance)))
                      .toList(),
                  s.periodSeconds(),
                  s.evaluationPeriods())
              : p);
    }
    ComputeTier.AutoScaling group =
        new ComputeTier.AutoScaling(
            units(min, perInstance),
            units(max, perInstance),
            units,
            scaled,
            List.of(),
            "elb",
            start + healthCheckGraceSeconds,
            start,
            scaleOutCooldownSeconds,
            false);
    double share = spotShare();
    ComputeTier.Purchase purchase =
        share > 0
            ? new ComputeTier.Purchase(
                null,
                null,
                new ComputeTier.Spot(share, spotDiscount, spotInterruptionsPerMonth, base()))
            : null;
    return new ComputeTier(
        name,
        onEc2() && instanceType() != null ? instanceType() : fargateTypeName(task),
        placement,
        null,
        new ComputeTier.Exposure(false, true),
        group,
        purchase);
  }
}
