package dev.archsim.engine.findings;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * Single points of failure, quota breaches and security posture of one stage, without simulating.
 */
public final class StaticAnalyzer {
  private StaticAnalyzer() {}

  public static List<Finding> analyze(Scenario scenario, int stageIndex) {
    Stage stage = scenario.stage(stageIndex);
    Architecture a = stage.architecture();
    ComputeTier c = a.compute();
    String tier = "compute:" + c.name();
    List<Finding> out = new ArrayList<>();
    int total = c.totalInstances();
    long zones = c.placement().values().stream().filter(n -> n > 0).count();
    if (total == 1) {
      out.add(
          new Finding(
              "single-point-of-failure",
              "high",
              tier,
              "one instance: any instance failure, resize or AZ outage is a full outage"));
    } else if (zones == 1) {
      out.add(
          new Finding(
              "single-point-of-failure",
              "high",
              tier,
              "all "
                  + total
                  + " instances are in one Availability Zone: an AZ outage is a full outage"));
    }
    switch (a.entry()) {
      case Entry.ElasticIps e -> {
        if (total > Catalog.ELASTIC_IP_QUOTA_PER_REGION) {
          out.add(
              new Finding(
                  "quota",
                  "medium",
                  "entry:elastic-ip",
                  total
                      + " Elastic IPs exceed the default quota of "
                      + Catalog.ELASTIC_IP_QUOTA_PER_REGION
                      + " per region"));
        }
        if (total > 1) {
          out.add(
              new Finding(
                  "reliability",
                  "medium",
                  "entry:elastic-ip",
                  "clients must know all "
                      + total
                      + " addresses; users bound to a failed instance fail until it is back, nothing routes around it"));
        }
        out.add(
            new Finding(
                "security",
                "medium",
                tier,
                "instances have public addresses and take traffic straight from the internet;"
                    + " a load balancer in front lets them live in private subnets"));
      }
      case Entry.LoadBalancer lb -> {
        if (!lb.crossZone() && zones > 1) {
          out.add(
              new Finding(
                  "reliability",
                  "low",
                  "entry:" + lb.kind().id(),
                  "cross-zone load balancing is off: each AZ's node only uses its own AZ's targets,"
                      + " so uneven placement overloads some targets"));
        }
      }
    }
    return List.copyOf(out);
  }
}
