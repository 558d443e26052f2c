package dev.archsim.engine.findings;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.component.Components;
import dev.archsim.engine.component.EntryComponent;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What can be seen of a stage without simulating it: single points of failure, quota breaches,
 * security posture, load against capacity, and the Well-Architected checklist (the lens seed 003
 * ends with).
 */
public final class StaticAnalyzer {
  private StaticAnalyzer() {}

  /** Facts about a stage both the findings and the checklist use. */
  private record Facts(
      Architecture arch,
      ComputeTier tier,
      InstanceType type,
      int instances,
      long zones,
      boolean loadBalanced,
      boolean publicInstances,
      boolean ingressOnlyFromLb,
      double meanUtilisation,
      double peakUtilisation) {}

  private static Facts facts(Scenario scenario, Stage stage) {
    Architecture a = stage.architecture();
    ComputeTier c = a.compute();
    InstanceType type =
        Catalog.instanceType(longestRunningType(c.instanceType(), scenario, stage)).orElse(null);
    int n =
        c.autoScaling() != null
            ? Math.max(1, c.autoScaling().desired())
            : Math.max(1, c.totalInstances());
    long zones = c.placement().values().stream().filter(k -> k > 0).count();
    boolean lb = a.entry() instanceof Entry.LoadBalancer;
    ComputeTier.Exposure e = c.exposure();
    boolean publicInstances = e != null ? e.publicAddresses() : !lb;
    boolean onlyLb = e != null ? e.ingressFromLoadBalancerOnly() : lb;
    Workload w = scenario.workloadOf(stage);
    double mean = 0;
    double peak = 0;
    if (w != null && type != null) {
      double peakFactor = w.pattern().maxFactor(0, scenario.run().horizonSeconds());
      double offEdge =
          a.cdn() == null
              ? 0
              : w.profile().staticFraction() * (a.cdn().s3Origin() ? 1 : a.cdn().hitRatio());
      mean =
          w.requestsPerSecond()
              * (1 - offEdge)
              * w.profile().cpuMsPerRequest()
              / 1000.0
              / (type.vcpu() * n);
      peak = mean * peakFactor;
    }
    return new Facts(a, c, type, n, zones, lb, publicInstances, onlyLb, mean, peak);
  }

  /**
   * The instance type the stage runs for most of its horizon: the tier's own, or the one a
   * scheduled resize of the stage moves it to (a stage that resizes t2.micro to m5.large on day 1
   * of 30 is judged as m5.large).
   */
  static String longestRunningType(String initial, Scenario scenario, Stage stage) {
    Faults faults = scenario.faultsOf(stage);
    double horizon = scenario.run().horizonSeconds();
    if (faults == null || horizon <= 0) {
      return initial;
    }
    List<Faults.Resize> resizes =
        faults.scheduled().stream()
            .filter(f -> f instanceof Faults.Resize)
            .map(f -> (Faults.Resize) f)
            .filter(r -> r.at().toSeconds() < horizon)
            .sorted(java.util.Comparator.comparing(Faults.Resize::at))
            .toList();
    java.util.Map<String, Double> seconds = new java.util.LinkedHashMap<>();
    String current = initial;
    double from = 0;
    for (Faults.Resize r : resizes) {
      seconds.merge(current, r.at().toSeconds() - from, Double::sum);
      current = r.toInstanceType();
      from = r.at().toSeconds();
    }
    seconds.merge(current, horizon - from, Double::sum);
    String longest = initial;
    for (var e : seconds.entrySet()) {
      if (e.getValue() > seconds.get(longest)) {
        longest = e.getKey();
      }
    }
    return longest;
  }

  public static List<Finding> analyze(Scenario scenario, int stageIndex) {
    Stage stage = scenario.stage(stageIndex);
    List<Finding> out = new ArrayList<>();
    Architecture a = stage.architecture();
    if (a.compute() != null) {
      out.addAll(computeFindings(scenario, stage));
    }
    for (Components.Present<?> c : Components.in(a, Components.onThePath())) {
      c.findings(scenario, stage, out);
    }
    Components.findings(Components.aroundThePath(), scenario, stage, out);
    return List.copyOf(out);
  }

