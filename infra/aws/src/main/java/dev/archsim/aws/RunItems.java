package dev.archsim.aws;

import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.scenario.ScenarioOverrides;
import dev.archsim.engine.model.RunSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The DynamoDB item layout of runs, written once: the run store ({@link DynamoDbRunStore}) writes
 * and reads these items, and the notifier reads the run item from the table's stream with the same
 * mapping. All items of a run share the partition key {@code pk} = "RUN#id"; the sort key {@code
 * sk} is "RUN" for the run, "SCENARIO" for its scenario (gzip), "SHARD#000042" for each shard
 * result and "RESULT#000" onwards for the final result's parts (gzip). {@code ttl} (epoch seconds)
 * lets DynamoDB expire them. A run still QUEUED, RUNNING or AGGREGATING carries {@code openState}
 * and {@code createdMillis}, the keys of the sparse index {@link #OPEN_RUNS_INDEX}.
 *
 * <p>The template's stream filter for the notifier names {@link #SK} = {@link #RUN_SK} and {@link
 * #STATUS} too (TemplateTest checks the names agree).
 */
public final class RunItems {
  private RunItems() {}

  // ------------------------------------------------------------------ keys

  public static final String PK = "pk";
  public static final String SK = "sk";
  public static final String TTL = "ttl";

  /** The sort key of the run item. */
  public static final String RUN_SK = "RUN";

  /** The sort key of the run's scenario item. */
  public static final String SCENARIO_SK = "SCENARIO";

  /** The sort keys of shard results begin with this. */
  public static final String SHARD_SK = "SHARD#";

  /** The sort keys of the result's parts begin with this. */
  public static final String RESULT_SK = "RESULT#";

  /**
   * The sparse index of the runs still open: hash {@link #OPEN_STATE}, range {@link
   * #CREATED_MILLIS}.
   */
  public static final String OPEN_RUNS_INDEX = "OpenRuns";

  // ------------------------------------------------------------------ attributes of the run item

  public static final String RUN_ID = "runId";
  public static final String OWNER = "owner";
  public static final String STATUS = "status";
  public static final String TOTAL_SHARDS = "totalShards";
  public static final String COMPLETED_SHARDS = "completedShards";

  /** total − 1, so a single shard's count is bounded without reading the run. */
  public static final String COUNT_BEFORE_LAST = "countBeforeLast";

  public static final String CREATED_AT = "createdAt";
  public static final String UPDATED_AT = "updatedAt";
  public static final String RESULT = "result";
  public static final String FAILURE_REASON = "failureReason";
  public static final String CLAIM_TOKEN = "claimToken";
  public static final String CLAIM_EXPIRES_AT = "claimExpiresAt";
  public static final String IDEMPOTENCY_KEY = "idempotencyKey";
  public static final String REQUEST_HASH = "requestHash";
  public static final String DEAD_SHARDS = "deadShards";
  public static final String MARKS = "marks";

  /**
   * What the caller changed in the scenario document (a map of {@link #TRIALS}, {@link #SEED},
   * {@link #HORIZON}, {@link #MODE} and {@link #STAGES}, each only when set); absent when nothing
   * was, and on runs stored before it was kept.
   */
  public static final String OVERRIDES = "overrides";

  /** In {@link #OVERRIDES}: trials per stage (N). */
  public static final String TRIALS = "trials";

  /** In {@link #OVERRIDES}: the seed (N). */
  public static final String SEED = "seed";

  /** In {@link #OVERRIDES}: the horizon, ISO-8601 (S). */
  public static final String HORIZON = "horizon";

  /** In {@link #OVERRIDES}: fluid or requests (S). */
  public static final String MODE = "mode";

  /** In {@link #OVERRIDES}: the places in the file of the stages kept, 0 for the first (NS). */
  public static final String STAGES = "stages";

  /** How many result parts the run has (set with COMPLETED). */
  public static final String RESULT_PARTS = "resultParts";

  public static final String OPEN_STATE = "openState";
  public static final String CREATED_MILLIS = "createdMillis";

  /** The value of {@link #OPEN_STATE} on an open run. */
  public static final String OPEN = "OPEN";

  // ------------------------------------------------------------------ other items' attributes

  /** The scenario item's gzip-compressed scenario. */
  public static final String SCENARIO = "scenario";

  /** A shard item's index (its result is {@link #RESULT}). */
  public static final String SHARD_INDEX = "shardIndex";

  /** A result part item's bytes. */
  public static final String PART = "part";

  // ------------------------------------------------------------------ keys of a run's items

  /** The partition key of every item of the run. */
  public static AttributeValue partition(String runId) {
    return s("RUN#" + runId);
  }

  /** The key of the run item. */
  public static Map<String, AttributeValue> runKey(String runId) {
    return Map.of(PK, partition(runId), SK, s(RUN_SK));
  }

  public static String shardSortKey(int shardIndex) {
    return String.format(Locale.ROOT, SHARD_SK + "%06d", shardIndex);
  }

  public static String resultSortKey(int part) {
    return String.format(Locale.ROOT, RESULT_SK + "%03d", part);
  }

  /** Whether a stream image's (or any item's) sort key is the run item's. */
  public static boolean isRunItem(String sortKey) {
    return RUN_SK.equals(sortKey);
  }

  /** The status an item's {@link #STATUS} attribute names (null when it has none). */
  public static RunStatus status(String value) {
    return value == null ? null : RunStatus.valueOf(value);
  }

  // ------------------------------------------------------------------ the run item

  /** The run item of a new run (its scenario is a separate item). */
  public static Map<String, AttributeValue> toItem(RunRecord r) {
    Map<String, AttributeValue> item = new HashMap<>(runKey(r.runId()));
    item.put(RUN_ID, s(r.runId()));
    item.put(OWNER, s(r.owner()));
    item.put(STATUS, s(r.status().name()));
    item.put(TOTAL_SHARDS, n(r.totalShards()));
    item.put(COMPLETED_SHARDS, n(r.completedShards()));
    item.put(COUNT_BEFORE_LAST, n(r.totalShards() - 1));
    putIfPresent(item, CREATED_AT, r.createdAt() == null ? null : r.createdAt().toString());
    if (r.open()) {
      // the keys of the open-runs index, which the reconciler reads
      item.put(OPEN_STATE, s(OPEN));
      item.put(CREATED_MILLIS, n(r.createdAt() == null ? 0 : r.createdAt().toEpochMilli()));
    }
    putIfPresent(item, UPDATED_AT, r.updatedAt() == null ? null : r.updatedAt().toString());
    if (r.expiresAt() != null) {
      item.put(TTL, n(r.expiresAt().getEpochSecond()));
    }
    putIfPresent(item, RESULT, r.resultJson());
    putIfPresent(item, FAILURE_REASON, r.failureReason());
    putIfPresent(item, CLAIM_TOKEN, r.claimToken());
    if (r.claimExpiresAt() != null) {
      item.put(CLAIM_EXPIRES_AT, n(r.claimExpiresAt().toEpochMilli()));
    }
    putIfPresent(item, IDEMPOTENCY_KEY, r.idempotencyKey());
    putIfPresent(item, REQUEST_HASH, r.requestHash());
    if (!r.deadShards().isEmpty()) {
      item.put(
          DEAD_SHARDS,
          AttributeValue.builder()
              .ns(r.deadShards().stream().map(String::valueOf).toList())
              .build());
    }
    if (!r.overrides().isNone()) {
      item.put(OVERRIDES, overrides(r.overrides()));
    }
    return item;
  }

  /** The overrides as the {@link #OVERRIDES} map. */
  static AttributeValue overrides(ScenarioOverrides o) {
    Map<String, AttributeValue> m = new HashMap<>();
    if (o.trials() != null) {
      m.put(TRIALS, n(o.trials()));
    }
    if (o.seed() != null) {
      m.put(SEED, n(o.seed()));
    }
    if (o.horizon() != null) {
      m.put(HORIZON, s(o.horizon().toString()));
    }
    if (o.mode() != null) {
      m.put(MODE, s(o.mode().id()));
    }
    if (!o.stages().isEmpty()) {
      m.put(
          STAGES,
          AttributeValue.builder().ns(o.stages().stream().map(String::valueOf).toList()).build());
    }
    return AttributeValue.fromM(m);
  }

  /** The {@link #OVERRIDES} of a run item: none when it has no such attribute (an older run). */
  static ScenarioOverrides overrides(Map<String, AttributeValue> item) {
    AttributeValue v = item.get(OVERRIDES);
    if (v == null || !v.hasM()) {
      return ScenarioOverrides.NONE;
    }
    Map<String, AttributeValue> m = v.m();
    return new ScenarioOverrides(
        m.containsKey(TRIALS) ? Integer.valueOf(m.get(TRIALS).n()) : null,
        m.containsKey(SEED) ? Long.valueOf(m.get(SEED).n()) : null,
        m.containsKey(HORIZON) ? Duration.parse(m.get(HORIZON).s()) : null,
        m.containsKey(MODE) ? RunSettings.Mode.fromId(m.get(MODE).s()) : null,
        m.containsKey(STAGES) ? m.get(STAGES).ns().stream().map(Integer::valueOf).toList() : null);
  }

  /** A run item (from the table or a stream image) as a record, without its scenario. */
  public static RunRecord toRecord(Map<String, AttributeValue> i) {
    return toRecord(i, null);
  }

  /** A run item as a record with its scenario (read from the scenario item). */
  public static RunRecord toRecord(Map<String, AttributeValue> i, String scenario) {
    return new RunRecord(
        i.get(RUN_ID).s(),
        i.get(OWNER).s(),
        RunStatus.valueOf(i.get(STATUS).s()),
        Integer.parseInt(i.get(TOTAL_SHARDS).n()),
        Integer.parseInt(i.get(COMPLETED_SHARDS).n()),
        instant(i, CREATED_AT),
        instant(i, UPDATED_AT),
        i.containsKey(TTL) ? Instant.ofEpochSecond(Long.parseLong(i.get(TTL).n())) : null,
        scenario,
        str(i, RESULT),
        str(i, FAILURE_REASON),
        str(i, CLAIM_TOKEN),
        i.containsKey(CLAIM_EXPIRES_AT)
            ? Instant.ofEpochMilli(Long.parseLong(i.get(CLAIM_EXPIRES_AT).n()))
            : null,
        str(i, IDEMPOTENCY_KEY),
        i.containsKey(DEAD_SHARDS)
            ? i.get(DEAD_SHARDS).ns().stream()
                .map(Integer::valueOf)
                .collect(Collectors.toCollection(TreeSet::new))
            : null,
        str(i, REQUEST_HASH),
        overrides(i));
  }

  private static Instant instant(Map<String, AttributeValue> i, String k) {
    return i.containsKey(k) ? Instant.parse(i.get(k).s()) : null;
  }

  private static String str(Map<String, AttributeValue> i, String k) {
    return i.containsKey(k) ? i.get(k).s() : null;
  }

  private static void putIfPresent(Map<String, AttributeValue> item, String k, String v) {
    if (v != null) {
      item.put(k, s(v));
    }
  }

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }
}
