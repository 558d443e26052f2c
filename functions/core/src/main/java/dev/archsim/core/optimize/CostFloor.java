package dev.archsim.core.optimize;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.component.CacheComponent;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Cache;
import dev.archsim.engine.model.Cdn;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;

/**
 * What a design cannot cost less than, from the catalog alone: the lines of a trial's bill that the
 * engine adds whatever happens in the trial, at the prices it bills them. A failure, an outage or
 * an interruption changes none of them:
 *
 * <ul>
 *   <li>the load balancer's hours and its public IPv4 address in each AZ (a tier behind no load
 *       balancer: an address for each configured instance), every step of the horizon;
 *   <li>reserved instances and a Savings Plan commitment, billed whether used or not;
 *   <li>a provisioned RDS or Aurora database: the writer (and an RDS Multi-AZ standby) and each
 *       read replica by the hour, their storage, RDS Proxy by the instances' vCPUs;
 *   <li>ElastiCache nodes by the hour (serverless: its minimum billed data);
 *   <li>CloudFront: the requests offered and their bytes, billed on what is offered;
 *   <li>without CloudFront, data out to the internet on the requests served: at least the offered
 *       bytes times the design's mean served fraction, so the floor takes the fraction as an input.
 * </ul>
 *
 * Everything that depends on the trial is left out (on-demand and spot instance-hours, which stop
 * while an instance is down; LCUs; S3 and cache requests; DR standbys; serverless capacity; every
 * other component), so the floor is a lower bound of every trial's cost, not an estimate of it:
 * {@code CostFloorTest} checks it against the simulated cost of every design of a space. The engine
 * adds only positive amounts to its lines, so leaving a line out can only lower the floor.
 *
 * <p>{@link #listPriceUsd} adds the compute tier's configured instances at their list price to the
 * floor: not a bound (an instance that fails stops costing), it orders designs by what the catalog
 * says they cost when everything runs, for the evolutionary search's first population.
 */
final class CostFloor {
  /** Relative slack for the engine's sums over steps and its rounding to micro-dollars a line. */
  private static final double SLACK = 1e-9;

  /** Dollars the rounding of a trial's lines to micro-dollars may take off the total. */
  private static final double ROUNDING_USD = 1e-4;

  private static final double HOURS_PER_MONTH = 730;

  private CostFloor() {}

  /**
   * The least monthly cost of stage {@code stage} of {@code scenario}, in USD, for a design that
   * serves at least {@code servedFraction} of the requests offered to it (the mean over trials; 0
   * when nothing is known). A design accepted for an availability target serves at least the target
   * on average (the interval's lower bound is at or above it), so the floor at the target bounds
   * the cost of every design that could be accepted.
   */
  static double monthlyUsd(Scenario scenario, int stage, double servedFraction) {
    double usd = fixedUsd(scenario, stage) + dataOutUsd(scenario, stage) * clamp(servedFraction);
    return Math.max(0, usd * (1 - SLACK) - ROUNDING_USD);
  }

  /**
   * The floor with every request served, plus the instances the compute tier is configured with
   * beyond its reserved ones at the on-demand price (spot's share of those above the on-demand base
   * at the spot discount): what the catalog says the design costs when nothing fails. Used to order
   * designs by price, not to bound them.
   */
  static double listPriceUsd(Scenario scenario, int stage) {
    double usd = fixedUsd(scenario, stage) + dataOutUsd(scenario, stage);
    ComputeTier tier = scenario.stage(stage).architecture().compute();
    if (tier != null) {
      String region = scenario.stage(stage).architecture().region();
      double hourly = Catalog.onDemandUsd(region, tier.instanceType());
      ComputeTier.Purchase p = tier.purchase();
      int reserved = p == null || p.reserved() == null ? 0 : p.reserved().count();
      double running = Math.max(0, tier.totalInstances() - reserved);
      double instanceHours = running * hourly;
      if (p != null && p.spot() != null) {
        double aboveBase = Math.max(0, running - p.spot().onDemandBase());
        instanceHours -= aboveBase * p.spot().share() * p.spot().discount() * hourly;
      }
      usd += instanceHours * HOURS_PER_MONTH;
    }
    return usd;
  }

