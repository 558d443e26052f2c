package dev.archsim.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.engine.component.Component;
import dev.archsim.engine.component.Components;
import dev.archsim.engine.model.AsyncQueue;
import dev.archsim.engine.model.Cache;
import dev.archsim.engine.model.Cdn;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.model.Defaults;
import dev.archsim.engine.model.DisasterRecovery;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Functions;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The one table of defaults ({@link Components#defaults()}: {@link Defaults} and the defaults each
 * component module's record declares) and its two readers that are not Java: the JSON Schema's
 * {@code default} keywords must state exactly the table (no entry missing on either side, every
 * value equal), and a scenario that leaves every defaulted field out must parse to the table's
 * values.
 */
class DefaultsTableTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Every {@code default} keyword of the schema, by the JSON pointer of the node carrying it. */
  static Map<String, JsonNode> schemaDefaults() throws Exception {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    collect(JSON.readTree(ScenarioCodec.schemaText()), "", out);
    return out;
  }

  private static void collect(JsonNode n, String pointer, Map<String, JsonNode> out) {
    if (n.isObject()) {
      if (n.has("default")) {
        out.put(pointer, n.get("default"));
      }
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        collect(
            f.getValue(), pointer + "/" + f.getKey().replace("~", "~0").replace("/", "~1"), out);
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        collect(n.get(i), pointer + "/" + i, out);
      }
    }
  }

  @Test
  void theSchemaStatesEveryDefaultOfTheTableAndNoOther() throws Exception {
    Map<String, JsonNode> schema = schemaDefaults();
    List<String> problems = new ArrayList<>();
    for (Defaults.Entry e : Components.defaults()) {
      JsonNode stated = schema.remove(e.schemaPointer());
      if (stated == null) {
        problems.add(
            e.schemaPointer() + ": the schema states no default (table: " + e.value() + ")");
      } else if (!same(e.value(), stated)) {
        problems.add(e.schemaPointer() + ": schema " + stated + ", table " + e.value());
      }
    }
    schema.forEach(
        (pointer, value) ->
            problems.add(pointer + ": the schema's default " + value + " is not in the table"));
    assertThat(problems).as("drift between Defaults and the schema").isEmpty();
  }

  /** Each entry is an optional field of the schema (a default of a required one is never used). */
  @Test
  void everyEntryOfTheTableNamesAnOptionalFieldOfTheSchema() throws Exception {
    JsonNode schema = JSON.readTree(ScenarioCodec.schemaText());
    for (Defaults.Entry e : Components.defaults()) {
      String pointer = e.schemaPointer();
      int at = pointer.lastIndexOf("/properties/");
      assertThat(at).as(pointer).isPositive();
      assertThat(schema.at(pointer).isObject()).as(pointer).isTrue();
      String field = pointer.substring(at + "/properties/".length());
      List<String> required = new ArrayList<>();
      schema.at(pointer.substring(0, at)).path("required").forEach(r -> required.add(r.asText()));
      assertThat(required).as(pointer + " is required").doesNotContain(field);
    }
  }

  /** A module lists the defaults of its own section only, and no default twice. */
  @Test
  void eachModuleListsTheDefaultsOfItsOwnSection() {
    Set<String> seen = new HashSet<>();
    for (Defaults.Entry e : Components.defaults()) {
      assertThat(seen.add(e.schemaPointer())).as(e.schemaPointer() + " listed twice").isTrue();
    }
    for (Component<?> c : Components.all()) {
      String own = "/$defs/architecture/properties/" + c.section() + "/";
      assertThat(c.defaults())
          .as(c.section())
          .allSatisfy(e -> assertThat(e.schemaPointer()).startsWith(own));
    }
  }

  private static boolean same(Object table, JsonNode schema) {
    return switch (table) {
      case Duration d -> schema.isTextual() && Duration.parse(schema.asText()).equals(d);
      case Boolean b -> schema.isBoolean() && schema.asBoolean() == b;
      case String s -> schema.isTextual() && schema.asText().equals(s);
      case Integer i -> schema.isIntegralNumber() && schema.asLong() == i;
      case Double d -> schema.isNumber() && schema.asDouble() == d;
      default -> false;
    };
  }

  /**
   * A scenario with every object that has defaults present and every defaulted field left out
   * parses to the table's values, so the codec reads the table and not a literal of its own.
   */
  @Test
  void aScenarioLeavingEveryDefaultOutParsesToTheTable() {
    String doc =
        """
        {"version": 1, "name": "defaults",
         "workload": {"pageViewsPerMonth": 2628000000,
                      "pattern": {"type": "daily", "peakFactor": 2},
                      "profile": {"cpuMsPerRequest": 10}},
         "faults": {"instance": {"mtbfHours": 1000, "recovery": {"type": "replace"}},
                    "scheduled": [{"type": "resize", "at": "PT1H", "toInstanceType": "m5.xlarge"}]},
         "stages": [{"name": "all",
           "architecture": {"region": "us-east-1", "azs": ["us-east-1a", "us-east-1b"],
             "entry": {"type": "alb"},
             "compute": {"instanceType": "m5.large",
               "autoScaling": {"min": 2, "max": 4, "desired": 2,
                 "policies": [{"type": "simple", "comparison": "above", "thresholdPercent": 70,
                               "adjustment": 1},
                              {"type": "step", "comparison": "above", "thresholdPercent": 80,
                               "steps": [{"lower": 0, "upper": 100, "adjustment": 1}]}],
                 "scheduled": [{"at": "PT8H", "desired": 3}]},
               "purchase": {"reserved": {"count": 1}, "spot": {"share": 0.5}}},
             "cdn": {"hitRatio": 0.5},
             "cache": {"hitRatio": 0.8},
             "database": {"engine": "rds", "instanceClass": "db.m5.large"},
             "queue": {"consumerRatePerSecond": 100},
             "dr": {"strategy": "pilot-light", "secondaryRegion": "us-west-2"}}}]}
        """;
    Scenario s = new ScenarioCodec().parseJson(doc).orThrow();
    RunSettings run = s.run();
    assertThat(run.horizon()).isEqualTo(Defaults.RUN_HORIZON);
    assertThat(run.step()).isEqualTo(Defaults.RUN_STEP);
    assertThat(run.trials()).isEqualTo(Defaults.RUN_TRIALS);
    assertThat(run.seed()).isEqualTo(Defaults.RUN_SEED);
    assertThat(run.initialState().id()).isEqualTo(Defaults.RUN_INITIAL_STATE);
    assertThat(run.mode().id()).isEqualTo(Defaults.RUN_MODE);
    assertThat(s.workload().requestsPerSecond())
        .isEqualTo(2_628_000_000.0 * Defaults.REQUESTS_PER_PAGE_VIEW / (730 * 3600.0));
    RequestProfile p = s.workload().profile();
    assertThat(
            List.of(
                p.bytesOut(),
                p.networkLatencyMs(),
                p.timeoutMs(),
                p.staticFraction(),
                p.dbReadsPerRequest(),
                p.dbWritesPerRequest(),
                p.sessionSeconds(),
                p.requestsPerSession()))
        .containsExactly(
            Defaults.BYTES_OUT,
            Defaults.NETWORK_LATENCY_MS,
            Defaults.TIMEOUT_MS,
            Defaults.STATIC_FRACTION,
            Defaults.DB_READS_PER_REQUEST,
            Defaults.DB_WRITES_PER_REQUEST,
            Defaults.SESSION_SECONDS,
            Defaults.REQUESTS_PER_SESSION);
    assertThat(s.workload().pattern().toString()).contains("peakHourUtc=14.0");
    Faults.Replacement r = (Faults.Replacement) s.faults().instance().recovery();
    assertThat(r.detectionSeconds()).isEqualTo(Defaults.REPLACEMENT_DETECTION_SECONDS);
    assertThat(r.bootSeconds()).isEqualTo(Defaults.REPLACEMENT_BOOT_SECONDS);
    assertThat(((Faults.Resize) s.faults().scheduled().get(0)).downtimeSeconds())
        .isEqualTo(Defaults.RESIZE_DOWNTIME_SECONDS);

    Stage stage = s.stage(0);
    Entry.LoadBalancer lb = (Entry.LoadBalancer) stage.architecture().entry();
    assertThat(lb.healthCheck())
        .isEqualTo(
            new Entry.HealthCheck(
                Entry.HEALTH_CHECK_INTERVAL_SECONDS,
                Entry.HEALTH_CHECK_TIMEOUT_SECONDS,
                Entry.HEALTH_CHECK_HEALTHY_THRESHOLD,
                Entry.HEALTH_CHECK_UNHEALTHY_THRESHOLD));
    assertThat(lb.crossZone()).isEqualTo(Entry.CROSS_ZONE);
    assertThat(lb.deregistrationDelaySeconds()).isEqualTo(Entry.DEREGISTRATION_DELAY_SECONDS);
    assertThat(lb.stickySessions()).isEqualTo(Entry.STICKY_SESSIONS);
    assertThat(lb.aliasRecord()).isEqualTo(Entry.ALIAS_RECORD);

    ComputeTier c = stage.architecture().compute();
    assertThat(c.name()).isEqualTo(ComputeTier.DEFAULT_NAME);
    assertThat(c.placement().values()).containsOnly(ComputeTier.DEFAULT_COUNT_PER_AZ);
    ComputeTier.AutoScaling g = c.autoScaling();
    assertThat(g.healthCheckType()).isEqualTo(ComputeTier.DEFAULT_HEALTH_CHECK_TYPE);
    assertThat(g.healthCheckGraceSeconds())
        .isEqualTo(ComputeTier.DEFAULT_HEALTH_CHECK_GRACE_SECONDS);
    assertThat(g.bootSeconds()).isEqualTo(ComputeTier.DEFAULT_BOOT_SECONDS);
    assertThat(g.warmupSeconds()).isEqualTo(ComputeTier.DEFAULT_WARMUP_SECONDS);
    assertThat(g.rebalance()).isEqualTo(ComputeTier.DEFAULT_REBALANCE);
    assertThat(g.policies().get(0))
        .isEqualTo(
            new ComputeTier.SimpleScaling(
                true,
                70,
                1,
                ComputeTier.DEFAULT_SIMPLE_PERIOD_SECONDS,
                ComputeTier.DEFAULT_SIMPLE_EVALUATION_PERIODS,
                ComputeTier.DEFAULT_SIMPLE_COOLDOWN_SECONDS));
    ComputeTier.StepScaling step = (ComputeTier.StepScaling) g.policies().get(1);
    assertThat(step.periodSeconds()).isEqualTo(ComputeTier.DEFAULT_STEP_PERIOD_SECONDS);
    assertThat(step.evaluationPeriods()).isEqualTo(ComputeTier.DEFAULT_STEP_EVALUATION_PERIODS);
    assertThat(g.scheduled().get(0).daily()).isEqualTo(ComputeTier.DEFAULT_SCHEDULED_DAILY);
    assertThat(c.purchase().reserved().term()).isEqualTo(ComputeTier.DEFAULT_RESERVED_TERM);
    assertThat(c.purchase().reserved().payment()).isEqualTo(ComputeTier.DEFAULT_RESERVED_PAYMENT);
    assertThat(c.purchase().spot().onDemandBase())
        .isEqualTo(ComputeTier.DEFAULT_SPOT_ON_DEMAND_BASE);

    assertThat(stage.architecture().cdn().edgeLatencyMs()).isEqualTo(Cdn.DEFAULT_EDGE_LATENCY_MS);
    assertThat(stage.architecture().cdn().s3Origin()).isEqualTo(Cdn.DEFAULT_S3_ORIGIN);
    var cache = stage.architecture().cache();
    assertThat(cache.engine()).isEqualTo(Cache.DEFAULT_ENGINE);
    assertThat(cache.nodeType()).isEqualTo(Cache.DEFAULT_NODE_TYPE);
    assertThat(cache.nodes()).isEqualTo(Cache.DEFAULT_NODES);
    assertThat(cache.replicated()).isEqualTo(Cache.DEFAULT_REPLICATED);
    assertThat(cache.warmupMinutes()).isEqualTo(Cache.DEFAULT_WARMUP_MINUTES);
    Database db = stage.architecture().database();
    assertThat(db.multiAz()).isEqualTo(Database.DEFAULT_MULTI_AZ);
    assertThat(db.readReplicas()).isEqualTo(Database.DEFAULT_READ_REPLICAS);
    assertThat(db.replicaLagSeconds()).isEqualTo(Database.DEFAULT_REPLICA_LAG_SECONDS);
    assertThat(db.proxy()).isEqualTo(Database.DEFAULT_PROXY);
    assertThat(db.queriesPerSecondPerVcpu())
        .isEqualTo(Database.DEFAULT_QUERIES_PER_SECOND_PER_VCPU);
    assertThat(db.queryMs()).isEqualTo(Database.DEFAULT_RDS_QUERY_MS);
    assertThat(db.global()).isEqualTo(Database.DEFAULT_GLOBAL);
    assertThat(db.storageGb()).isEqualTo(Database.DEFAULT_STORAGE_GB);
    var q = stage.architecture().queue();
    assertThat(q.share()).isEqualTo(AsyncQueue.DEFAULT_SHARE);
    assertThat(q.maxReceiveCount()).isEqualTo(AsyncQueue.DEFAULT_MAX_RECEIVE_COUNT);
    assertThat(q.poisonShare()).isEqualTo(AsyncQueue.DEFAULT_POISON_SHARE);
    assertThat(q.retentionHours()).isEqualTo(AsyncQueue.DEFAULT_RETENTION_HOURS);
    assertThat(q.fanoutSubscribers()).isEqualTo(AsyncQueue.DEFAULT_FANOUT_SUBSCRIBERS);
    assertThat(q.eventBridge()).isEqualTo(AsyncQueue.DEFAULT_FANOUT_VIA.equals("eventbridge"));
    assertThat(q.visibilityTimeoutSeconds())
        .isEqualTo(AsyncQueue.DEFAULT_VISIBILITY_TIMEOUT_SECONDS);
    assertThat(q.deadLetterQueue()).isEqualTo(AsyncQueue.DEFAULT_DEAD_LETTER_QUEUE);
    assertThat(q.messageKb()).isEqualTo(AsyncQueue.DEFAULT_MESSAGE_KB);
    DisasterRecovery dr = stage.architecture().dr();
    assertThat(dr.healthCheckIntervalSeconds())
        .isEqualTo(Defaults.DR_HEALTH_CHECK_INTERVAL_SECONDS);
    assertThat(dr.failureThreshold()).isEqualTo(Defaults.DR_FAILURE_THRESHOLD);
    assertThat(dr.ttlSeconds()).isEqualTo(Defaults.DR_TTL_SECONDS);
    assertThat(dr.globalAccelerator()).isEqualTo(Defaults.GLOBAL_ACCELERATOR);
    assertThat(dr.backupIntervalHours()).isEqualTo(Defaults.BACKUP_INTERVAL_HOURS);
    assertThat(dr.replicationLagSeconds()).isEqualTo(Defaults.REPLICATION_LAG_SECONDS);
    assertThat(dr.bootSeconds()).isEqualTo(Defaults.DR_BOOT_SECONDS);
    assertThat(dr.dataGb()).isEqualTo(Defaults.DR_DATA_GB);
    assertThat(s.pricing().discountPercent()).isEqualTo(Defaults.DISCOUNT_PERCENT);
  }

  /** The entries the other test does not reach: Route 53, API Gateway and Lambda. */
  @Test
  void route53ApiGatewayAndFunctionsLeftOutParseToTheTable() {
    String route53 =
        """
        {"version": 1, "name": "dns",
         "workload": {"requestsPerSecond": 5, "profile": {"cpuMsPerRequest": 10}},
         "faults": {"scheduled": [{"type": "dns-removal", "at": "PT2H"}]},
         "stages": [{"name": "one", "architecture": {"region": "us-east-1", "azs": ["us-east-1a"],
           "entry": {"type": "route53", "ttlSeconds": 60},
           "compute": {"instanceType": "m5.large"}}}]}
        """;
    Scenario plain = new ScenarioCodec().parseJson(route53).orThrow();
    assertThat(((Entry.Route53) plain.stage(0).architecture().entry()).routing().id())
        .isEqualTo(Entry.DNS_ROUTING);
    assertThat(((Faults.DnsRemoval) plain.faults().scheduled().get(0)).terminate())
        .isEqualTo(Defaults.DNS_REMOVAL_TERMINATES);
    Entry.Route53 checked =
        (Entry.Route53)
            new ScenarioCodec()
                .parseJson(
                    route53.replace(
                        "\"ttlSeconds\": 60}",
                        "\"ttlSeconds\": 60, \"routing\": \"multivalue\", \"healthCheck\": {}}"))
                .orThrow()
                .stage(0)
                .architecture()
                .entry();
    assertThat(checked.healthCheck().intervalSeconds())
        .isEqualTo(Entry.DNS_HEALTH_CHECK_INTERVAL_SECONDS);
    assertThat(checked.healthCheck().failureThreshold())
        .isEqualTo(Entry.DNS_HEALTH_CHECK_FAILURE_THRESHOLD);

    String lambda =
        """
        {"version": 1, "name": "fn",
         "workload": {"requestsPerSecond": 5, "profile": {"cpuMsPerRequest": 10}},
         "stages": [{"name": "one", "architecture": {"region": "us-east-1", "azs": ["us-east-1a"],
           "entry": {"type": "api-gateway"}, "functions": {}}}]}
        """;
    var arch = new ScenarioCodec().parseJson(lambda).orThrow().stage(0).architecture();
    Entry.ApiGateway api = (Entry.ApiGateway) arch.entry();
    assertThat(api.rest()).isEqualTo(Entry.API.equals("rest"));
    assertThat(api.throttleRps()).isEqualTo(Entry.API_THROTTLE_RPS);
    assertThat(api.timeoutSeconds()).isEqualTo(Entry.HTTP_API_TIMEOUT_SECONDS);
    var f = arch.functions();
    assertThat(f.name()).isEqualTo(Functions.DEFAULT_NAME);
    assertThat(f.memoryMb()).isEqualTo(Functions.DEFAULT_MEMORY_MB);
    assertThat(f.accountConcurrency()).isEqualTo(Functions.DEFAULT_ACCOUNT_CONCURRENCY);
    assertThat(f.provisionedConcurrency()).isEqualTo(Functions.DEFAULT_PROVISIONED_CONCURRENCY);
    assertThat(f.coldStartMs()).isEqualTo(Functions.DEFAULT_COLD_START_MS);
    assertThat(f.snapStart()).isEqualTo(Functions.DEFAULT_SNAP_START);
    assertThat(f.environmentLifetimeMinutes())
        .isEqualTo(Functions.DEFAULT_ENVIRONMENT_LIFETIME_MINUTES);
    assertThat(f.arm64()).isEqualTo(Functions.DEFAULT_ARM64);
  }
}
