package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.result.FailureCause;

/**
 * A DynamoDB table in one trial: replicated across three AZs by DynamoDB itself, so no AZ loss or
 * writer failure reaches it. On demand it throttles only beyond the table's throughput quota;
 * provisioned, beyond its read and write capacity units once the burst bucket (300 seconds of
 * unused capacity) is empty. Throttled queries fail their requests.
 */
final class DynamoDbTable extends DatabaseStage {
  /** DynamoDB keeps up to 300 seconds of unused provisioned capacity for bursts. */
  static final double BURST_SECONDS = 300;

  private double rcuBurst;
  private double wcuBurst;

  /** The table's prices, read once when the trial begins (not at each step). */
  private final double readUnitUsd;

  private final double writeUnitUsd;
  private final double storageGbMonthUsd;
  private final double rcuHourUsd;
  private final double wcuHourUsd;

  DynamoDbTable(Database db, TrialContext trial) {
    super(db, trial);
    String region = trial.region();
    this.readUnitUsd = Services.usd("dynamodb.read-request-unit", region);
    this.writeUnitUsd = Services.usd("dynamodb.write-request-unit", region);
    this.storageGbMonthUsd = Services.usd("dynamodb.storage.gb-month", region);
    this.rcuHourUsd = Services.usd("dynamodb.rcu-hour", region);
    this.wcuHourUsd = Services.usd("dynamodb.wcu-hour", region);
    if (db.capacity() != null && !db.capacity().onDemand()) {
      rcuBurst = BURST_SECONDS * db.capacity().readUnits();
      wcuBurst = BURST_SECONDS * db.capacity().writeUnits();
    }
  }

  @Override
  public boolean acceptsWrites() {
    return true;
  }

  /** A writer failure does not apply: the table has no writer instance. */
  @Override
  public void writerFails(double now) {}

  @Override
  Failing failedShare(double a, double dt, double rate, double consumerWrites) {
    double reads = rate * readsMiss;
    double writes = rate * syncWrites + consumerWrites;
    double rFail = 0;
    double wFail = 0;
    var cap = db.capacity();
    if (cap == null || cap.onDemand()) {
      double limit = Database.DynamoCapacity.ON_DEMAND_TABLE_LIMIT;
      rFail = reads > limit ? 1 - limit / reads : 0;
      wFail = writes > limit ? 1 - limit / writes : 0;
      trial.cost("dynamodb (read request units)", reads * dt * readUnitUsd);
      trial.cost("dynamodb (write request units)", writes * dt * writeUnitUsd);
    } else {
      double[] rb = {rcuBurst};
      rFail = provisioned(reads, cap.readUnits(), dt, rb);
      rcuBurst = rb[0];
      double[] wb = {wcuBurst};
      wFail = provisioned(writes, cap.writeUnits(), dt, wb);
      wcuBurst = wb[0];
    }
    double pRead = 1 - Math.exp(-readsMiss);
    double pWrite = 1 - Math.exp(-syncWrites);
    return new Failing(1 - (1 - pRead * rFail) * (1 - pWrite * wFail), FailureCause.THROTTLED);
  }

  /** Throttled share of a provisioned capacity with its burst bucket. */
  private static double provisioned(double demand, double units, double dt, double[] burst) {
    if (demand <= units) {
      burst[0] = Math.min(BURST_SECONDS * units, burst[0] + (units - demand) * dt);
      return 0;
    }
    double need = (demand - units) * dt;
    if (burst[0] >= need) {
      burst[0] -= need;
      return 0;
    }
    double unserved = need - burst[0];
    burst[0] = 0;
    return unserved / (demand * dt);
  }

  @Override
  void billInstances(double dt) {
    trial.cost(
        "dynamodb (storage)", db.storageGb() * dt / Numbers.SECONDS_PER_MONTH * storageGbMonthUsd);
    if (db.capacity() != null && !db.capacity().onDemand()) {
      trial.cost(
          "dynamodb (provisioned capacity)",
          dt
              / 3600
              * (db.capacity().readUnits() * rcuHourUsd + db.capacity().writeUnits() * wcuHourUsd));
    }
  }
}