  private static double clamp(double fraction) {
    return Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
  }

  /** Lines billed by the hour or on the offered requests, whatever the trial brings. */
  private static double fixedUsd(Scenario scenario, int stageIndex) {
    Stage stage = scenario.stage(stageIndex);
    Architecture a = stage.architecture();
    String region = a.region();
    double perHour = 0;
    double perMonth = 0;
    ComputeTier tier = a.compute();
    if (tier != null) {
      if (a.entry() instanceof Entry.LoadBalancer lb) {
        perHour += Services.usd(lb.kind().id() + ".hour", region);
        perHour += a.azs().size() * Services.usd("public-ipv4.hour", region);
      } else {
        perHour += tier.totalInstances() * Services.usd("public-ipv4.hour", region);
      }
      ComputeTier.Purchase p = tier.purchase();
      if (p != null && p.reserved() != null && p.reserved().count() > 0) {
        perHour +=
            p.reserved().count()
                * Catalog.onDemandUsd(region, tier.instanceType())
                * (1 - reservedDiscount(p.reserved()));
      }
      if (p != null && p.savingsPlan() != null) {
        perHour += p.savingsPlan().commitmentUsdPerHour();
      }
    }
    Database db = a.database();
    if (db != null && db.relational() && !db.serverlessV2()) {
      boolean aurora = db.engine() == Database.Engine.AURORA;
      int writers = db.multiAz() && !aurora ? 2 : 1;
      int instances = writers + db.readReplicas();
      perHour += instances * Services.dbHourly(db.instanceClass(), aurora, region);
      perMonth +=
          (aurora ? 1 : instances)
              * db.storageGb()
              * Services.usd(
                  aurora ? "rds.storage.aurora.gb-month" : "rds.storage.gb-month", region);
      if (db.proxy()) {
        int vcpus = Services.dbClass(db.instanceClass()).map(c -> c.vcpu()).orElse(0);
        perHour += instances * vcpus * Services.usd("rds-proxy.vcpu-hour", region);
      }
    }
    Cache cache = a.cache();
    if (cache != null) {
      if (cache.serverless() != null) {
        perHour +=
            Cache.Serverless.MIN_BILLED_GB
                * Services.usd(CacheComponent.ELASTICACHE_SERVERLESS_GB_HOUR, region);
      } else {
        perHour +=
            cache.nodes()
                * (cache.replicated() ? 2 : 1)
                * Services.cacheNodeHourly(cache.nodeType(), region);
      }
    }
    Cdn cdn = a.cdn();
    if (cdn != null && a.entry() != null) {
      Workload w = scenario.workloadOf(stage);
      perMonth +=
          requestsPerMonth(scenario, stage)
              * (Services.usd("cloudfront.https-request", region)
                  + w.profile().bytesOut() / 1e9 * Services.usd("cloudfront.gb", region));
    }
    return perHour * HOURS_PER_MONTH + perMonth;
  }

  /**
   * Data out to the internet a month if every request offered were served (CloudFront, when in
   * front, bills its own data out instead, on the offered requests).
   */
  private static double dataOutUsd(Scenario scenario, int stageIndex) {
    Stage stage = scenario.stage(stageIndex);
    Architecture a = stage.architecture();
    if (a.compute() == null || a.cdn() != null) {
      return 0;
    }
    return requestsPerMonth(scenario, stage)
        * scenario.workloadOf(stage).profile().bytesOut()
        / 1e9
        * Services.usd("data-out.gb", a.region());
  }

  /** Requests offered over the horizon, scaled to a 730-hour month as the engine scales costs. */
  private static double requestsPerMonth(Scenario scenario, Stage stage) {
    double horizon = scenario.run().horizonSeconds();
    Workload w = scenario.workloadOf(stage);
    return w.meanRate(0, horizon) * horizon * (HOURS_PER_MONTH * 3600 / horizon);
  }

  private static double reservedDiscount(ComputeTier.Reserved r) {
    if (r.discount() != null) {
      return r.discount();
    }
    return Catalog.reservedDiscount(r.term(), r.payment()).map(p -> p.usd()).orElse(0.0);
  }
}
