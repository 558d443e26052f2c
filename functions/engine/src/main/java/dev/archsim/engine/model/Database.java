package dev.archsim.engine.model;

import java.util.Objects;

/**
 * The database tier: RDS, Aurora or DynamoDB.
 *
 * @param engine {@link Engine}
 * @param instanceClass RDS/Aurora instance class (e.g. db.r5.large); null for DynamoDB
 * @param multiAz RDS: a synchronous standby in another AZ that takes over in 60–120 s; Aurora: the
 *     writer fails over to a replica (needs {@code readReplicas} ≥ 1)
 * @param readReplicas replicas taking reads (RDS asynchronous, Aurora on shared storage)
 * @param replicaLagSeconds mean asynchronous replication lag (reads may be stale; data lost when a
 *     replica is promoted)
 * @param proxy RDS Proxy in front: failovers up to 66 % shorter, connections pooled
 * @param primaryAz the AZ of the writer (default the first AZ)
 * @param queriesPerSecondPerVcpu capacity of one instance per vCPU (an assumption, overridable)
 * @param queryMs service time of one query without queueing
 * @param capacity DynamoDB capacity mode; null for RDS/Aurora
 * @param global Aurora Global Database or DynamoDB global tables: replicated to the DR region
 * @param promotionMinutes RDS without Multi-AZ: how long an operator takes to promote a read
 *     replica after the writer fails (null: no promotion, the writer is replaced)
 * @param storageGb data stored (billed per GB-month: on each RDS instance, once for Aurora's
 *     cluster volume and DynamoDB)
 * @param serverless Aurora Serverless v2: the capacity range of its {@code db.serverless} instances
 *     (null for provisioned classes)
 */
public record Database(
    Engine engine,
    String instanceClass,
    boolean multiAz,
    int readReplicas,
    double replicaLagSeconds,
    boolean proxy,
    String primaryAz,
    double queriesPerSecondPerVcpu,
    double queryMs,
    DynamoCapacity capacity,
    boolean global,
    Double promotionMinutes,
    double storageGb,
    ServerlessV2 serverless) {

  /** The defaults of the {@code database} section. */
  public static final Defaults.Table DEFAULTS = Defaults.section("database");

  public static final boolean DEFAULT_MULTI_AZ = DEFAULTS.d("multiAz", false);
  public static final int DEFAULT_READ_REPLICAS = DEFAULTS.d("readReplicas", 0);

  /** UNSOURCED assumption: typical asynchronous replica lag (AWS-FACTS: "seconds"). */
  public static final double DEFAULT_REPLICA_LAG_SECONDS = DEFAULTS.d("replicaLagSeconds", 1.0);

  public static final boolean DEFAULT_PROXY = DEFAULTS.d("proxy", false);

  /** UNSOURCED assumption: simple indexed queries one vCPU of an RDS instance sustains. */
  public static final double DEFAULT_QUERIES_PER_SECOND_PER_VCPU =
      DEFAULTS.d("queriesPerSecondPerVcpu", 1000.0);

  /** UNSOURCED assumption: one indexed query on RDS/Aurora; DynamoDB "single-digit ms". */
  public static final double DEFAULT_RDS_QUERY_MS = 2;

  public static final double DEFAULT_DYNAMODB_QUERY_MS = 5;

  public static final boolean DEFAULT_GLOBAL = DEFAULTS.d("global", false);

  /** UNSOURCED default: 100 GB of data. */
  public static final double DEFAULT_STORAGE_GB = DEFAULTS.d("storageGb", 100.0);

  public Database {
    Objects.requireNonNull(engine, "engine");
  }

  public boolean relational() {
    return engine != Engine.DYNAMODB;
  }

  /** True for Aurora Serverless v2 ({@code db.serverless} instances). */
  public boolean serverlessV2() {
    return serverless != null;
  }

  /**
   * Aurora Serverless v2's capacity range, in Aurora capacity units (ACUs) of about 2 GiB of memory
   * with the CPU and networking that go with it, set in steps of 0.5 ACU: the minimum 0
   * (auto-pause, on versions that support it) or 0.5 up to 256, the maximum from 1 to 256 ([AWS]
   * RDS API reference, ServerlessV2ScalingConfiguration; Aurora user guide, "How Aurora Serverless
   * v2 works").
   */
  public record ServerlessV2(double minAcu, double maxAcu) {
    /** The largest maximum recent Aurora versions allow (older ones: 128). */
    public static final double MAX_ACU = 256;

    /** The step ACU values are set in. */
    public static final double STEP_ACU = 0.5;

    /** The instance class every Aurora Serverless v2 instance has. */
    public static final String INSTANCE_CLASS = "db.serverless";
  }

  /** Database engines. */
  public enum Engine {
    RDS("rds"),
    AURORA("aurora"),
    DYNAMODB("dynamodb");

    private final String id;

    Engine(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static Engine fromId(String id) {
      for (Engine e : values()) {
        if (e.id.equals(id)) {
          return e;
        }
      }
      throw new IllegalArgumentException("unknown database engine " + id);
    }
  }

  /**
   * DynamoDB capacity: on demand (throttles only beyond the table's throughput quota) or
   * provisioned read/write capacity units (throttles beyond them once the 300 s burst bucket is
   * empty).
   */
  public record DynamoCapacity(boolean onDemand, double readUnits, double writeUnits) {
    /** Default on-demand table quota: 40,000 read and 40,000 write request units per second. */
    public static final double ON_DEMAND_TABLE_LIMIT = 40_000;
  }
}
