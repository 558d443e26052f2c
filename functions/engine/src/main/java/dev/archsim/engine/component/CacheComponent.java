package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Cache;
import dev.archsim.engine.model.Defaults;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.Metric;
import dev.archsim.engine.validate.CatalogRules;
import dev.archsim.engine.validate.Ranges;
import dev.archsim.engine.validate.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A cache in front of the database (ElastiCache for Redis or Memcached, DAX for DynamoDB): its
 * nodes, their loss with an AZ or on their own, the warm-up of a replacement, the reads it answers
 * and its node-hours.
 */
public final class CacheComponent implements Component<Cache> {
  /** Reads the cache answered (a counter). */
  static final Metric CACHE_HITS = Metric.of("cache", "hits");

  /** ElastiCache Processing Units the serverless cache used (a counter). */
  static final Metric CACHE_ECPUS = Metric.of("cache", "ecpus");

  /** ElastiCache Serverless (Redis OSS) data stored, per GB-hour. */
  public static final String ELASTICACHE_SERVERLESS_GB_HOUR = "elasticache.serverless.gb-hour";

  /** ElastiCache Serverless (Redis OSS), per ElastiCache Processing Unit. */
  public static final String ELASTICACHE_SERVERLESS_ECPU = "elasticache.serverless.ecpu";

  /** ElastiCache allows up to 500 nodes (shards) in a cluster. */
  public static final int MAX_NODES = 500;

  /** UNSOURCED assumption: a failed ElastiCache node is replaced in five minutes. */
  public static final double NODE_REPLACEMENT_SECONDS = 300;

  /**
   * A replicated Redis shard whose primary is lost fails over to its replica in another AZ: AWS
   * promotes the replica rather than provisioning a new primary, keeps the data, and repoints the
   * primary endpoint's DNS name, an interruption that "might take up to a few seconds" ([AWS]
   * ElastiCache user guide, "Minimizing downtime in ElastiCache by using Multi-AZ with Valkey and
   * Redis OSS"). AWS documents no typical duration for an unplanned failure; its own FIS sample
   * states the hypothesis that the cluster "fails over to a replica in a healthy AZ within 30
   * seconds" ([AWS] aws-samples/fis-template-library, elasticache-az-power-interruption/README.md),
   * taken here as the time from the failure until the promoted replica answers, during which the
   * shard's reads go to the database.
   */
  public static final double REDIS_FAILOVER_SECONDS = 30;

