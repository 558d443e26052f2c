package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.queueing.MmcQueue;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.Metric;
import dev.archsim.engine.sim.RandomStreams;
import java.util.Arrays;

/**
 * An RDS or Aurora database in one trial: a writer in one AZ, an RDS Multi-AZ standby, read
 * replicas in the next AZs. The writer takes the writes (and the reads when no replica is up), the
 * replicas share the reads; each instance is an M/M/c queue of its vCPUs, and the queries beyond an
 * instance's capacity fail. A lost writer fails over, is promoted or replaced in the times AWS
 * documents; the requests that need it fail meanwhile.
 */
final class DbCluster extends DatabaseStage {
  /** The writer's utilisation at its highest, in % (a peak). */
  static final Metric DB_WRITER_UTILISATION_PCT = Metric.of("db", "writerUtilisationPct");

  /** The read replicas' utilisation at its highest, in % (a peak). */
  static final Metric DB_REPLICA_UTILISATION_PCT = Metric.of("db", "replicaUtilisationPct");

  /** Aurora capacity unit-seconds the serverless cluster ran (a counter). */
  static final Metric DB_ACU_SECONDS = Metric.of("db", "acuSeconds");

  private final Services.DbClass instanceClass;
  private final double writerCapacity;

  /** Aurora Serverless v2: the instances' capacity, and whether it moved in the current step. */
  private final AuroraCapacity serverless;

  private final double queriesPerAcu;
  private boolean advanced;
  private final boolean[] azUp;

  /**
   * The primary region's prices and the bill's lines, looked up and written once per trial: the
   * lookups and string concatenations of every step were a sixth of a DR scenario's profile.
   */
  private final double hourlyHere;

  private final double storageGbMonthUsd;
  private final double ioRequestUsd;
  private final double acuHourlyHere;
  private final double proxyVcpuHourUsd;
  private final String writerLine;
  private final String replicasLine;

  /** A DR region's instance price and its standby's line, by region. */
  private final java.util.Map<String, Double> hourlyElsewhere = new java.util.HashMap<>();

  private final java.util.Map<String, String> standbyLines = new java.util.HashMap<>();

  private boolean writerUp = true;
  private FailureCause writerCause = FailureCause.DB_FAILOVER;
  private int writerAz;
  private double writerDownAt = Double.NaN;
  private double writerRpo = Double.NaN;
  private double writerBackAt = Double.NaN;

  DbCluster(Database db, TrialContext trial) {
    super(db, trial);
    if (db.serverlessV2()) {
      this.instanceClass = null;
      this.writerCapacity = 0;
      this.serverless = new AuroraCapacity(db.serverless());
      this.queriesPerAcu = db.queriesPerSecondPerVcpu() / AuroraCapacity.ACUS_PER_VCPU;
    } else {
      this.instanceClass = Services.dbClass(db.instanceClass()).orElseThrow();
      this.writerCapacity = instanceClass.vcpu() * db.queriesPerSecondPerVcpu();
      this.serverless = null;
      this.queriesPerAcu = 0;
    }
    String region = trial.region();
    boolean aurora = db.engine() == Database.Engine.AURORA;
    this.hourlyHere = instanceHourly(region);
    this.storageGbMonthUsd =
        Services.usd(
            serverless != null || aurora ? "rds.storage.aurora.gb-month" : "rds.storage.gb-month",
            region);
    this.ioRequestUsd =
        aurora || serverless != null ? Services.usd("rds.aurora.io-request", region) : 0;
    this.acuHourlyHere = serverless != null ? acuHourly(region) : 0;
    this.proxyVcpuHourUsd = db.proxy() ? Services.usd("rds-proxy.vcpu-hour", region) : 0;
    if (serverless != null) {
      this.writerLine = "aurora serverless v2 (writer)";
      this.replicasLine = "aurora serverless v2 (read replicas)";
    } else {
      String label = db.engine().id() + " " + db.instanceClass();
      boolean standby = db.multiAz() && db.engine() == Database.Engine.RDS;
      this.writerLine = label + (standby ? " (writer + standby)" : " (writer)");
      this.replicasLine = label + " (read replicas)";
    }
    this.azUp = new boolean[trial.azCount()];
    Arrays.fill(azUp, true);
    if (db.primaryAz() != null) {
      writerAz = Math.max(0, trial.azIndex(db.primaryAz()));
    }
  }

  @Override
  public boolean varies() {
    return serverless != null && serverless.moving();
  }

  @Override
  public boolean acceptsWrites() {
    return writerUp;
  }

  @Override
  public void azDown(int az, double now) {
    azUp[az] = false;
    if (az == writerAz && writerUp) {
      writerFails(now, true);
    }
  }

  @Override
  public void azUp(int az, double now) {
    azUp[az] = true;
    if (!writerUp && az == writerAz && Double.isNaN(writerBackAt)) {
      writerRecovers(now);
    }
  }

  /** A database failure (scheduled): the writer fails. */
  @Override
  public void inject(Faults.ScheduledFault f, double now) {
    writerFails(now);
  }

