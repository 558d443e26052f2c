package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.queueing.MmcQueue;
import dev.archsim.engine.result.FailureCause;
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
  private final Services.DbClass instanceClass;
  private final double writerCapacity;
  private final boolean[] azUp;

  private boolean writerUp = true;
  private FailureCause writerCause = FailureCause.DB_FAILOVER;
  private int writerAz;
  private double writerDownAt = Double.NaN;
  private double writerRpo = Double.NaN;
  private double writerBackAt = Double.NaN;

  DbCluster(Database db, TrialContext trial) {
    super(db, trial);
    this.instanceClass = Services.dbClass(db.instanceClass()).orElseThrow();
    this.writerCapacity = instanceClass.vcpu() * db.queriesPerSecondPerVcpu();
    this.azUp = new boolean[trial.azCount()];
    Arrays.fill(azUp, true);
    if (db.primaryAz() != null) {
      writerAz = Math.max(0, trial.azIndex(db.primaryAz()));
    }
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
      return new Failing(
          replicas > 0 ? pWrite : 1 - Math.exp(-(syncWrites + readsMiss)), writerCause);
    }
    double writerLoad = rate * syncWrites + consumerWrites + (replicas > 0 ? 0 : rate * readsMiss);
    double readerLoad = replicas > 0 ? rate * readsMiss / replicas : 0;
    double capacity = writerCapacity;
    double rhoW = writerLoad / capacity;
    double rhoR = readerLoad / capacity;
    trial.peak("db.writerUtilisationPct", rhoW * 100);
    if (replicas > 0) {
      trial.peak("db.replicaUtilisationPct", rhoR * 100);
    }
    double touchW = replicas > 0 ? pWrite : 1 - Math.exp(-(syncWrites + readsMiss));
    double overW = rhoW > 1 ? 1 - 1 / rhoW : 0;
    double overR = rhoR > 1 ? 1 - 1 / rhoR : 0;
    double failed = 1 - (1 - touchW * overW) * (1 - (replicas > 0 ? pReadMiss : 0) * overR);
    if (db.engine() == Database.Engine.AURORA) {
      // one I/O per query that reaches the cluster volume (an assumption)
      trial.cost(
          "aurora (I/O)",
          (writerLoad + readerLoad * replicas)
              * dt
              * Services.usd("rds.aurora.io-request", trial.region()));
    }
    writeWait = waitMs(writerLoad);
    readWait = replicas > 0 ? waitMs(readerLoad) : writeWait;
    return new Failing(failed, FailureCause.OVERLOAD);
  }

  private double waitMs(double load) {
    double mu = db.queriesPerSecondPerVcpu();
    if (load <= 0) {
      return 0;
    }
    if (load >= instanceClass.vcpu() * mu * 0.999) {
      return trial.profile().timeoutMs() / 10;
    }
    return new MmcQueue(instanceClass.vcpu(), mu, load, Double.POSITIVE_INFINITY).meanWait() * 1000;
  }

  /** The hourly price of one instance of the class and engine in a region. */
  private double instanceHourly(String region) {
    return Services.dbHourly(instanceClass.name(), db.engine() == Database.Engine.AURORA, region);
  }

  @Override
  void billInstances(double dt) {
    String region = trial.region();
    double hourly = instanceHourly(region);
    // RDS Multi-AZ runs a standby beside the writer; Aurora fails over to a replica instead
    boolean standby = db.multiAz() && db.engine() == Database.Engine.RDS;
    int writers = standby ? 2 : 1;
    int instances = writers + db.readReplicas();
    String label = db.engine().id() + " " + db.instanceClass();
    trial.cost(
        label + (standby ? " (writer + standby)" : " (writer)"), writers * dt / 3600 * hourly);
    if (db.readReplicas() > 0) {
      trial.cost(label + " (read replicas)", db.readReplicas() * dt / 3600 * hourly);
    }
    double month = dt / Numbers.SECONDS_PER_MONTH;
    if (db.engine() == Database.Engine.AURORA) {
      trial.cost(
          "aurora (storage)",
          db.storageGb() * month * Services.usd("rds.storage.aurora.gb-month", region));
    } else {
      trial.cost(
          "rds (storage)",
          instances * db.storageGb() * month * Services.usd("rds.storage.gb-month", region));
    }
    if (db.proxy()) {
      trial.cost(
          "rds proxy",
          instances
              * instanceClass.vcpu()
              * dt
              / 3600
              * Services.usd("rds-proxy.vcpu-hour", region));
    }
  }

  @Override
  void billStandbyReplica(String region, double dt) {
    trial.cost(
        "dr:" + region + " " + db.engine().id() + " replica " + db.instanceClass(),
        dt / 3600 * instanceHourly(region));
  }
}
