package dev.archsim.aws;

import dev.archsim.core.run.RunAlreadyExistsException;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.RunStore;
import dev.archsim.core.run.ScenarioTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The run store on one DynamoDB table: partition key {@code pk} = "RUN#id", sort key {@code sk} =
 * "RUN" for the run, "SCENARIO" for its scenario (gzip) and "SHARD#000042" for each shard result.
 * Every write is conditional; a shard result and the run's completed count are written in one
 * transaction. {@code ttl} (epoch seconds) lets DynamoDB expire runs and their shards.
 */
public final class DynamoDbRunStore implements RunStore {
  public static final String PK = "pk";
  public static final String SK = "sk";
  public static final String TTL = "ttl";
  private static final String RUN_SK = "RUN";
  private static final String SCENARIO_SK = "SCENARIO";
  private static final String SCENARIO = "scenario";

  /**
   * The largest compressed scenario a run holds: DynamoDB's 400 KB item limit, less room for the
   * scenario item's keys and TTL.
   */
  public static final int MAX_SCENARIO_BYTES = 390 * 1024;

  private static final String COUNT_BEFORE_LAST = "countBeforeLast";
  private static final String MARKS = "marks";
  private static final String DEAD_SHARDS = "deadShards";
  private static final String REQUEST_HASH = "requestHash";

  /** The run takes shards: QUEUED, or FAILED by dead-lettered shards only (redrivable). */
  private static final String TAKES_SHARDS =
      "(#s = :queued OR (#s = :failed AND attribute_exists(" + DEAD_SHARDS + ")))";

  private static final int TRANSACTION_ATTEMPTS = 8;

  private final DynamoDbClient dynamo;
  private final String table;
  private final Duration shardRetention;

  public DynamoDbRunStore(DynamoDbClient dynamo, String table, Duration shardRetention) {
    this.dynamo = dynamo;
    this.table = table;
    this.shardRetention = shardRetention;
  }

  private static Map<String, AttributeValue> runKey(String runId) {
    return Map.of(PK, s("RUN#" + runId), SK, s(RUN_SK));
  }

