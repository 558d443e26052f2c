package dev.archsim.local.cli;

import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.findings.StaticAnalyzer;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "explain",
    description =
        "Prints each stage's architecture as a tree with its findings, without simulating.")
final class ExplainCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "scenario file (.json, .yaml or .yml)")
  Path file;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // nothing is simulated: the work budget does not apply
    ScenarioParseResult parsed =
        ScenarioFiles.check(
            file,
            err,
            dev.archsim.engine.validate.Limits.DEFAULT.withMaxWork(Double.POSITIVE_INFINITY));
    if (parsed == null) {
      return ArchsimCommand.EXIT_INVALID;
    }
    if (!parsed.isValid()) {
      return ArchsimCommand.EXIT_INVALID;
    }
    Scenario s = parsed.scenario().orElseThrow();
    out.println(s.name());
    for (int i = 0; i < s.stages().size(); i++) {
      Stage stage = s.stage(i);
      out.println("├─ " + stage.name());
      tree(out, stage, s.workloadOf(stage), s.faultsOf(stage));
      for (Finding f : StaticAnalyzer.analyze(s, i)) {
        out.printf(
            Locale.ROOT,
            "│  ! [%s] %s %s: %s%n",
            f.severity(),
            f.category(),
            f.component(),
            f.message());
      }
      long met = StaticAnalyzer.wellArchitected(s, i).stream().filter(PillarCheck::met).count();
      out.printf(
          Locale.ROOT,
          "│  Well-Architected: %d of %d checks met%n",
          met,
          StaticAnalyzer.wellArchitected(s, i).size());
      for (PillarCheck c : StaticAnalyzer.wellArchitected(s, i)) {
        out.printf(Locale.ROOT, "│    %s %s: %s%n", c.met() ? "✓" : "✗", c.pillar(), c.check());
      }
    }
    out.flush();
    return ArchsimCommand.EXIT_OK;
  }

  private static void tree(PrintWriter out, Stage stage, Workload w, Faults f) {
    Architecture a = stage.architecture();
    ComputeTier c = a.compute();
    out.printf(
        Locale.ROOT,
        "│  ├─ workload: %.1f req/s mean, %s, %.0f ms CPU per request%n",
        w.requestsPerSecond(),
        w.pattern(),
        w.profile().cpuMsPerRequest());
    out.printf(Locale.ROOT, "│  ├─ region %s, AZs %s%n", a.region(), a.azs());
    String entry =
        switch (a.entry()) {
          case Entry.ElasticIps e -> "an Elastic IP per instance";
          case Entry.ApiGateway g ->
              String.format(
                  Locale.ROOT,
                  "API Gateway (%s API), throttle %.0f req/s, timeout %.0f s",
                  g.rest() ? "REST" : "HTTP",
                  g.throttleRps(),
                  g.timeoutSeconds());
          case Entry.Route53 r ->
              String.format(
                  Locale.ROOT,
                  "Route 53 %s records, TTL %.0f s%s",
                  r.routing(),
                  r.ttlSeconds(),
                  r.healthCheck() == null ? "" : ", health checks");
          case Entry.LoadBalancer lb ->
              String.format(
                  Locale.ROOT,
                  "%s, health check every %.0f s (%d unhealthy / %d healthy)%s",
                  lb.kind().id().toUpperCase(Locale.ROOT),
                  lb.healthCheck().intervalSeconds(),
                  lb.healthCheck().unhealthyThreshold(),
                  lb.healthCheck().healthyThreshold(),
                  lb.crossZone() ? ", cross-zone" : "");
        };
    out.println("│  ├─ entry: " + entry);
    if (a.cdn() != null) {
      out.printf(
          Locale.ROOT,
          "│  ├─ CloudFront: %.0f %% of static requests at the edge%s%n",
          100 * a.cdn().hitRatio(),
          a.cdn().s3Origin() ? ", S3 origin" : "");
    }
    if (c == null) {
      var fn = a.functions();
      out.printf(
          Locale.ROOT,
          "│  ├─ Lambda %s: %d MB, %.0f ms per invocation, concurrency limit %d%s%n",
          fn.name(),
          fn.memoryMb(),
          fn.meanDurationMs(w.profile()),
          fn.concurrencyLimit(),
          fn.snapStart() ? ", SnapStart" : "");
    } else {
      out.printf(
          Locale.ROOT, "│  ├─ compute %s: %s × %s%n", c.name(), c.placement(), c.instanceType());
    }
    if (c != null && c.autoScaling() != null) {
      ComputeTier.AutoScaling g = c.autoScaling();
      out.printf(
          Locale.ROOT,
          "│  │  └─ Auto Scaling min %d max %d desired %d, %d policies, %d scheduled actions%n",
          g.min(),
          g.max(),
          g.desired(),
          g.policies().size(),
          g.scheduled().size());
    }
    if (c != null && c.purchase() != null) {
      out.println("│  │  └─ purchase: " + c.purchase());
    }
    if (a.cache() != null) {
      out.printf(
          Locale.ROOT,
          "│  ├─ cache %s: %d × %s, hit ratio %.0f %%%s%n",
          a.cache().engine(),
          a.cache().nodes(),
          a.cache().nodeType(),
          100 * a.cache().hitRatio(),
          a.cache().replicated() ? ", replicated" : "");
    }
    if (a.database() != null) {
      var d = a.database();
      out.printf(
          Locale.ROOT,
          "│  ├─ database %s%s%s%s%s%n",
          d.engine().id(),
          d.instanceClass() == null ? "" : " " + d.instanceClass(),
          d.multiAz() ? ", Multi-AZ" : "",
          d.readReplicas() > 0 ? ", " + d.readReplicas() + " read replicas" : "",
          d.proxy() ? ", RDS Proxy" : "");
    }
    if (a.queue() != null) {
      out.printf(
          Locale.ROOT,
          "│  ├─ SQS queue: %.0f %% of writes, consumers %.0f msg/s%n",
          100 * a.queue().share(),
          a.queue().consumerRatePerSecond());
    }
    if (a.dr() != null) {
      out.printf(
          Locale.ROOT, "│  ├─ DR: %s to %s%n", a.dr().strategy().id(), a.dr().secondaryRegion());
    }
    out.println(
        "│  └─ faults: "
            + (f.instance() == null
                ? "no instance failures"
                : "instance MTBF " + f.instance().mtbfHours() + " h")
            + (f.az() == null ? "" : ", random AZ outages")
            + (f.region() == null ? "" : ", random region outages")
            + (f.database() == null ? "" : ", database MTBF " + f.database().mtbfHours() + " h")
            + (f.scheduled().isEmpty() ? "" : ", " + f.scheduled().size() + " scheduled"));
  }
}
