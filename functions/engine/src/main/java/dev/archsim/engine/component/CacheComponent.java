package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Cache;
import dev.archsim.engine.model.Defaults;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.validate.CatalogRules;
import dev.archsim.engine.validate.Ranges;
import dev.archsim.engine.validate.Violation;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A cache in front of the database (ElastiCache for Redis or Memcached, DAX for DynamoDB): its
 * nodes, their loss with an AZ or on their own, the warm-up of a replacement, the reads it answers
 * and its node-hours.
 */
public final class CacheComponent implements Component<Cache> {
  /** ElastiCache allows up to 500 nodes (shards) in a cluster. */
  public static final int MAX_NODES = 500;

  /** UNSOURCED assumption: a failed ElastiCache node is replaced in five minutes. */
  public static final double NODE_REPLACEMENT_SECONDS = 300;

  @Override
  public String section() {
    return "cache";
  }

  @Override
  public List<Defaults.Entry> defaults() {
    return Cache.DEFAULTS.entries();
  }

  @Override
  public Cache read(Section s) {
    String engine = s.text("engine", Cache.DEFAULT_ENGINE);
    return new Cache(
        engine,
        s.text(
            "nodeType",
            "dax".equals(engine) ? Cache.DEFAULT_DAX_NODE_TYPE : Cache.DEFAULT_NODE_TYPE),
        s.integer("nodes", Cache.DEFAULT_NODES),
        s.number("hitRatio", 0),
        s.bool("replicated", Cache.DEFAULT_REPLICATED),
        s.number("warmupMinutes", Cache.DEFAULT_WARMUP_MINUTES));
  }

  @Override
  public void rules(Cache c, Architecture a, String path, List<Violation> out) {
    Ranges.unit(c.hitRatio(), path + ".hitRatio", out);
    if (c.nodes() < 1) {
      out.add(Violation.error(path + ".nodes", "at least one node; found " + c.nodes()));
    }
    Ranges.positive(c.warmupMinutes(), path + ".warmupMinutes", out);
    CatalogRules.cacheNode(c.nodeType(), path + ".nodeType", out);
    boolean dax = "dax".equals(c.engine());
    if (dax && (a.database() == null || a.database().relational())) {
      out.add(Violation.error(path + ".engine", "DAX caches DynamoDB; the stage has no DynamoDB"));
    }
    if (dax != c.nodeType().startsWith("dax.")) {
      out.add(
          Violation.error(
              path + ".nodeType", "a " + c.engine() + " cache needs a matching node type"));
    }
    if (a.database() == null) {
      out.add(Violation.error(path, "a cache needs a database behind it (architecture.database)"));
    }
  }

  @Override
  public void bounds(Cache c, String path, List<Violation> out) {
    Ranges.atMost(c.nodes(), MAX_NODES, path + ".nodes", "cache nodes", out);
  }

  @Override
  public double stateUnits(Cache c) {
    return Math.max(0, c.nodes());
  }

  @Override
  public List<String> faultTypes() {
    return List.of("cache-node-failure");
  }

  @Override
  public Faults.ScheduledFault readFault(Section s) {
    return new Faults.CacheNodeFailure(s.duration("at", Duration.ZERO));
  }

  @Override
  public boolean owns(Faults.ScheduledFault f) {
    return f instanceof Faults.CacheNodeFailure;
  }

  @Override
  public void faultRules(Faults.ScheduledFault f, Cache c, String path, List<Violation> out) {
    if (c == null) {
      out.add(Violation.error(path, "a cache node failure needs a cache in the stage"));
    }
  }

  @Override
  public String describe(Faults.ScheduledFault f) {
    return "a cache node fails";
  }

  @Override
  public void prices(Cache c, Architecture a, PriceList out) {
    out.uses(Services.cacheKey(c.nodeType()), a.region());
  }

  @Override
  public void findings(Cache c, Scenario scenario, Stage stage, List<Finding> out) {
    if (c.nodes() == 1 && !c.replicated()) {
      out.add(
          new Finding(
              "single-point-of-failure",
              "medium",
              "cache:" + c.engine(),
              "one cache node without a replica: losing it sends every read to the database"));
    }
  }

  @Override
  public List<String> explain(Cache c, Architecture a, Workload w) {
    return List.of(
        String.format(
            Locale.ROOT,
            "cache %s: %d × %s, hit ratio %.0f %%%s",
            c.engine(),
            c.nodes(),
            c.nodeType(),
            100 * c.hitRatio(),
            c.replicated() ? ", replicated" : ""));
  }

  @Override
  public ReadCache stage(Cache c, TrialContext trial) {
    return new Nodes(c, trial);
  }

  /**
   * The cache's nodes in one trial. Node {@code i} lives in AZ {@code i mod azs}; a lost node is
   * replaced empty and warms linearly to the full hit ratio over the warm-up. A replicated cache (a
   * replica per shard in another AZ) keeps its keys through an AZ loss and a node failure.
   */
  private static final class Nodes implements ReadCache {
    private final Cache cache;
    private final TrialContext trial;

    /** Per node, the time it came back empty: NaN while down, -infinity once warm. */
    private final double[] since;

    Nodes(Cache cache, TrialContext trial) {
      this.cache = cache;
      this.trial = trial;
      this.since = new double[cache.nodes()];
      Arrays.fill(since, Double.NEGATIVE_INFINITY);
    }

    @Override
    public boolean varies() {
      for (double s : since) {
        if (s != Double.NEGATIVE_INFINITY) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void azDown(int az, double now) {
      if (cache.replicated()) {
        return;
      }
      for (int i = 0; i < since.length; i++) {
        if (i % trial.azCount() == az) {
          since[i] = Double.NaN;
        }
      }
    }

    @Override
    public void azUp(int az, double now) {
      for (int i = 0; i < since.length; i++) {
        if (i % trial.azCount() == az && Double.isNaN(since[i])) {
          since[i] = now;
        }
      }
    }

    /** A cache node failure: the first node is lost and replaced empty. */
    @Override
    public void inject(Faults.ScheduledFault f, double now) {
      if (since.length == 0 || cache.replicated()) {
        return;
      }
      since[0] = Double.NaN;
      double back = now + NODE_REPLACEMENT_SECONDS;
      trial.at(
          back,
          () -> {
            if (Double.isNaN(since[0])) {
              since[0] = back;
            }
          });
    }

    /** The hit ratio times the warm share of the nodes; a node warm again is marked so. */
    @Override
    public double hitShare(double t) {
      double warmupSeconds = cache.warmupMinutes() * 60;
      double warm = 0;
      for (double s : since) {
        if (s == Double.NEGATIVE_INFINITY) {
          warm += 1;
        } else if (!Double.isNaN(s)) {
          warm += Math.min(1, (t - s) / warmupSeconds);
        }
      }
      for (int i = 0; i < since.length; i++) {
        double s = since[i];
        if (!Double.isNaN(s) && s != Double.NEGATIVE_INFINITY && t - s >= warmupSeconds) {
          since[i] = Double.NEGATIVE_INFINITY;
        }
      }
      return cache.hitRatio() * warm / since.length;
    }

    @Override
    public double hitMs() {
      return Cache.HIT_MS;
    }

    @Override
    public void answered(double reads) {
      trial.count("cache.hits", reads);
    }

    @Override
    public void bill(double dt, double offeredRate) {
      trial.cost(
          "elasticache (" + cache.nodeType() + ")",
          cache.nodes()
              * (cache.replicated() ? 2 : 1)
              * dt
              / 3600
              * Services.cacheNodeHourly(cache.nodeType(), trial.region()));
    }
  }
}