  @Override
  public List<String> priceKeys() {
    return List.of(ELASTICACHE_SERVERLESS_GB_HOUR, ELASTICACHE_SERVERLESS_ECPU);
  }

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
    Section serverless = s.has("serverless") ? s.object("serverless") : null;
    return new Cache(
        engine,
        serverless != null
            ? s.text("nodeType")
            : s.text(
                "nodeType",
                "dax".equals(engine) ? Cache.DEFAULT_DAX_NODE_TYPE : Cache.DEFAULT_NODE_TYPE),
        s.integer("nodes", Cache.DEFAULT_NODES),
        s.number("hitRatio", 0),
        s.bool("replicated", Cache.DEFAULT_REPLICATED),
        s.number("warmupMinutes", Cache.DEFAULT_WARMUP_MINUTES),
        serverless == null
            ? null
            : new Cache.Serverless(
                serverless.number("dataGb", Cache.DEFAULT_SERVERLESS_DATA_GB),
                serverless.number("itemKb", Cache.DEFAULT_SERVERLESS_ITEM_KB),
                serverless.number("maxEcpuPerSecond", 0)));
  }

  @Override
  public void rules(Cache c, Architecture a, String path, List<Violation> out) {
    Ranges.unit(c.hitRatio(), path + ".hitRatio", out);
    if (a.database() == null) {
      out.add(Violation.error(path, "a cache needs a database behind it (architecture.database)"));
    }
    if (c.isServerless()) {
      serverlessRules(c, path, out);
      return;
    }
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
  }

  /** ElastiCache Serverless: Redis OSS or Memcached, no nodes, its data and request limits. */
  private static void serverlessRules(Cache c, String path, List<Violation> out) {
    if ("dax".equals(c.engine())) {
      out.add(
          Violation.error(
              path + ".serverless", "ElastiCache Serverless runs Redis OSS or Memcached, not DAX"));
    }
    if (c.nodeType() != null) {
      out.add(
          Violation.error(
              path + ".nodeType", "ElastiCache Serverless has no nodes to choose; drop nodeType"));
    }
    if (c.nodes() != 1) {
      out.add(
          Violation.error(
              path + ".nodes", "ElastiCache Serverless has no nodes to count; drop nodes"));
    }
    if (c.replicated()) {
      out.add(
          Violation.error(
              path + ".replicated",
              "ElastiCache Serverless replicates across AZs itself; drop replicated"));
    }
    Cache.Serverless v = c.serverless();
    Ranges.nonNegative(v.dataGb(), path + ".serverless.dataGb", out);
    Ranges.positive(v.itemKb(), path + ".serverless.itemKb", out);
    Ranges.nonNegative(v.maxEcpuPerSecond(), path + ".serverless.maxEcpuPerSecond", out);
  }

  @Override
  public void bounds(Cache c, String path, List<Violation> out) {
    if (c.isServerless()) {
      return;
    }
    Ranges.atMost(c.nodes(), MAX_NODES, path + ".nodes", "cache nodes", out);
  }

  @Override
  public double stateUnits(Cache c) {
    return c.isServerless() ? 1 : Math.max(0, c.nodes());
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
    } else if (c.isServerless()) {
      out.add(
          Violation.error(
              path,
              "ElastiCache Serverless has no nodes to lose: a cache node failure needs nodes"));
    }
  }

  @Override
  public String describe(Faults.ScheduledFault f) {
    return "a cache node fails";
  }

  @Override
  public void prices(Cache c, Architecture a, PriceList out) {
    if (c.isServerless()) {
      out.uses(ELASTICACHE_SERVERLESS_GB_HOUR, a.region());
      out.uses(ELASTICACHE_SERVERLESS_ECPU, a.region());
      return;
    }
    out.uses(Services.cacheKey(c.nodeType()), a.region());
  }

  @Override
  public void findings(Cache c, Scenario scenario, Stage stage, List<Finding> out) {
    if (c.isServerless()) {
      Workload w = scenario.workloadOf(stage);
      double peak =
          w.requestsPerSecond()
              * w.pattern().maxFactor(0, scenario.run().horizonSeconds())
              * w.profile().dbReadsPerRequest();
      double demand = peak * (2 - c.hitRatio()) * c.serverless().ecpuPerRequest();
      double max = c.serverless().maxEcpuPerSecond();
      if (max > 0 && demand > max) {
        out.add(
            new Finding(
                "performance",
                "medium",
                "cache:" + c.engine() + " serverless",
                String.format(
                    Locale.ROOT,
                    "the peak asks ElastiCache Serverless for %s ECPU/s, above its maximum of %s:"
                        + " it throttles %.0f %% of the reads, which go to the database",
                    Numbers.plain(Math.round(demand)),
                    Numbers.plain(max),
                    100 * (1 - max / demand))));
      }
      return;
    }
    if (c.nodes() == 1 && !c.replicated()) {
      out.add(
          new Finding(
              "single-point-of-failure",
              "medium",
              "cache:" + c.engine(),
              "one cache node without a replica: losing it sends every read to the database"));
    }
  }

  /**
   * Well-Architected check: losing one node does not send every read to the database (a replica in
   * another AZ, several nodes, or ElastiCache Serverless, which AWS runs over several AZs).
   */
  @Override
  public void checks(Cache c, Architecture a, List<PillarCheck> out) {
    out.add(
        new PillarCheck(
            "reliability",
            "the cache survives a node's loss (a replica, several nodes or Serverless)",
            c.isServerless() || c.replicated() || c.nodes() > 1));
  }

  @Override
  public List<String> explain(Cache c, Architecture a, Workload w) {
    if (c.isServerless()) {
      Cache.Serverless v = c.serverless();
      return List.of(
          String.format(
              Locale.ROOT,
              "cache %s serverless: hit ratio %.0f %%, %s GB of data, %s ECPU a request%s",
              c.engine(),
              100 * c.hitRatio(),
              Numbers.plain(Math.max(Cache.Serverless.MIN_BILLED_GB, v.dataGb())),
              Numbers.plain(v.ecpuPerRequest()),
              v.maxEcpuPerSecond() > 0
                  ? ", throttled beyond " + Numbers.plain(v.maxEcpuPerSecond()) + " ECPU/s"
                  : ""));
    }
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

  /** On the path in front of the database, centred on the zones: its nodes and hit ratio. */
  @Override
  public List<DiagramNode> diagram(Cache c, Architecture a, Workload w) {
    String engine = "dax".equals(c.engine()) ? "DAX" : "ElastiCache " + c.engine();
    List<String> d = new ArrayList<>();
    if (c.isServerless()) {
      d.add(
          "hit "
              + DiagramNode.percent(c.hitRatio())
              + ", "
              + Numbers.plain(c.serverless().dataGb())
              + " GB");
      if (c.serverless().maxEcpuPerSecond() > 0) {
        d.add("max " + Numbers.plain(c.serverless().maxEcpuPerSecond()) + " ECPU/s");
      }
    } else {
      d.add(c.nodes() + " × " + c.nodeType());
      d.add("hit " + DiagramNode.percent(c.hitRatio()) + (c.replicated() ? ", replicated" : ""));
    }
    return List.of(
        DiagramNode.of(
                DiagramNode.Place.CACHE,
                "cache",
                DiagramNode.CACHE,
                DiagramNode.Lane.MID,
                c.isServerless() ? engine + " Serverless" : engine,
                d)
            .from(DiagramNode.FRONT, DiagramNode.Kind.PATH)
            .onThePath());
  }

  @Override
  public ReadCache stage(Cache c, TrialContext trial) {
    return c.isServerless() ? new ServerlessCache(c, trial) : new Nodes(c, trial);
  }

  /** What every cache answers with: a hit's time, and the count of its hits. */
  private abstract static class CacheStage implements ReadCache {
    final TrialContext trial;

    CacheStage(TrialContext trial) {
      this.trial = trial;
    }

    @Override
    public double hitMs() {
      return Cache.HIT_MS;
    }

    @Override
    public void answered(double reads) {
      trial.count(CACHE_HITS, reads);
    }
  }

  /**
   * ElastiCache Serverless in one trial: no node to lose, nothing an AZ loss takes; it answers the
   * hit ratio of the reads up to its ECPU/second maximum and throttles the rest, which go to the
   * database. Every read is a GET and every miss a SET to fill the cache, each of {@link
   * Cache.Serverless#ecpuPerRequest} ECPUs.
   */
  private static final class ServerlessCache extends CacheStage {
    private final Cache cache;
    private final Cache.Serverless v;

    ServerlessCache(Cache cache, TrialContext trial) {
      super(trial);
      this.cache = cache;
      this.v = cache.serverless();
    }

    @Override
    public double hitShare(double t) {
      return cache.hitRatio();
    }

    /**
     * The hit ratio, less the share throttled: the reads (GETs) and the misses' SETs ask for
     * readsPerSecond × (2 − hit) × ECPUs a request; beyond the maximum the GETs are throttled in
     * proportion.
     */
    @Override
    public double hitShare(double t, double readsPerSecond) {
      double h = cache.hitRatio();
      double demand = readsPerSecond * (2 - h) * v.ecpuPerRequest();
      if (v.maxEcpuPerSecond() > 0 && demand > v.maxEcpuPerSecond()) {
        return h * v.maxEcpuPerSecond() / demand;
      }
      return h;
    }

    @Override
    public void looked(double reads, double hits) {
      answered(hits);
      double ecpus = (reads + (reads - hits)) * v.ecpuPerRequest();
      trial.count(CACHE_ECPUS, ecpus);
      trial.cost(
          "elasticache serverless (ECPU)",
          ecpus * Services.usd(ELASTICACHE_SERVERLESS_ECPU, trial.region()));
    }

    @Override
    public void bill(double dt, double offeredRate) {
      trial.cost(
          "elasticache serverless (data)",
          Math.max(Cache.Serverless.MIN_BILLED_GB, v.dataGb())
              * dt
              / 3600
              * Services.usd(ELASTICACHE_SERVERLESS_GB_HOUR, trial.region()));
    }
  }

  /**
   * The cache's nodes in one trial. Node {@code i} lives in AZ {@code i mod azs}; a lost node is
   * replaced empty and warms linearly to the full hit ratio over the warm-up. A replicated cache (a
   * replica per shard in another AZ) keeps its keys through an AZ loss and a node failure.
   */
  private static final class Nodes extends CacheStage {
    private final Cache cache;

    /** Per node, the time it came back empty: NaN while down, -infinity once warm. */
    private final double[] since;

    /** The bill's line and a node-hour's price, read once when the trial begins. */
    private final String line;

    private final double nodeHourUsd;

    Nodes(Cache cache, TrialContext trial) {
      super(trial);
      this.cache = cache;
      this.since = new double[cache.nodes()];
      Arrays.fill(since, Double.NEGATIVE_INFINITY);
      this.line = "elasticache (" + cache.nodeType() + ")";
      this.nodeHourUsd = Services.cacheNodeHourly(cache.nodeType(), trial.region());
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

    /**
     * A replicated Redis shard fails over: its reads go to the database until the replica answers.
     */
    private void failOver(int i, double now) {
      since[i] = Double.NaN;
      double back = now + REDIS_FAILOVER_SECONDS;
      trial.at(
          back,
          () -> {
            if (Double.isNaN(since[i])) {
              since[i] = Double.NEGATIVE_INFINITY;
            }
          });
    }

    private boolean failsOver() {
      return cache.replicated() && "redis".equals(cache.engine());
    }

    @Override
    public void azDown(int az, double now) {
      if (failsOver()) {
        for (int i = 0; i < since.length; i++) {
          if (i % trial.azCount() == az && since[i] == Double.NEGATIVE_INFINITY) {
            failOver(i, now);
          }
        }
        return;
      }
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
      if (cache.replicated()) {
        return; // its shards answer from their replicas in the other AZs
      }
      for (int i = 0; i < since.length; i++) {
        if (i % trial.azCount() == az && Double.isNaN(since[i])) {
          since[i] = now;
        }
      }
    }

    /** A cache node failure: the first node is lost and replaced empty. */
    @Override
    public void inject(Faults.ScheduledFault f, double now) {
      if (since.length > 0 && failsOver() && since[0] == Double.NEGATIVE_INFINITY) {
        failOver(0, now);
        return;
      }
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
    public void bill(double dt, double offeredRate) {
      trial.cost(line, cache.nodes() * (cache.replicated() ? 2 : 1) * dt / 3600 * nodeHourUsd);
    }
  }
}