  @Override
  public void writerFails(double now) {
    writerFails(now, false);
  }

  /** The writer fails: a failover, a promotion, a replacement, or waiting for its AZ. */
  private void writerFails(double now, boolean azLost) {
    if (!writerUp) {
      return;
    }
    writerUp = false;
    writerDownAt = now;
    writerRpo = 0;
    trial.incident();
    double downtime;
    writerCause = FailureCause.DB_FAILOVER;
    int azs = azUp.length;
    if (db.engine() == Database.Engine.AURORA && db.readReplicas() > 0) {
      downtime = uniform(10, 45); // "typically < 60 s, often < 30 s"
      writerAz = replicaAz(0);
    } else if (db.engine() == Database.Engine.AURORA) {
      downtime = uniform(300, 600); // new writer "typically < 10 minutes"
    } else if (db.multiAz()) {
      downtime = uniform(60, 120); // "typically 60-120 seconds"
      writerAz = (writerAz + 1) % azs;
    } else if (db.readReplicas() > 0 && db.promotionMinutes() != null) {
      downtime = db.promotionMinutes() * 60;
      writerRpo = RandomStreams.exponential(trial.random(), db.replicaLagSeconds());
      writerAz = replicaAz(0);
    } else if (azLost) {
      writerCause = FailureCause.AZ_OUTAGE;
      writerBackAt = Double.NaN;
      return; // single-AZ: down until its AZ is back
    } else {
      downtime = uniform(480, 720); // single-AZ instance replaced: ~10 min observed
    }
    if (db.proxy()) {
      downtime *= DatabaseComponent.PROXY_FAILOVER_FACTOR;
    }
    double back = now + downtime;
    writerBackAt = back;
    trial.at(back, () -> writerRecovers(back));
  }

  private void writerRecovers(double now) {
    if (writerUp) {
      return;
    }
    writerUp = true;
    writerBackAt = Double.NaN;
    trial.recovered(writerDownAt, now, writesAtRisk() ? writerRpo : Double.NaN);
    writerDownAt = Double.NaN;
  }

  @Override
  public void finish(double horizon) {
    if (!writerUp && !Double.isNaN(writerDownAt)) {
      trial.unrecovered(horizon - writerDownAt, writesAtRisk() ? writerRpo : Double.NaN);
    }
  }

  private boolean writesAtRisk() {
    return trial.profile().dbWritesPerRequest() > 0;
  }

  private int replicaAz(int i) {
    return (writerAz + 1 + i) % azUp.length;
  }

  private double uniform(double lo, double hi) {
    return lo + (hi - lo) * trial.random().nextDouble();
  }

  private int replicasUp() {
    int up = 0;
    for (int i = 0; i < db.readReplicas(); i++) {
      if (azUp[replicaAz(i)]) {
        up++;
      }
    }
    return up;
  }

  @Override
  Failing failedShare(double a, double dt, double rate, double consumerWrites) {
    int replicas = replicasUp();
    double pWrite = 1 - Math.exp(-syncWrites);
    double pReadMiss = 1 - Math.exp(-readsMiss);
    if (!writerUp) {
      if (serverless != null) {
        serverless.hold(dt);
        advanced = true;
      }
      return new Failing(
          replicas > 0 ? pWrite : 1 - Math.exp(-(syncWrites + readsMiss)), writerCause);
    }
    double writerLoad = rate * syncWrites + consumerWrites + (replicas > 0 ? 0 : rate * readsMiss);
    double readerLoad = replicas > 0 ? rate * readsMiss / replicas : 0;
    if (serverless != null) {
      return serverlessShare(a, dt, writerLoad, readerLoad, replicas, pWrite, pReadMiss);
    }
    double capacity = writerCapacity;
    double rhoW = writerLoad / capacity;
    double rhoR = readerLoad / capacity;
    trial.peak(DB_WRITER_UTILISATION_PCT, rhoW * 100);
    if (replicas > 0) {
      trial.peak(DB_REPLICA_UTILISATION_PCT, rhoR * 100);
    }
    double touchW = replicas > 0 ? pWrite : 1 - Math.exp(-(syncWrites + readsMiss));
    double overW = rhoW > 1 ? 1 - 1 / rhoW : 0;
    double overR = rhoR > 1 ? 1 - 1 / rhoR : 0;
    double failed = 1 - (1 - touchW * overW) * (1 - (replicas > 0 ? pReadMiss : 0) * overR);
    if (db.engine() == Database.Engine.AURORA) {
      // one I/O per query that reaches the cluster volume (an assumption)
      trial.cost("aurora (I/O)", (writerLoad + readerLoad * replicas) * dt * ioRequestUsd);
    }
    int servers = instanceClass.vcpu();
    double mu = db.queriesPerSecondPerVcpu();
    writeWait = waitMs(writerLoad, servers, mu);
    readWait = replicas > 0 ? waitMs(readerLoad, servers, mu) : writeWait;
    return new Failing(failed, FailureCause.OVERLOAD);
  }