  /**
   * The run item and, beside it, its scenario item (gzip-compressed JSON), written together: the
   * run item stays small, so every conditional update of it (one per batch of shards) is billed for
   * well under a kilobyte, and a scenario up to the API's body limit fits DynamoDB's 400 KB items
   * once compressed.
   */
  @Override
  public void create(RunRecord run) {
    byte[] scenario = gzip(run.scenarioJson() == null ? "" : run.scenarioJson());
    if (scenario.length > MAX_SCENARIO_BYTES) {
      throw new ScenarioTooLargeException(
          "the scenario takes "
              + scenario.length
              + " bytes compressed; a run holds at most "
              + MAX_SCENARIO_BYTES);
    }
    Map<String, AttributeValue> scenarioItem = new HashMap<>();
    scenarioItem.put(PK, s("RUN#" + run.runId()));
    scenarioItem.put(SK, s(SCENARIO_SK));
    scenarioItem.put(SCENARIO, AttributeValue.fromB(SdkBytes.fromByteArray(scenario)));
    if (run.expiresAt() != null) {
      scenarioItem.put(TTL, n(run.expiresAt().getEpochSecond()));
    }
    TransactWriteItem runPut =
        TransactWriteItem.builder()
            .put(
                Put.builder()
                    .tableName(table)
                    .item(toItem(run))
                    .conditionExpression("attribute_not_exists(" + PK + ")")
                    .build())
            .build();
    TransactWriteItem scenarioPut =
        TransactWriteItem.builder()
            .put(Put.builder().tableName(table).item(scenarioItem).build())
            .build();
    for (int attempt = 1; ; attempt++) {
      try {
        dynamo.transactWriteItems(b -> b.transactItems(runPut, scenarioPut));
        return;
      } catch (TransactionCanceledException e) {
        List<CancellationReason> reasons = e.cancellationReasons();
        if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
          throw new RunAlreadyExistsException(run.runId());
        }
        // the same run created concurrently (a retried POST with its idempotency key): the next
        // attempt finds it created
        backoffOnConflict(e, attempt);
      }
    }
  }

  /** One query for the run item and its scenario item (sort keys "RUN" to "SCENARIO"). */
  @Override
  public Optional<RunRecord> find(String runId) {
    List<Map<String, AttributeValue>> items =
        dynamo
            .query(
                QueryRequest.builder()
                    .tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression(PK + " = :pk AND " + SK + " BETWEEN :run AND :scenario")
                    .expressionAttributeValues(
                        Map.of(
                            ":pk",
                            s("RUN#" + runId),
                            ":run",
                            s(RUN_SK),
                            ":scenario",
                            s(SCENARIO_SK)))
                    .build())
            .items();
    Map<String, AttributeValue> run = null;
    String scenario = null;
    for (Map<String, AttributeValue> item : items) {
      if (RUN_SK.equals(item.get(SK).s())) {
        run = item;
      } else if (SCENARIO_SK.equals(item.get(SK).s())) {
        scenario = gunzip(item.get(SCENARIO).b().asByteArray());
      }
    }
    return run == null ? Optional.empty() : Optional.of(toRecord(run, scenario));
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String gunzip(byte[] bytes) {
    try (GZIPInputStream zip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return new String(zip.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("a stored scenario is not gzip", e);
    }
  }

  /**
   * The shard's put and its count in one transaction ({@link #record}), the count bounded by the
   * run's stored {@code countBeforeLast} (total − 1), which the transaction compares without the
   * run being read.
   */
  @Override
  public Recorded recordShard(String runId, int shardIndex, String resultJson, Instant now) {
    return record(runId, List.of(new ShardResult(shardIndex, resultJson)), null, now)
        .get(shardIndex);
  }

  /** The shard's result, written only if the shard has none yet. */
  private TransactWriteItem putShard(String runId, int shardIndex, String resultJson, Instant now) {
    Map<String, AttributeValue> shard = new HashMap<>();
    shard.put(PK, s("RUN#" + runId));
    shard.put(SK, s(String.format(java.util.Locale.ROOT, "SHARD#%06d", shardIndex)));
    shard.put("shardIndex", n(shardIndex));
    shard.put("result", s(resultJson));
    shard.put(TTL, n(now.plus(shardRetention).getEpochSecond()));
    return TransactWriteItem.builder()
        .put(
            Put.builder()
                .tableName(table)
                .item(shard)
                .conditionExpression("attribute_not_exists(" + PK + ")")
                .build())
        .build();
  }

  /** The batch in one transaction ({@link #record}), the count bounded by total − n. */
  @Override
  public Map<Integer, Recorded> recordShards(
      String runId, int totalShards, List<ShardResult> shards, Instant now) {
    return record(runId, shards, totalShards, now);
  }

  /**
   * One transaction: every shard's put, conditioned on the shard having no result yet, and one
   * count of them all, conditioned on the run taking shards and on the count staying below the
   * total once they are added, so that success tells none of them is the run's last without reading
   * the run. Shards found recorded already are DUPLICATE and the rest is tried again; when only the
   * bound fails, the same transaction without it records the run's last shards (the last of them is
   * RECORDED_LAST), or tells a closed run (CLOSED). Conflicts are retried with backoff.
   *
   * @param totalShards the run's total, or null to bound a single shard by the stored {@code
   *     countBeforeLast}
   */
  private Map<Integer, Recorded> record(
      String runId, List<ShardResult> shards, Integer totalShards, Instant now) {
    Map<Integer, Recorded> out = new java.util.LinkedHashMap<>();
    List<ShardResult> pending = new ArrayList<>(shards);
    boolean bounded = true;
    for (int attempt = 1; !pending.isEmpty(); ) {
      List<TransactWriteItem> items = new ArrayList<>();
      for (ShardResult r : pending) {
        items.add(putShard(runId, r.shardIndex(), r.resultJson(), now));
      }
      items.add(count(runId, pending.size(), bounded, totalShards, now));
      try {
        dynamo.transactWriteItems(b -> b.transactItems(items));
        for (int i = 0; i < pending.size(); i++) {
          boolean last = !bounded && i == pending.size() - 1;
          out.put(pending.get(i).shardIndex(), last ? Recorded.RECORDED_LAST : Recorded.RECORDED);
        }
        return out;
      } catch (TransactionCanceledException e) {
        List<CancellationReason> reasons = e.cancellationReasons();
        List<ShardResult> duplicates = new ArrayList<>();
        for (int i = 0; i < pending.size() && i < reasons.size(); i++) {
          if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
            duplicates.add(pending.get(i));
          }
        }
        if (!duplicates.isEmpty()) {
          duplicates.forEach(d -> out.put(d.shardIndex(), Recorded.DUPLICATE));
          pending.removeAll(duplicates);
          continue;
        }
        if (reasons.size() > pending.size()
            && "ConditionalCheckFailed".equals(reasons.get(pending.size()).code())) {
          if (bounded) {
            bounded = false; // the last shards of the run, or a closed run: the next try tells
            continue;
          }
          pending.forEach(r -> out.put(r.shardIndex(), Recorded.CLOSED));
          return out;
        }
        backoffOnConflict(e, attempt++);
      }
    }
    return out;
  }

  /**
   * Adds {@code count} to the run's completed shards if it takes shards and, when {@code bounded},
   * if the count stays below the total afterwards: below total − count, or below the stored {@code
   * countBeforeLast} when the total is not given (one shard).
   */
  private TransactWriteItem count(
      String runId, int count, boolean bounded, Integer totalShards, Instant now) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":k", n(count));
    values.put(":now", s(now.toString()));
    values.put(":queued", s(RunStatus.QUEUED.name()));
    values.put(":failed", s(RunStatus.FAILED.name()));
    String bound = "";
    if (bounded && totalShards == null) {
      bound = " AND completedShards < " + COUNT_BEFORE_LAST;
    } else if (bounded) {
      values.put(":bound", n(totalShards - count));
      bound = " AND completedShards < :bound";
    }
    return TransactWriteItem.builder()
        .update(
            Update.builder()
                .tableName(table)
                .key(runKey(runId))
                .updateExpression("SET completedShards = completedShards + :k, updatedAt = :now")
                .conditionExpression(TAKES_SHARDS + bound)
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(values)
                .build())
        .build();
  }

  /**
   * Waits before the next attempt of a transaction cancelled by a conflict with another one;
   * rethrows when it was cancelled for another reason or the attempts are used up.
   */
  private static void backoffOnConflict(TransactionCanceledException e, int attempt) {
    boolean conflict =
        e.cancellationReasons().stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
    if (!conflict || attempt >= TRANSACTION_ATTEMPTS) {
      throw e;
    }
    try {
      Thread.sleep((long) (10 * Math.pow(2, attempt) * (0.5 + Math.random())));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while retrying a DynamoDB transaction", ie);
    }
  }

  @Override
  public List<String> shardResults(String runId) {
    List<String> out = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse page =
          dynamo.query(
              QueryRequest.builder()
                  .tableName(table)
                  .consistentRead(true)
                  .keyConditionExpression(PK + " = :pk AND begins_with(" + SK + ", :shard)")
                  .expressionAttributeValues(
                      Map.of(":pk", s("RUN#" + runId), ":shard", s("SHARD#")))
                  .exclusiveStartKey(from)
                  .build());
      page.items().forEach(i -> out.add(i.get("result").s()));
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null);
    return out;
  }

  @Override
  public boolean tryClaimAggregation(
      String runId, String claimToken, Instant now, Instant leaseUntil) {
    return updateIf(
        runId,
        "SET #s = :agg, claimToken = :t, claimExpiresAt = :lease, updatedAt = :now"
            + " REMOVE failureReason",
        "completedShards = totalShards AND ("
            + TAKES_SHARDS
            + " OR (#s = :agg AND claimExpiresAt < :nowMillis))",
        Map.of(
            ":agg", s(RunStatus.AGGREGATING.name()),
            ":queued", s(RunStatus.QUEUED.name()),
            ":failed", s(RunStatus.FAILED.name()),
            ":t", s(claimToken),
            ":lease", n(leaseUntil.toEpochMilli()),
            ":now", s(now.toString()),
            ":nowMillis", n(now.toEpochMilli())));
  }

  @Override
  public boolean complete(String runId, String claimToken, String resultJson, Instant now) {
    return updateIf(
        runId,
        "SET #s = :done, #r = :r, updatedAt = :now",
        "#s = :agg AND claimToken = :t",
        Map.of(
            ":done", s(RunStatus.COMPLETED.name()),
            ":agg", s(RunStatus.AGGREGATING.name()),
            ":t", s(claimToken),
            ":r", s(resultJson),
            ":now", s(now.toString())));
  }

  @Override
  public boolean fail(String runId, String reason, Instant now) {
    return updateIf(
        runId,
        "SET #s = :failed, failureReason = :why, updatedAt = :now",
        "attribute_exists(" + PK + ") AND (#s = :queued OR #s = :agg)",
        Map.of(
            ":failed", s(RunStatus.FAILED.name()),
            ":queued", s(RunStatus.QUEUED.name()),
            ":agg", s(RunStatus.AGGREGATING.name()),
            ":why", s(reason),
            ":now", s(now.toString())));
  }

  @Override
  public boolean failShard(String runId, int shardIndex, String reason, Instant now) {
    return updateIf(
        runId,
        "SET #s = :failed, failureReason = :why, updatedAt = :now ADD " + DEAD_SHARDS + " :dead",
        "attribute_exists(" + PK + ") AND (#s = :agg OR " + TAKES_SHARDS + ")",
        Map.of(
            ":failed", s(RunStatus.FAILED.name()),
            ":queued", s(RunStatus.QUEUED.name()),
            ":agg", s(RunStatus.AGGREGATING.name()),
            ":why", s(reason),
            ":now", s(now.toString()),
            ":dead", AttributeValue.builder().ns(Integer.toString(shardIndex)).build()));
  }

  @Override
  public Set<String> marks(String runId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b ->
                    b.tableName(table)
                        .key(runKey(runId))
                        .consistentRead(true)
                        .projectionExpression(MARKS))
            .item();
    AttributeValue marks = item == null ? null : item.get(MARKS);
    return marks == null ? Set.of() : Set.copyOf(marks.ss());
  }

  @Override
  public void mark(String runId, String mark) {
    try {
      dynamo.updateItem(
          b ->
              b.tableName(table)
                  .key(runKey(runId))
                  .updateExpression("ADD " + MARKS + " :t")
                  .conditionExpression("attribute_exists(" + PK + ")")
                  .expressionAttributeValues(
                      Map.of(":t", AttributeValue.builder().ss(mark).build())));
    } catch (ConditionalCheckFailedException e) {
      // the run expired or was deleted: nothing left to remember
    }
  }

  /** Applies an update to the run item if the condition holds; false when it does not. */
  private boolean updateIf(
      String runId, String update, String condition, Map<String, AttributeValue> values) {
    try {
      dynamo.updateItem(
          b ->
              b.tableName(table)
                  .key(runKey(runId))
                  .updateExpression(update)
                  .conditionExpression(condition)
                  .expressionAttributeNames(
                      update.contains("#r")
                          ? Map.of("#s", "status", "#r", "result")
                          : Map.of("#s", "status"))
                  .expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------ item mapping

  static Map<String, AttributeValue> toItem(RunRecord r) {
    Map<String, AttributeValue> item = new HashMap<>(runKey(r.runId()));
    item.put("runId", s(r.runId()));
    item.put("owner", s(r.owner()));
    item.put("status", s(r.status().name()));
    item.put("totalShards", n(r.totalShards()));
    item.put("completedShards", n(r.completedShards()));
    item.put(COUNT_BEFORE_LAST, n(r.totalShards() - 1));
    putIfPresent(item, "createdAt", r.createdAt() == null ? null : r.createdAt().toString());
    putIfPresent(item, "updatedAt", r.updatedAt() == null ? null : r.updatedAt().toString());
    if (r.expiresAt() != null) {
      item.put(TTL, n(r.expiresAt().getEpochSecond()));
    }
    putIfPresent(item, "result", r.resultJson());
    putIfPresent(item, "failureReason", r.failureReason());
    putIfPresent(item, "claimToken", r.claimToken());
    if (r.claimExpiresAt() != null) {
      item.put("claimExpiresAt", n(r.claimExpiresAt().toEpochMilli()));
    }
    putIfPresent(item, "idempotencyKey", r.idempotencyKey());
    putIfPresent(item, REQUEST_HASH, r.requestHash());
    if (!r.deadShards().isEmpty()) {
      item.put(
          DEAD_SHARDS,
          AttributeValue.builder()
              .ns(r.deadShards().stream().map(String::valueOf).toList())
              .build());
    }
    return item;
  }

  /** Maps a run item (from a stream image) to a record, without its scenario (a separate item). */
  public static RunRecord toRecord(Map<String, AttributeValue> i) {
    return toRecord(i, null);
  }

  private static RunRecord toRecord(Map<String, AttributeValue> i, String scenario) {
    return new RunRecord(
        i.get("runId").s(),
        i.get("owner").s(),
        RunStatus.valueOf(i.get("status").s()),
        Integer.parseInt(i.get("totalShards").n()),
        Integer.parseInt(i.get("completedShards").n()),
        instant(i, "createdAt"),
        instant(i, "updatedAt"),
        i.containsKey(TTL) ? Instant.ofEpochSecond(Long.parseLong(i.get(TTL).n())) : null,
        scenario,
        str(i, "result"),
        str(i, "failureReason"),
        str(i, "claimToken"),
        i.containsKey("claimExpiresAt")
            ? Instant.ofEpochMilli(Long.parseLong(i.get("claimExpiresAt").n()))
            : null,
        str(i, "idempotencyKey"),
        i.containsKey(DEAD_SHARDS)
            ? i.get(DEAD_SHARDS).ns().stream()
                .map(Integer::valueOf)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new))
            : null,
        str(i, REQUEST_HASH));
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

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }
}