  private static List<Finding> computeFindings(Scenario scenario, Stage stage) {
    Facts f = facts(scenario, stage);
    String tier = "compute:" + f.tier().name();
    List<Finding> out = new ArrayList<>();
    int total = f.tier().totalInstances();
    ComputeTier.AutoScaling asg = f.tier().autoScaling();
    if (asg == null ? total == 1 : asg.max() <= 1) {
      out.add(
          new Finding(
              "single-point-of-failure",
              "high",
              tier,
              "one instance: any instance failure, resize or AZ outage is a full outage"));
    } else if (f.zones() == 1 && (asg == null || f.arch().azs().size() == 1)) {
      out.add(
          new Finding(
              "single-point-of-failure",
              "high",
              tier,
              "all instances are in one Availability Zone: an AZ outage is a full outage"));
    }
    EntryComponent.fleetFindings(f.arch().entry(), total, f.zones(), out);
    if (f.loadBalanced()) {
      if (f.publicInstances()) {
        out.add(
            new Finding(
                "security",
                "medium",
                tier,
                "instances have public addresses although the load balancer fronts them; move them to private subnets"));
      }
      if (!f.ingressOnlyFromLb()) {
        out.add(
            new Finding(
                "security",
                "high",
                tier,
                "the instances' security group admits traffic from anywhere, not only from the load balancer"));
      }
    }
    if (asg != null
        && "elb".equals(asg.healthCheckType())
        && asg.healthCheckGraceSeconds() < asg.bootSeconds()) {
      out.add(
          new Finding(
              "reliability",
              "high",
              tier,
              String.format(
                  Locale.ROOT,
                  "health-check grace period %.0f s is shorter than the %.0f s boot: new instances are"
                      + " terminated as unhealthy before they can serve",
                  asg.healthCheckGraceSeconds(),
                  asg.bootSeconds())));
    }
    if (!f.loadBalanced()) {
      out.add(
          new Finding(
              "security",
              "medium",
              tier,
              "instances have public addresses and take traffic straight from the internet;"
                  + " a load balancer in front lets them live in private subnets"));
    }
    if (f.type() != null
        && f.type().burstable()
        && f.meanUtilisation() > f.type().burst().baselinePerVcpu()) {
      out.add(
          new Finding(
              "performance",
              "high",
              tier,
              String.format(
                  Locale.ROOT,
                  "average CPU %.0f%% is above the %s baseline of %.0f%%: CPU credits run out%s",
                  100 * f.meanUtilisation(),
                  f.type().name(),
                  100 * f.type().burst().baselinePerVcpu(),
                  f.type().burst().defaultUnlimited()
                      ? " (unlimited mode bills the surplus)"
                      : " and the instance is throttled")));
    }
    double peakOfMax =
        asg == null
            ? f.peakUtilisation()
            : f.peakUtilisation() * f.instances() / Math.max(1, asg.max());
    if (peakOfMax > 1) {
      out.add(
          new Finding(
              "performance",
              "high",
              tier,
              String.format(
                  Locale.ROOT,
                  "the daily peak needs %.0f%% of the %s fleet's CPU: requests queue and time out",
                  100 * peakOfMax,
                  asg == null ? "whole" : "largest allowed")));
    }
    return List.copyOf(out);
  }

  /** The Well-Architected checklist of a stage, five pillars. */
  public static List<PillarCheck> wellArchitected(Scenario scenario, int stageIndex) {
    Stage stage = scenario.stage(stageIndex);
    List<PillarCheck> out = new ArrayList<>();
    Architecture a = stage.architecture();
    if (a.compute() != null) {
      out.addAll(computeChecks(scenario, stage));
    }
    for (Components.Present<?> c : Components.in(a, Components.onThePath())) {
      c.checks(a, out);
    }
    out.addAll(DataTierFindings.checks(scenario, stage));
    Components.checks(Components.aroundThePath(), a, out);
    return List.copyOf(out);
  }

  private static List<PillarCheck> computeChecks(Scenario scenario, Stage stage) {
    Facts f = facts(scenario, stage);
    ComputeTier.AutoScaling asg = f.tier().autoScaling();
    ComputeTier.Purchase p = f.tier().purchase();
    Faults faults = scenario.faultsOf(stage);
    boolean autoRecovery =
        asg != null
            || (faults.instance() != null
                && faults.instance().recovery() instanceof Faults.Replacement);
    boolean healthChecks =
        f.loadBalanced()
            || (f.arch().entry() instanceof Entry.Route53 r && r.healthCheck() != null);
    boolean scalesIn =
        asg != null
            && asg.policies().stream()
                .anyMatch(
                    x ->
                        x instanceof ComputeTier.TargetTracking
                            || (x instanceof ComputeTier.SimpleScaling s && s.adjustment() < 0)
                            || (x instanceof ComputeTier.StepScaling st && !st.above()));
    boolean burstOk =
        f.type() == null
            || !f.type().burstable()
            || f.meanUtilisation() <= f.type().burst().baselinePerVcpu();
    List<PillarCheck> out = new ArrayList<>();
    out.add(
        new PillarCheck("reliability", "runs in two or more Availability Zones", f.zones() >= 2));
    out.add(new PillarCheck("reliability", "more than one instance", f.instances() > 1));
    out.add(
        new PillarCheck(
            "reliability", "a load balancer routes around failed instances", f.loadBalanced()));
    out.add(
        new PillarCheck(
            "reliability", "failed instances are replaced automatically", autoRecovery));
    out.add(
        new PillarCheck(
            "performance efficiency",
            "capacity follows load (Auto Scaling policies)",
            asg != null && !asg.policies().isEmpty()));
    out.add(
        new PillarCheck(
            "performance efficiency",
            "the daily peak stays below 70 % CPU of the starting fleet",
            f.peakUtilisation() <= 0.7));
    out.add(
        new PillarCheck(
            "performance efficiency",
            "no burstable instance runs above its baseline on average",
            burstOk));
    out.add(
        new PillarCheck(
            "security",
            "instances are not reachable from the internet (private subnets)",
            !f.publicInstances()));
    out.add(
        new PillarCheck(
            "security",
            "the security group admits only the load balancer",
            f.loadBalanced() && f.ingressOnlyFromLb()));
    out.add(
        new PillarCheck(
            "cost optimization",
            "base capacity on reserved instances or a Savings Plan",
            p != null && (p.reserved() != null || p.savingsPlan() != null)));
    out.add(
        new PillarCheck(
            "cost optimization",
            "spot capacity for what can be interrupted",
            p != null && p.spot() != null && p.spot().share() > 0));
    out.add(new PillarCheck("cost optimization", "the fleet scales in when load drops", scalesIn));
    out.add(
        new PillarCheck(
            "operational excellence", "health checks detect failed instances", healthChecks));
    out.add(
        new PillarCheck(
            "operational excellence",
            "scaling and recovery are automated, not manual",
            autoRecovery && asg != null));
    out.add(
        new PillarCheck(
            "operational excellence",
            "changes roll out without downtime (several instances behind a load balancer)",
            f.loadBalanced() && f.instances() > 1));
    return List.copyOf(out);
  }
}
