package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.Metric;

/**
 * What every database kind does with the dynamic requests that reach it: the cache answers a share
 * of the reads first, the misses and the synchronous writes query the database, and the time they
 * take is the data tier's part of the request's latency. A kind says which of those queries fail
 * ({@link #failedShare}) and what it bills.
 */
abstract class DatabaseStage implements DataStore {
  /** Reads that reached the database (a counter). */
  static final Metric DB_READS = Metric.of("db", "reads");

  /** Writes the database served (a counter). */
  static final Metric DB_WRITES = Metric.of("db", "writes");

  final Database db;
  final TrialContext trial;

  private ReadCache cache;
  private double hit;

  /** Reads per request that miss the cache, and writes per request not sent through a queue. */
  double readsMiss;

  double syncWrites;

  /** Mean wait of a read and of a write in the last step served, in ms. */
  double readWait;

  double writeWait;

  /** A GB replicated to another region, read once when the trial begins (not at each step). */
  private final double crossRegionGbUsd;

  DatabaseStage(Database db, TrialContext trial) {
    this.db = db;
    this.trial = trial;
    this.crossRegionGbUsd = Services.usd("cross-region.gb", trial.region());
  }

  @Override
  public final double serve(
      double a,
      double dt,
      double rate,
      ReadCache cache,
      double queuedWrites,
      double consumerWrites) {
    this.cache = cache;
    double r = trial.profile().dbReadsPerRequest();
    hit = cache == null ? 0 : cache.hitShare(a, rate * r);
    double w = trial.profile().dbWritesPerRequest();
    readsMiss = r * (1 - hit);
    syncWrites = w * (1 - queuedWrites);
    if (cache != null) {
      cache.looked(rate * dt * r, rate * dt * r * hit);
    }
    trial.count(DB_READS, rate * dt * readsMiss);
    // the writes the database takes (and DynamoDB bills): the requests' own, and the queue
    // consumers' for the writes that go through a queue
    trial.count(DB_WRITES, (rate * syncWrites + consumerWrites) * dt);
    readWait = 0;
    writeWait = 0;
    Failing f = failedShare(a, dt, rate, consumerWrites);
    if (f.share() > 0) {
      trial.failed(f.cause(), rate * dt * f.share());
    }
    return rate * (1 - f.share());
  }

  /**
   * The share of the requests offered at {@code rate} over [a, a + dt) that fail, and why; sets
   * {@link #readWait} and {@link #writeWait}.
   */
  abstract Failing failedShare(double a, double dt, double rate, double consumerWrites);

  /** A share of the requests that fail, and their cause. */
  record Failing(double share, FailureCause cause) {}

  @Override
  public final double latencyMs() {
    double q = db.queryMs();
    double r = trial.profile().dbReadsPerRequest();
    double hitMs = cache == null ? 0 : cache.hitMs();
    return r * hit * hitMs + readsMiss * (q + readWait) + syncWrites * (q + writeWait);
  }

  /**
   * Cross-region replication of the writes over {@code dt} seconds: always for a global database
   * (Aurora Global Database, DynamoDB global tables), and for a DR region's standby otherwise.
   */
  void billReplication(double dt) {
    double writesPerSecond = trial.requestsPerSecond() * trial.profile().dbWritesPerRequest();
    trial.cost(
        "cross-region replication",
        writesPerSecond * dt * DatabaseComponent.BYTES_PER_WRITE / 1e9 * crossRegionGbUsd);
  }

  @Override
  public void bill(double dt, double offeredRate) {
    billInstances(dt);
    if (db.global()) {
      billReplication(dt);
    }
  }

  /** What the database itself costs over a step of {@code dt} seconds. */
  abstract void billInstances(double dt);

  @Override
  public void standbyIn(String region, double dt) {
    billStandbyReplica(region, dt);
    if (!db.global()) {
      billReplication(dt);
    }
  }

  /** The standby replica a DR region keeps, over {@code dt} seconds (none for DynamoDB). */
  void billStandbyReplica(String region, double dt) {}
}
