package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Cdn;
import dev.archsim.engine.model.Defaults;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.Metric;
import dev.archsim.engine.validate.Ranges;
import dev.archsim.engine.validate.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CloudFront in front of the origin: static requests hit the edge with the hit ratio and never
 * reach the origin; misses go to S3 in the serving region (or fail with it), or on to the compute
 * tier. It bills every request and the bytes sent out at the edge.
 */
public final class CdnComponent implements Component<Cdn> {
  /** Requests CloudFront answered from its cache (a counter). */
  static final Metric EDGE_HITS = Metric.of("edge", "hits");

  /** GET requests to the S3 origin (a counter). */
  static final Metric S3_GETS = Metric.of("s3", "gets");

  @Override
  public String section() {
    return "cdn";
  }

  @Override
  public List<Defaults.Entry> defaults() {
    return Cdn.DEFAULTS.entries();
  }

  @Override
  public Cdn read(Section s) {
    return new Cdn(
        s.number("hitRatio", 0),
        s.number("edgeLatencyMs", Cdn.DEFAULT_EDGE_LATENCY_MS),
        s.bool("s3Origin", Cdn.DEFAULT_S3_ORIGIN));
  }

  @Override
  public void rules(Cdn c, Architecture a, String path, List<Violation> out) {
    Ranges.unit(c.hitRatio(), path + ".hitRatio", out);
    Ranges.nonNegative(c.edgeLatencyMs(), path + ".edgeLatencyMs", out);
  }

  @Override
  public void prices(Cdn c, Architecture a, PriceList out) {
    out.uses("cloudfront.https-request", a.region());
    out.uses("cloudfront.gb", a.region());
    if (c.s3Origin()) {
      out.uses("s3.get", a.region());
    }
  }

  /** No finding of its own: serving static content at the edge is a Well-Architected check. */
  @Override
  public void findings(Cdn c, Scenario scenario, Stage stage, List<Finding> out) {}

  @Override
  public List<String> explain(Cdn c, Architecture a, Workload w) {
    return List.of(
        String.format(
            Locale.ROOT,
            "CloudFront: %.0f %% of static requests at the edge%s",
            100 * c.hitRatio(),
            c.s3Origin() ? ", S3 origin" : ""));
  }

  /** Its box's key, which the arrow to the S3 origin starts from. */
  static final String DIAGRAM_KEY = "cdn";

  /**
   * On the path in front of the regions, with its hit ratio; an S3 origin the stage does not
   * describe otherwise is drawn as a bucket its misses reach.
   */
  @Override
  public List<DiagramNode> diagram(Cdn c, Architecture a, Workload w) {
    List<String> d = new ArrayList<>();
    d.add("hit " + DiagramNode.percent(c.hitRatio()) + " of static");
    if (c.s3Origin()) {
      d.add("S3 origin");
    }
    List<DiagramNode> out = new ArrayList<>();
    out.add(
        DiagramNode.of(
                DiagramNode.Place.EDGE,
                DIAGRAM_KEY,
                DiagramNode.EDGE,
                DiagramNode.Lane.OUTSIDE,
                "CloudFront",
                d)
            .from(DiagramNode.FRONT, DiagramNode.Kind.PATH)
            .onThePath());
    if (c.s3Origin() && a.s3() == null) {
      out.add(S3StorageComponent.bucket(a, List.of("static origin")));
    }
    return out;
  }

  @Override
  public Edge stage(Cdn c, TrialContext trial) {
    return new Distribution(c, trial);
  }

  /**
   * The distribution in one trial: it keeps no state, its origin's region comes with each step. Its
   * prices are read once, when the trial (and its scenario's prices) begins, not at each step.
   */
  private static final class Distribution implements Edge {
    private final Cdn cdn;
    private final TrialContext trial;
    private final double s3GetUsd;
    private final double requestUsd;
    private final double gbUsd;

    Distribution(Cdn cdn, TrialContext trial) {
      this.cdn = cdn;
      this.trial = trial;
      this.s3GetUsd = Services.usd("s3.get", trial.region());
      this.requestUsd = Services.usd("cloudfront.https-request", trial.region());
      this.gbUsd = Services.usd("cloudfront.gb", trial.region());
    }

    @Override
    public double serveStatic(double staticRate, double dt, String originRegion) {
      double hits = staticRate * cdn.hitRatio();
      double misses = staticRate - hits;
      trial.served(hits * dt, cdn.edgeLatencyMs(), 1.0);
      trial.count(EDGE_HITS, hits * dt);
      if (!cdn.s3Origin()) {
        return misses;
      }
      if (originRegion != null) {
        trial.served(
            misses * dt, cdn.edgeLatencyMs() + trial.meanRoundTripMs(originRegion) / 2, Cdn.S3_MS);
        trial.count(S3_GETS, misses * dt);
        trial.cost("s3 (requests)", misses * dt * s3GetUsd);
      } else {
        trial.failed(FailureCause.REGION_OUTAGE, misses * dt);
      }
      return 0;
    }

    @Override
    public void bill(double dt, double offeredRate) {
      trial.cost("cloudfront (requests)", offeredRate * dt * requestUsd);
      trial.cost(
          "cloudfront (data out)", offeredRate * dt * trial.profile().bytesOut() / 1e9 * gbUsd);
    }
  }
}
