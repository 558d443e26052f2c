package dev.archsim.local.importer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The named workloads and fault sets an imported stack is simulated with ({@code --workload},
 * {@code --faults}). Every value is written out so the user edits numbers rather than looks them
 * up; they are starting points, not measurements of the user's traffic.
 */
public final class Profiles {
  public static final List<String> WORKLOADS = List.of("steady", "daily", "busy");
  public static final List<String> FAULTS = List.of("none", "typical", "az-outage", "game-day");
  public static final String DEFAULT_WORKLOAD = "daily";
  public static final String DEFAULT_FAULTS = "typical";

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Profiles() {}

  /**
   * steady: 50 requests/s flat; daily: 50 requests/s on average, twice that at 14:00 UTC; busy: 500
   * requests/s on average with the same daily shape.
   */
  static ObjectNode workload(String name, ObjectNode arch) {
    ObjectNode w = F.objectNode();
    w.put("requestsPerSecond", name.equals("busy") ? 500 : 50);
    ObjectNode pattern = w.putObject("pattern");
    if (name.equals("steady")) {
      pattern.put("type", "constant");
    } else {
      pattern.put("type", "daily");
      pattern.put("peakFactor", 2);
      pattern.put("peakHourUtc", 14);
    }
    ObjectNode p = w.putObject("profile");
    p.put("cpuMsPerRequest", 20);
    p.put("bytesOut", 20_000);
    p.put("networkLatencyMs", 20);
    p.put("timeoutMs", 10_000);
    p.put("staticFraction", arch.has("cdn") ? 0.3 : 0);
    boolean db = arch.has("database");
    p.put("dbReadsPerRequest", db ? 2 : 0);
    p.put("dbWritesPerRequest", db ? 0.2 : 0);
    p.put("sessionSeconds", 1800);
    p.put("requestsPerSession", 20);
    return w;
  }

  /**
   * none; typical: instances fail at random (MTBF 2,000 h, replaced by their group or repaired by
   * an operator in 60 min) and so does a relational database's writer; az-outage: typical plus the
   * first AZ lost for an hour on day 3; game-day: az-outage plus a database failover on day 5, a
   * cache node lost on day 4 (a cache of nodes: ElastiCache Serverless has none to lose) and the
   * queue's consumers stopped for 30 minutes on day 6.
   */
  static ObjectNode faults(String name, ObjectNode arch) {
    ObjectNode f = F.objectNode();
    ArrayNode scheduled = f.putArray("scheduled");
    if (name.equals("none")) {
      return f;
    }
    boolean ec2 = arch.has("compute");
    if (ec2) {
      ObjectNode i = f.putObject("instance");
      i.put("mtbfHours", 2000);
      ObjectNode r = i.putObject("recovery");
      if (arch.get("compute").has("autoScaling")) {
        r.put("type", "replace");
        r.put("detectionSeconds", 120);
        r.put("bootSeconds", 120);
      } else {
        r.put("type", "manual");
        r.put("mttrMinutes", 60);
      }
    }
    boolean relational =
        arch.has("database") && !arch.get("database").get("engine").asText().equals("dynamodb");
    if (relational) {
      f.putObject("database").put("mtbfHours", 2000);
    }
    if (name.equals("az-outage") || name.equals("game-day")) {
      ObjectNode o = scheduled.addObject();
      o.put("type", "az-outage");
      o.put("az", arch.get("azs").get(0).asText());
      o.put("at", "P2DT12H");
      o.put("duration", "PT1H");
    }
    if (name.equals("game-day")) {
      if (arch.has("cache") && !arch.get("cache").has("serverless")) {
        scheduled.addObject().put("type", "cache-node-failure").put("at", "P3DT12H");
      }
      if (relational) {
        scheduled.addObject().put("type", "db-failure").put("at", "P4DT12H");
      }
      if (arch.has("queue")) {
        scheduled
            .addObject()
            .put("type", "consumer-outage")
            .put("at", "P5DT12H")
            .put("duration", "PT30M");
      }
    }
    return f;
  }

  static ObjectNode run() {
    ObjectNode r = F.objectNode();
    r.put("horizon", "P7D");
    r.put("step", "PT5M");
    r.put("trials", 20);
    r.put("seed", 1);
    r.put("initialState", "steady-state");
    r.put("mode", "fluid");
    return r;
  }

  static ObjectNode objectives() {
    ObjectNode o = F.objectNode();
    o.put("availability", 0.999);
    o.put("latencyP99Ms", 1000);
    return o;
  }
}