  /**
   * Aurora Serverless v2: every instance of the cluster has the capacity that follows the busiest
   * one's load (readers in promotion tiers 0 and 1, the default, "scale at the same time as the
   * writer", [AWS] Aurora user guide); the queries beyond it fail as beyond a provisioned class,
   * integrated over the step as the capacity moves.
   */
  private Failing serverlessShare(
      double a,
      double dt,
      double writerLoad,
      double readerLoad,
      int replicas,
      double pWrite,
      double pReadMiss) {
    serverless.advance(a, dt, serverless.target(Math.max(writerLoad, readerLoad) / queriesPerAcu));
    advanced = true;
    double acu = serverless.meanAcu();
    double capacity = acu * queriesPerAcu;
    trial.peak(DB_WRITER_UTILISATION_PCT, writerLoad / capacity * 100);
    if (replicas > 0) {
      trial.peak(DB_REPLICA_UTILISATION_PCT, readerLoad / capacity * 100);
    }
    double touchW = replicas > 0 ? pWrite : 1 - Math.exp(-(syncWrites + readsMiss));
    double overW = serverless.shortfall(writerLoad / queriesPerAcu);
    double overR = serverless.shortfall(readerLoad / queriesPerAcu);
    double failed = 1 - (1 - touchW * overW) * (1 - (replicas > 0 ? pReadMiss : 0) * overR);
    trial.cost("aurora (I/O)", (writerLoad + readerLoad * replicas) * dt * ioRequestUsd);
    // the wait at an instance of the step's mean capacity, its vCPU-equivalents as servers
    int servers = (int) Math.max(1, Math.round(acu / AuroraCapacity.ACUS_PER_VCPU));
    double mu = capacity / servers;
    writeWait = waitMs(writerLoad, servers, mu);
    readWait = replicas > 0 ? waitMs(readerLoad, servers, mu) : writeWait;
    return new Failing(failed, FailureCause.OVERLOAD);
  }

  /** The mean wait of a query at an instance of {@code servers} servers of rate {@code mu}. */
  private double waitMs(double load, int servers, double mu) {
    if (load <= 0) {
      return 0;
    }
    if (load >= servers * mu * 0.999) {
      return trial.profile().timeoutMs() / 10;
    }
    return new MmcQueue(servers, mu, load, Double.POSITIVE_INFINITY).meanWait() * 1000;
  }

  /** The hourly price of one instance of the class and engine in a region. */
  private double instanceHourly(String region) {
    if (serverless != null) {
      // a DR region's Aurora Serverless v2 replica idles at its minimum
      return Math.max(AuroraCapacity.RUNNING_FLOOR_ACU, db.serverless().minAcu())
          * acuHourly(region);
    }
    return Services.dbHourly(instanceClass.name(), db.engine() == Database.Engine.AURORA, region);
  }

  private static double acuHourly(String region) {
    return Services.usd(DatabaseComponent.AURORA_SERVERLESS_V2_ACU_HOUR, region);
  }

  @Override
  void billInstances(double dt) {
    if (serverless != null) {
      if (!advanced) {
        serverless.hold(dt);
      }
      advanced = false;
      trial.count(DB_ACU_SECONDS, serverless.acuSeconds());
      double acuHours = serverless.acuSeconds() / 3600;
      trial.cost(writerLine, acuHours * acuHourlyHere);
      if (db.readReplicas() > 0) {
        trial.cost(replicasLine, db.readReplicas() * acuHours * acuHourlyHere);
      }
      trial.cost(
          "aurora (storage)",
          db.storageGb() * (dt / Numbers.SECONDS_PER_MONTH) * storageGbMonthUsd);
      return;
    }
    double hourly = hourlyHere;
    // RDS Multi-AZ runs a standby beside the writer; Aurora fails over to a replica instead
    boolean standby = db.multiAz() && db.engine() == Database.Engine.RDS;
    int writers = standby ? 2 : 1;
    int instances = writers + db.readReplicas();
    trial.cost(writerLine, writers * dt / 3600 * hourly);
    if (db.readReplicas() > 0) {
      trial.cost(replicasLine, db.readReplicas() * dt / 3600 * hourly);
    }
    double month = dt / Numbers.SECONDS_PER_MONTH;
    if (db.engine() == Database.Engine.AURORA) {
      trial.cost("aurora (storage)", db.storageGb() * month * storageGbMonthUsd);
    } else {
      trial.cost("rds (storage)", instances * db.storageGb() * month * storageGbMonthUsd);
    }
    if (db.proxy()) {
      trial.cost("rds proxy", instances * instanceClass.vcpu() * dt / 3600 * proxyVcpuHourUsd);
    }
  }

  @Override
  void billStandbyReplica(String region, double dt) {
    String line =
        standbyLines.computeIfAbsent(
            region, r -> "dr:" + r + " " + db.engine().id() + " replica " + db.instanceClass());
    Double hourly = hourlyElsewhere.get(region);
    if (hourly == null) {
      hourly = instanceHourly(region);
      hourlyElsewhere.put(region, hourly);
    }
    trial.cost(line, dt / 3600 * hourly);
  }
}
