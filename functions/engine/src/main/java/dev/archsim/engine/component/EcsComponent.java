package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.catalog.PriceKeys;
import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Defaults;
import dev.archsim.engine.model.EcsService;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.validate.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A container service: an ECS service, or a Kubernetes deployment on EKS, on Fargate, Fargate Spot
 * or EC2 capacity (an Auto Scaling group capacity provider, an EKS managed node group).
 *
 * <p>The tasks run on the engine's fleet mechanics as the stage's compute tier ({@link
 * EcsService#fleet}): Service Auto Scaling as the group's policies, the task start as the boot
 * time, the load balancer's health checks, Fargate Spot as spot capacity above the Fargate base
 * (the 2-minute warning drains the task while a replacement starts). This module adds what is the
 * service's own: its rules, the rolling deployment (a scheduled {@code deployment} fault, run by
 * the fleet), the EKS control plane's hours, findings and explain lines.
 */
public final class EcsComponent implements Component<EcsService> {
  /** Amazon EKS control plane, per cluster-hour (Kubernetes version in standard support). */
  public static final String EKS_CLUSTER_HOUR = "eks.cluster-hour";

  /** At most this many tasks (the schema's bound): a fleet keeps counts, not tasks. */
  public static final int MAX_TASKS = 5_000;

  @Override
  public List<String> priceKeys() {
    return List.of(EKS_CLUSTER_HOUR);
  }

  @Override
  public String section() {
    return "ecs";
  }

  /** The ECS service of a stage, or null (for the engine classes that run it on the fleet). */
  public static EcsService of(Architecture a) {
    return a.parts().get("ecs") instanceof EcsService s ? s : null;
  }

  @Override
  public List<Defaults.Entry> defaults() {
    return EcsService.DEFAULTS.entries();
  }

  @Override
  public EcsService read(Section e) {
    Section t = e.object("task");
    List<EcsService.Provider> providers = new ArrayList<>();
    for (Section p : e.list("capacityProviders")) {
      providers.add(
          new EcsService.Provider(
              p.text("provider", "FARGATE"),
              p.integer("base", EcsService.DEFAULT_PROVIDER_BASE),
              p.integer("weight", EcsService.DEFAULT_PROVIDER_WEIGHT),
              p.has("instanceType") ? p.text("instanceType", null) : null));
    }
    if (providers.isEmpty()) {
      providers.add(
          new EcsService.Provider(
              "FARGATE",
              EcsService.DEFAULT_PROVIDER_BASE,
              EcsService.DEFAULT_PROVIDER_WEIGHT,
              null));
    }
    boolean eks = "eks".equals(e.text("orchestrator", EcsService.DEFAULT_ORCHESTRATOR));
    Section n = e.object("tasks");
    int desired = n.integer("desired", 1);
    List<ComputeTier.ScalingPolicy> policies = new ArrayList<>();
    List<Integer> deprecated = new ArrayList<>();
    for (Section p : e.list("scaling")) {
      if ("step".equals(p.text("type", ""))) {
        policies.add(ComputeComponent.stepScaling(p));
      } else if (p.has("target")) {
        // the spelling before the group's: metric cpu or alb-requests-per-target, "target"
        deprecated.add(policies.size());
        policies.add(
            "alb-requests-per-target".equals(p.text("metric", EcsService.DEFAULT_SCALING_METRIC))
                ? new ComputeTier.RequestCountTracking(p.number("target", 0))
                : new ComputeTier.TargetTracking(p.number("target", 0)));
      } else if ("sqs-backlog-per-task".equals(p.text("metric", "cpu"))) {
        // a queue's workers (queue.workers.ecs): the backlog per task
        policies.add(new ComputeTier.BacklogTracking(p.number("targetValue", 0)));
      } else if ("alb-request-count-per-target".equals(p.text("metric", "cpu"))) {
        policies.add(new ComputeTier.RequestCountTracking(p.number("targetValue", 0)));
      } else {
        policies.add(new ComputeTier.TargetTracking(p.number("targetPercent", 0)));
      }
    }
    Section d = e.object("deployment");
    return EcsService.builder()
        .name(e.text("name", EcsService.DEFAULT_NAME))
        .orchestrator(eks ? "eks" : "ecs")
        .task(
            new EcsService.Task(
                t.number("vcpu", 0),
                t.number("memoryGb", 0),
                t.text("cpuArchitecture", EcsService.DEFAULT_CPU_ARCHITECTURE)))
        .providers(providers)
        .desired(desired)
        .min(n.integer("min", desired))
        .max(n.integer("max", desired))
        .startSeconds(e.number("startSeconds", EcsService.DEFAULT_START_SECONDS))
        .healthCheckGraceSeconds(
            e.number("healthCheckGraceSeconds", EcsService.DEFAULT_HEALTH_CHECK_GRACE_SECONDS))
        .policies(policies)
        .scaleOutCooldownSeconds(
            e.number("scaleOutCooldownSeconds", EcsService.DEFAULT_SCALE_OUT_COOLDOWN_SECONDS))
        .deployment(
            new EcsService.Deployment(
                d.integer(
                    "minimumHealthyPercent",
                    eks
                        ? EcsService.EKS_MINIMUM_HEALTHY_PERCENT
                        : EcsService.ECS_MINIMUM_HEALTHY_PERCENT),
                d.integer(
                    "maximumPercent",
                    eks ? EcsService.EKS_MAXIMUM_PERCENT : EcsService.ECS_MAXIMUM_PERCENT)))
        .spotDiscount(
            e.number("spotDiscount", Services.usd(PriceKeys.FARGATE_SPOT_DISCOUNT, "us-east-1")))
        .spotInterruptionsPerMonth(
            e.number("spotInterruptionsPerMonth", Catalog.DEFAULT_SPOT_INTERRUPTIONS_PER_MONTH))
        .deprecatedScaling(deprecated)
        .build();
  }

  @Override
  public ComputeTier computeTier(EcsService s, List<String> azs) {
    return fleet(s, azs);
  }

  /**
   * A rolling deployment of the stage's container service at {@code at}: every task replaced by a
   * new one within the service's bounds, or these when set (null: the service's).
   */
  public record Deployment(Duration at, Integer minimumHealthyPercent, Integer maximumPercent)
      implements Faults.ComponentFault {}

  @Override
  public List<String> faultTypes() {
    return List.of("deployment");
  }

  @Override
  public Faults.ScheduledFault readFault(Section s) {
    return new Deployment(
        s.duration("at", Duration.ZERO),
        s.has("minimumHealthyPercent") ? s.integer("minimumHealthyPercent", 100) : null,
        s.has("maximumPercent") ? s.integer("maximumPercent", 200) : null);
  }

  /** The bounds a deployment runs with: its own, or the service's. */
  public static int[] percentages(Deployment d, EcsService s) {
    return new int[] {
      d.minimumHealthyPercent() != null
          ? d.minimumHealthyPercent()
          : s.deployment().minimumHealthyPercent(),
      d.maximumPercent() != null ? d.maximumPercent() : s.deployment().maximumPercent()
    };
  }

  /**
   * The fleet a container service runs on over {@code azs}: tasks on Fargate, or the EC2 instances
   * they are packed on (an instance's boot, the Auto Scaling default, added to the task's start).
   */
  public static ComputeTier fleet(EcsService s, List<String> azs) {
    return s.fleet(azs, tasksPerUnit(s), ComputeTier.DEFAULT_BOOT_SECONDS);
  }

  /**
   * Tasks a unit of the fleet holds: 1 on Fargate, the tasks an EC2 instance holds (at least 1).
   */
  public static int tasksPerUnit(EcsService s) {
    InstanceType it = instance(s);
    return it == null ? 1 : Math.max(1, s.tasksPerInstance(it.vcpu(), it.memoryGiB()));
  }

  /** An EC2 provider's instance type, or null (Fargate, or unknown). */
  private static InstanceType instance(EcsService s) {
    String t = s.instanceType();
    return t == null ? null : Catalog.instanceType(t).orElse(null);
  }

  @Override
  public void rules(EcsService s, Architecture a, String path, List<Violation> out) {
    String arch = path.substring(0, path.length() - ".ecs".length());
    if (a.functions() != null) {
      out.add(
          Violation.error(
              arch + ".functions", "a stage runs an ECS service or Lambda functions, not both"));
    }
    if (!fleet(s, a.azs()).equals(a.compute())) {
      out.add(
          Violation.error(
              arch + ".compute",
              "an ECS service brings its own fleet (its tasks): give the stage ecs or compute, not"
                  + " both"));
    }
    if (!(a.entry() instanceof Entry.LoadBalancer)) {
      out.add(
          Violation.error(
              path,
              "a container service is served behind a load balancer here: give the stage an alb or"
                  + " nlb entry (this one is "
                  + a.entry().type()
                  + ")"));
    }
    serviceRules(s, path, out);
    for (int i = 0; i < s.policies().size(); i++) {
      if (s.policies().get(i) instanceof ComputeTier.RequestCountTracking
          && a.entry() instanceof Entry.LoadBalancer lb
          && lb.kind() != Entry.LoadBalancer.Kind.ALB) {
        out.add(
            Violation.error(
                path + ".scaling[" + i + "].metric",
                "ALB request count per target needs an alb entry; found " + a.entry().type()));
      }
    }
  }

  /**
   * The rules of a service itself, wherever it runs (the stage's container service, or a queue's
   * workers): its capacity providers, task size, task counts, deployment bounds and scaling
   * policies, each problem at its path under {@code path}.
   */
  static void serviceRules(EcsService s, String path, List<Violation> out) {
    EcsService.Task t = s.task();
    String tp = path + ".task";
    boolean ec2 = s.onEc2();
    boolean fargate = s.providers().stream().anyMatch(p -> !p.ec2());
    if (ec2 && fargate) {
      out.add(
          Violation.error(
              path + ".capacityProviders",
              "a capacity provider strategy holds Fargate providers or an Auto Scaling group"
                  + " provider, not both"));
    }
    if (s.providers().stream().filter(EcsService.Provider::ec2).count() > 1) {
      out.add(
          Violation.error(
              path + ".capacityProviders", "one EC2 capacity provider per service is modelled"));
    }
    if (s.providers().stream().filter(p -> p.base() > 0).count() > 1) {
      out.add(
          Violation.error(
              path + ".capacityProviders",
              "only one capacity provider of a strategy may have a base"));
    }
    if (s.providers().stream().mapToInt(EcsService.Provider::weight).sum() <= 0) {
      out.add(
          Violation.error(
              path + ".capacityProviders",
              "every weight is 0: no task above the base would be placed"));
    }
    for (int i = 0; i < s.providers().size(); i++) {
      EcsService.Provider p = s.providers().get(i);
      String pp = path + ".capacityProviders[" + i + "]";
      if (p.ec2() && p.instanceType() == null) {
        out.add(Violation.error(pp + ".instanceType", "an EC2 provider needs its instance type"));
      } else if (!p.ec2() && p.instanceType() != null) {
        out.add(
            Violation.error(
                pp + ".instanceType", "Fargate chooses the hosts; an instance type is for EC2"));
      }
      if (p.spot() && p.base() > 0) {
        out.add(
            Violation.error(
                pp + ".base", "a base on FARGATE_SPOT is not modelled: put the base on FARGATE"));
      }
      if (p.spot() && t.arm64()) {
        out.add(
            Violation.error(
                pp,
                "Fargate Spot runs Linux tasks on X86_64 only; an arm64 task cannot use"
                    + " FARGATE_SPOT"));
      }
    }
    if (ec2) {
      InstanceType it = instance(s);
      if (s.instanceType() != null && it == null) {
        out.add(
            Violation.error(
                path + ".capacityProviders",
                "unknown EC2 instance type '" + s.instanceType() + "'"));
      } else if (it != null) {
        if (s.tasksPerInstance(it.vcpu(), it.memoryGiB()) < 1) {
          out.add(
              Violation.error(
                  tp,
                  String.format(
                      Locale.ROOT,
                      "a task of %s vCPU and %s GB does not fit on %s (%d vCPU, %s GiB)",
                      Numbers.plain(t.vcpu()),
                      Numbers.plain(t.memoryGb()),
                      it.name(),
                      it.vcpu(),
                      Numbers.plain(it.memoryGiB()))));
        }
        if (!it.architectures().contains(t.cpuArchitecture())) {
          out.add(
              Violation.error(
                  tp + ".cpuArchitecture",
                  t.cpuArchitecture()
                      + " tasks need "
                      + t.cpuArchitecture()
                      + " instances; "
                      + it.name()
                      + " is "
                      + it.architectures()));
        }
      }
    }
    if (fargate && !EcsService.validFargateSize(t.vcpu(), t.memoryGb())) {
      out.add(
          Violation.error(
              tp,
              EcsService.FARGATE_SIZES.containsKey(t.vcpu())
                  ? String.format(
                      Locale.ROOT,
                      "%s GB is not a Fargate size for %s vCPU: %s",
                      Numbers.plain(t.memoryGb()),
                      Numbers.plain(t.vcpu()),
                      EcsService.fargateMemories(t.vcpu()))
                  : "Fargate tasks have 0.25, 0.5, 1, 2, 4, 8 or 16 vCPU; found "
                      + Numbers.plain(t.vcpu())));
    }
    if (s.min() > s.desired() || s.desired() > s.max()) {
      out.add(
          Violation.error(
              path + ".tasks",
              "min <= desired <= max is required; found min "
                  + s.min()
                  + ", desired "
                  + s.desired()
                  + ", max "
                  + s.max()));
    }
    if (s.desired() < 1) {
      out.add(Violation.error(path + ".tasks.desired", "at least one task is required"));
    }
    EcsService.Deployment d = s.deployment();
    deploymentRules(
        s.desired(),
        d.minimumHealthyPercent(),
        d.maximumPercent(),
        s.eks(),
        path + ".deployment",
        out);
    for (int i = 0; i < s.policies().size(); i++) {
      String pp = path + ".scaling[" + i + "]";
      boolean old = s.deprecatedScaling().contains(i);
      switch (s.policies().get(i)) {
        case ComputeTier.TargetTracking tt
            when !(tt.targetPercent() > 0 && tt.targetPercent() <= 100) ->
            out.add(
                Violation.error(
                    pp + (old ? ".target" : ".targetPercent"),
                    "a CPU target is a percentage in (0, 100]; found " + tt.targetPercent()));
        case ComputeTier.StepScaling st -> ComputeComponent.stepRules(st.steps(), pp, out);
        default -> {}
      }
      if (old) {
        boolean cpu = s.policies().get(i) instanceof ComputeTier.TargetTracking;
        out.add(
            Violation.warning(
                pp,
                "deprecated spelling, read as before: write {\"type\": \"target-tracking\","
                    + (cpu
                        ? " \"metric\": \"cpu\", \"targetPercent\": "
                        : " \"metric\": \"alb-request-count-per-target\", \"targetValue\": ")
                    + Numbers.plain(
                        cpu
                            ? ((ComputeTier.TargetTracking) s.policies().get(i)).targetPercent()
                            : ((ComputeTier.RequestCountTracking) s.policies().get(i))
                                .targetValue())
                    + "} as in compute.autoScaling.policies"));
      }
    }
  }

  /**
   * The fewest healthy and the most running tasks of a deployment of {@code desired}: ECS rounds
   * the minimum up and the maximum down; Kubernetes rounds maxUnavailable down and maxSurge up, and
   * never lets both be 0 ([K8S] kubernetes.io, Deployments: maxUnavailable "is calculated from
   * percentage by rounding down", maxSurge "by rounding up", and "The value cannot be 0 if
   * MaxUnavailable is 0").
   */
  public static int[] deploymentBounds(
      int desired, int minPercent, int maxPercent, boolean kubernetes) {
    if (!kubernetes) {
      return new int[] {
        (int) Math.ceil(desired * minPercent / 100.0 - 1e-9),
        (int) Math.floor(desired * maxPercent / 100.0 + 1e-9)
      };
    }
    int unavailable = (int) Math.floor(desired * (100 - minPercent) / 100.0 + 1e-9);
    int surge = (int) Math.ceil(desired * (maxPercent - 100) / 100.0 - 1e-9);
    return new int[] {
      desired - unavailable, desired + (unavailable == 0 && surge == 0 ? 1 : surge)
    };
  }

  /** The bounds must let a deployment of {@code desired} tasks both start and stop a task. */
  static void deploymentRules(
      int desired,
      int minimumHealthyPercent,
      int maximumPercent,
      boolean kubernetes,
      String path,
      List<Violation> out) {
    int[] b = deploymentBounds(desired, minimumHealthyPercent, maximumPercent, kubernetes);
    int lo = b[0];
    int hi = b[1];
    if (maximumPercent < 100) {
      out.add(
          Violation.error(
              path + ".maximumPercent",
              "must be at least 100 for a rolling update of a service; found " + maximumPercent));
    } else if (hi <= lo) {
      out.add(
          Violation.error(
              path,
              String.format(
                  Locale.ROOT,
                  "with %d tasks, minimumHealthyPercent %d keeps %d healthy and maximumPercent %d"
                      + " lets %d run: a deployment can neither start a new task nor stop an old"
                      + " one; lower the minimum or raise the maximum",
                  desired,
                  minimumHealthyPercent,
                  lo,
                  maximumPercent,
                  hi)));
    }
  }

  @Override
  public void bounds(EcsService s, String path, List<Violation> out) {
    if (s.max() > MAX_TASKS || s.desired() > MAX_TASKS) {
      out.add(
          Violation.error(
              path + ".tasks",
              "at most " + MAX_TASKS + " tasks; found " + Math.max(s.max(), s.desired())));
    }
  }

  @Override
  public double stateUnits(EcsService s) {
    return 1; // the tasks are the compute tier's counts; the service adds its deployment state
  }

  @Override
  public boolean owns(Faults.ScheduledFault f) {
    return f instanceof Deployment;
  }

  @Override
  public void faultRules(Faults.ScheduledFault f, EcsService s, String path, List<Violation> out) {
    if (s == null) {
      out.add(
          Violation.error(
              path, "a deployment replaces a container service's tasks: the stage has no ecs"));
      return;
    }
    Deployment d = (Deployment) f;
    if (d.minimumHealthyPercent() != null || d.maximumPercent() != null) {
      deploymentRules(
          s.desired(),
          d.minimumHealthyPercent() != null
              ? d.minimumHealthyPercent()
              : s.deployment().minimumHealthyPercent(),
          d.maximumPercent() != null ? d.maximumPercent() : s.deployment().maximumPercent(),
          s.eks(),
          path,
          out);
    }
  }

  @Override
  public String describe(Faults.ScheduledFault f) {
    Deployment d = (Deployment) f;
    return "a rolling deployment replaces every task"
        + (d.minimumHealthyPercent() == null && d.maximumPercent() == null
            ? ""
            : " (minimum healthy "
                + (d.minimumHealthyPercent() == null
                    ? "as the service"
                    : d.minimumHealthyPercent() + " %")
                + ", maximum "
                + (d.maximumPercent() == null ? "as the service" : d.maximumPercent() + " %")
                + ")");
  }

  @Override
  public void prices(EcsService s, Architecture a, PriceList out) {
    if (s.eks()) {
      out.uses(EKS_CLUSTER_HOUR, a.region());
    }
    if (s.spotShare() > 0) {
      out.uses(PriceKeys.FARGATE_SPOT_DISCOUNT, a.region());
    }
  }

  @Override
  public void findings(EcsService s, Scenario scenario, Stage stage, List<Finding> out) {
    serviceFindings(s, stage.architecture(), true, out);
  }

  /**
   * The findings of a service wherever it runs: its deployment bounds, one task (unless {@code
   * single} is false: a queue's workers say it in their own words), Fargate Spot without a base or
   * with a drain longer than its warning, and EC2 capacity the tasks leave idle.
   */
  static void serviceFindings(EcsService s, Architecture a, boolean single, List<Finding> out) {
    EcsService.Deployment d = s.deployment();
    int n = s.desired();
    int[] b = deploymentBounds(n, d.minimumHealthyPercent(), d.maximumPercent(), s.eks());
    int lo = b[0];
    int hi = b[1];
    if (lo == 0) {
      out.add(
          new Finding(
              "reliability",
              "high",
              s.name(),
              "minimumHealthyPercent "
                  + d.minimumHealthyPercent()
                  + " lets a deployment stop every task before the new ones are healthy: the"
                  + " service is down for a task start and its health checks"));
    } else if (lo < n && hi - lo < n) {
      int batch = Math.max(1, hi - lo);
      int batches = (n + batch - 1) / batch;
      out.add(
          Finding.formatted(
              "reliability",
              "medium",
              s.name(),
              "a deployment at minimumHealthyPercent %d serves on %d of %d tasks (%s %% of the"
                  + " capacity) for %d batch%s of a task start and its health checks; at load"
                  + " above %s %% of capacity it overloads: keep the minimum at 100 %% and the"
                  + " maximum above it, so that new tasks start before old ones stop",
              d.minimumHealthyPercent(),
              lo,
              n,
              Numbers.plain(100.0 * lo / n),
              batches,
              batches == 1 ? "" : "es",
              Numbers.plain(100.0 * lo / n)));
    }
    if (single && s.max() <= 1) {
      out.add(
          new Finding(
              "single-point-of-failure",
              "high",
              s.name(),
              "one task: its failure, a Spot interruption or a deployment takes the service down"));
    }
    double share = s.spotShare();
    if (share > 0) {
      if (s.base() == 0) {
        out.add(
            Finding.formatted(
                "reliability",
                "medium",
                s.name(),
                "%s %% of the tasks on Fargate Spot and no Fargate base: when Spot capacity is"
                    + " reclaimed or short, nothing guarantees a task; give FARGATE a base",
                Numbers.plain(100 * share)));
      }
      if (a.entry() instanceof Entry.LoadBalancer lb && lb.deregistrationDelaySeconds() > 120) {
        out.add(
            Finding.formatted(
                "reliability",
                "medium",
                s.name(),
                "deregistration delay %s s is longer than Fargate Spot's 2-minute warning: an"
                    + " interrupted task stops before it has drained; set it below 120 s",
                Numbers.plain(lb.deregistrationDelaySeconds())));
      }
    }
    InstanceType it = instance(s);
    if (s.onEc2() && it != null) {
      int k = s.tasksPerInstance(it.vcpu(), it.memoryGiB());
      double idle = it.vcpu() - k * s.task().vcpu();
      if (k >= 1 && idle > 0) {
        out.add(
            Finding.formatted(
                "cost",
                "low",
                s.name(),
                "%d task%s of %s vCPU on each %s leave %s of its %d vCPU unreserved (billed, not"
                    + " used by the service)",
                k,
                k == 1 ? "" : "s",
                Numbers.plain(s.task().vcpu()),
                it.name(),
                Numbers.plain(idle),
                it.vcpu()));
      }
    }
  }

  @Override
  public void checks(EcsService s, Architecture a, List<PillarCheck> out) {
    out.add(
        new PillarCheck(
            "reliability",
            "deployments keep the service's full capacity (minimum healthy 100 %)",
            s.deployment().minimumHealthyPercent() >= 100));
  }

  @Override
  public List<String> explain(EcsService s, Architecture a, Workload w) {
    List<String> lines = new ArrayList<>();
    EcsService.Task t = s.task();
    String capacity;
    if (s.onEc2()) {
      InstanceType it = instance(s);
      int k = it == null ? 0 : s.tasksPerInstance(it.vcpu(), it.memoryGiB());
      capacity =
          (s.eks() ? "a managed node group of " : "EC2 capacity provider: ")
              + s.instanceType()
              + " ("
              + k
              + " task"
              + (k == 1 ? "" : "s")
              + " each, priced as the instances)";
    } else {
      double share = s.spotShare();
      capacity =
          "Fargate"
              + (share > 0
                  ? String.format(
                      Locale.ROOT,
                      " with Fargate Spot for %s %% of the tasks above a base of %d (%s %% off,"
                          + " %s interruptions a task-month, 2-minute warning)",
                      Numbers.plain(100 * share),
                      s.base(),
                      Numbers.plain(100 * s.spotDiscount()),
                      Numbers.plain(s.spotInterruptionsPerMonth()))
                  : "");
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "%s %s: %d to %d tasks (start %d) of %s vCPU / %s GB %s on %s",
            s.eks() ? "EKS deployment" : "ECS service",
            s.name(),
            s.min(),
            s.max(),
            s.desired(),
            Numbers.plain(t.vcpu()),
            Numbers.plain(t.memoryGb()),
            t.cpuArchitecture(),
            capacity));
    if (!s.onEc2() && t.vcpu() < 1) {
      lines.add(
          String.format(
              Locale.ROOT,
              "  a task of %s vCPU serves one request at a time at %s of a vCPU's speed: a"
                  + " request's CPU time takes %s times as long, and its CPU utilisation is of %s"
                  + " vCPU",
              Numbers.plain(t.vcpu()),
              Numbers.plain(t.vcpu()),
              Numbers.plain(1 / t.vcpu()),
              Numbers.plain(t.vcpu())));
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "  a task starts in %s s; rolling deployments keep %d %% healthy and run up to %d %%%s",
            Numbers.plain(s.startSeconds()),
            s.deployment().minimumHealthyPercent(),
            s.deployment().maximumPercent(),
            (s.onEc2() ? " (simulated instance by instance on EC2 capacity)" : "")
                + (s.eks() ? "; the EKS control plane is billed per cluster-hour" : "")));
    return lines;
  }

  /**
   * The service's tasks (or its EC2 capacity) in each AZ's band where the compute tier's instances
   * would be, on the path after the entry, and the service above the zones.
   */
  @Override
  public List<DiagramNode> diagram(EcsService s, Architecture a, Workload w) {
    ComputeTier fleet = a.compute();
    if (fleet == null) {
      return List.of();
    }
    List<DiagramNode> out = new ArrayList<>();
    for (Map.Entry<String, Integer> p : fleet.placement().entrySet()) {
      out.add(
          DiagramNode.of(
                  DiagramNode.Place.COMPUTE,
                  ComputeComponent.diagramKey(p.getKey()),
                  DiagramNode.COMPUTE,
                  DiagramNode.Lane.ZONE,
                  containerTitle(s),
                  containerDetails(s, p.getValue()))
              .inAz(p.getKey())
              .from(DiagramNode.FRONT, DiagramNode.Kind.PATH)
              .onThePath());
    }
    out.add(
        DiagramNode.of(
            DiagramNode.Place.COMPUTE,
            "ecs",
            DiagramNode.COMPUTE,
            DiagramNode.Lane.TOP,
            (s.eks() ? "EKS deployment " : "ECS service ") + s.name(),
            serviceDetails(s)));
    return out;
  }

  private static String containerTitle(EcsService s) {
    String kind = s.eks() ? "EKS" : "ECS";
    if (s.onEc2() && s.instanceType() != null) {
      return kind + " on EC2 " + s.instanceType();
    }
    return kind + (s.eks() ? " pods" : " tasks") + " (Fargate)";
  }

  private static List<String> containerDetails(EcsService s, int units) {
    String size =
        Numbers.plain(s.task().vcpu())
            + " vCPU / "
            + Numbers.plain(s.task().memoryGb())
            + " GB"
            + (s.task().arm64() ? " arm64" : "");
    if (s.onEc2() && s.instanceType() != null) {
      return List.of(DiagramNode.count(units, "instance"), "tasks of " + size);
    }
    return List.of(DiagramNode.count(units, "task"), size);
  }

  private static List<String> serviceDetails(EcsService s) {
    List<String> d = new ArrayList<>();
    d.add(s.min() + "–" + s.max() + " tasks (start " + s.desired() + ")");
    List<String> p = new ArrayList<>();
    for (EcsService.Provider x : s.providers()) {
      p.add(
          (x.ec2() ? (s.eks() ? "node group" : "EC2") : x.provider())
              + (x.base() > 0 ? " base " + x.base() : "")
              + (s.providers().size() > 1 ? " ×" + x.weight() : ""));
    }
    d.add(String.join(", ", p));
    d.add(
        "deploys "
            + s.deployment().minimumHealthyPercent()
            + "–"
            + s.deployment().maximumPercent()
            + " %");
    return d;
  }

  @Override
  public PathStage stage(EcsService s, TrialContext trial) {
    return new PathStage() {
      @Override
      public void bill(double dt, double offeredRate) {
        if (s.eks()) {
          trial.cost(
              "eks control plane", dt / 3600 * Services.usd(EKS_CLUSTER_HOUR, trial.region()));
        }
      }
    };
  }
}
