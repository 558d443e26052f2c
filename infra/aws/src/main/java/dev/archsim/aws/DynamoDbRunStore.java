package dev.archsim.aws;

import static dev.archsim.aws.RunItems.*;

import dev.archsim.core.run.Gzip;
import dev.archsim.core.run.ResultTooLargeException;
import dev.archsim.core.run.RunAlreadyExistsException;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.RunStore;
import dev.archsim.core.run.RunTransition;
import dev.archsim.core.run.ScenarioTooLargeException;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The run store on one DynamoDB table, in the item layout of {@link RunItems}: the run item, its
 * scenario item, one item per shard result and the final result in parts of at most {@link
 * #RESULT_PART_BYTES} below DynamoDB's 400 KB item limit. Every write is conditional, each status
 * change's condition built from {@link RunTransition}'s table; a shard result and the run's
 * completed count are written in one transaction, and so are the result's parts and COMPLETED. The
 * reconciler reads the open runs from the sparse index {@link RunItems#OPEN_RUNS_INDEX} ({@link
 * #openRuns}).
 */
public final class DynamoDbRunStore implements RunStore {

  /**
   * The largest compressed scenario a run holds: DynamoDB's 400 KB item limit, less room for the
   * scenario item's keys and TTL.
   */
  public static final int MAX_SCENARIO_BYTES = 390 * 1024;

  /**
   * The largest part of a result in one item: below DynamoDB's 400 KB item limit, keys included.
   */
  public static final int RESULT_PART_BYTES = 350 * 1024;

  /**
   * The largest compressed result a run holds: ten parts, written with COMPLETED in one transaction
   * (DynamoDB's transactions take at most 4 MB).
   */
  public static final int MAX_RESULT_BYTES = 10 * RESULT_PART_BYTES;

  /** The update that records why a run failed or was cancelled. */
  private static final String SET_REASON = "SET " + FAILURE_REASON + " = :why";

  private final DynamoDbClient dynamo;
  private final DynamoDbTable table;
  private final Duration shardRetention;
  private final int maxResultBytes;

  public DynamoDbRunStore(DynamoDbClient dynamo, String table, Duration shardRetention) {
    this(dynamo, table, shardRetention, MAX_RESULT_BYTES);
  }

  /**
   * @param maxResultBytes the largest compressed result to store (at most {@link
   *     #MAX_RESULT_BYTES}); a larger one fails its run for good
   */
  public DynamoDbRunStore(
      DynamoDbClient dynamo, String table, Duration shardRetention, int maxResultBytes) {
    this.dynamo = dynamo;
    this.table = new DynamoDbTable(dynamo, table);
    this.shardRetention = shardRetention;
    this.maxResultBytes = Math.min(maxResultBytes, MAX_RESULT_BYTES);
  }

  /**
   * The condition of {@code change}, from {@link RunTransition}'s table: the run's status is one of
   * the change's {@code from} statuses or, when the change applies to it, the run is FAILED by
   * dead-lettered shards. Adds the status values it names to {@code values}.
   */
  static String allowed(RunTransition change, Map<String, AttributeValue> values) {
    String from = statusIn(change.from(), values);
    if (!change.fromRedrivable()) {
      return from;
    }
    return "(" + from + " OR " + redrivable(values) + ")";
  }

  /** The status is one of {@code statuses}. */
  private static String statusIn(Set<RunStatus> statuses, Map<String, AttributeValue> values) {
    List<String> names = new ArrayList<>();
    for (RunStatus st : statuses) {
      values.put(status(st), s(st.name()));
      names.add(status(st));
    }
    return "#s IN (" + String.join(", ", names) + ")";
  }

  /** The run is FAILED by dead-lettered shards only (it keeps taking them: redrivable). */
  private static String redrivable(Map<String, AttributeValue> values) {
    values.put(status(RunStatus.FAILED), s(RunStatus.FAILED.name()));
    return "(#s = " + status(RunStatus.FAILED) + " AND attribute_exists(" + DEAD_SHARDS + "))";
  }

  /** The placeholder of a status value in expressions. */
  private static String status(RunStatus st) {
    return ":st" + st.name();
  }

  /**
   * The run item and, beside it, its scenario item (gzip-compressed JSON), written together: the
   * run item stays small, so every conditional update of it (one per batch of shards) is billed for
   * well under a kilobyte, and a scenario up to the API's body limit fits DynamoDB's 400 KB items
   * once compressed.
   */
  @Override
  public void create(RunRecord run) {
    byte[] scenario = Gzip.compress(run.scenarioJson() == null ? "" : run.scenarioJson());
    if (scenario.length > MAX_SCENARIO_BYTES) {
      throw new ScenarioTooLargeException(
          "the scenario takes "
              + scenario.length
              + " bytes compressed; a run holds at most "
              + MAX_SCENARIO_BYTES);
    }
    Map<String, AttributeValue> scenarioItem = new HashMap<>();
    scenarioItem.put(PK, partition(run.runId()));
    scenarioItem.put(SK, s(SCENARIO_SK));
    scenarioItem.put(SCENARIO, AttributeValue.fromB(SdkBytes.fromByteArray(scenario)));
    if (run.expiresAt() != null) {
      scenarioItem.put(TTL, n(run.expiresAt().getEpochSecond()));
    }
    // the same run created concurrently (a retried POST with its idempotency key) conflicts: the
    // next attempt finds it created
    if (!table.transactIf(List.of(table.putAbsent(toItem(run)), table.put(scenarioItem)), 0)) {
      throw new RunAlreadyExistsException(run.runId());
    }
  }

  /**
   * One query for the run item, its result's parts and its scenario item (sort keys "RESULT#" to
   * "SCENARIO"; more than one page only for a result of over a megabyte compressed).
   */
  @Override
  public Optional<RunRecord> find(String runId) {
    Map<String, AttributeValue> run = null;
    String scenario = null;
    ByteArrayOutputStream result = new ByteArrayOutputStream();
    Iterable<Map<String, AttributeValue>> items =
        table.query(
            q ->
                q.consistentRead(true)
                    .keyConditionExpression(
                        PK + " = :pk AND " + SK + " BETWEEN :result AND :scenario")
                    .expressionAttributeValues(
                        Map.of(
                            ":pk",
                            partition(runId),
                            ":result",
                            s(RESULT_SK),
                            ":scenario",
                            s(SCENARIO_SK))));
    for (Map<String, AttributeValue> item : items) {
      String sk = item.get(SK).s();
      if (isRunItem(sk)) {
        run = item;
      } else if (SCENARIO_SK.equals(sk)) {
        scenario = Gzip.decompress(item.get(SCENARIO).b().asByteArray(), "a stored scenario");
      } else if (sk.startsWith(RESULT_SK)) {
        result.writeBytes(item.get(PART).b().asByteArray()); // parts come in sort key order
      }
    }
    if (run == null) {
      return Optional.empty();
    }
    RunRecord record = toRecord(run, scenario);
    if (run.containsKey(RESULT_PARTS)) {
      record =
          record.withTexts(
              record.scenarioJson(),
              Gzip.decompress(result.toByteArray(), "the result of run " + runId));
    }
    return Optional.of(record);
  }

  /** One consistent read of the run item (under a kilobyte: half a read unit). */
  @Override
  public boolean takesShards(String runId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(b -> b.tableName(table.name()).key(runKey(runId)).consistentRead(true))
            .item();
    return item != null && !item.isEmpty() && toRecord(item, null).takesShards();
  }

  /**
   * The open runs from the sparse index (keys only, so the index is written when a run is created
   * and when it closes, not on every count), each then read from the table.
   */
  @Override
  public List<RunRecord> openRuns(Instant createdBefore, int limit) {
    List<RunRecord> out = new ArrayList<>();
    Iterable<Map<String, AttributeValue>> keys =
        table.query(
            q ->
                q.indexName(OPEN_RUNS_INDEX)
                    .keyConditionExpression("#o = :open AND #c < :before")
                    .expressionAttributeNames(Map.of("#o", OPEN_STATE, "#c", CREATED_MILLIS))
                    .expressionAttributeValues(
                        Map.of(":open", s(OPEN), ":before", n(createdBefore.toEpochMilli())))
                    .limit(limit));
    for (Map<String, AttributeValue> key : keys) {
      Map<String, AttributeValue> item =
          dynamo
              .getItem(
                  b ->
                      b.tableName(table.name())
                          .key(Map.of(PK, key.get(PK), SK, key.get(SK)))
                          .consistentRead(true))
              .item();
      if (item != null && !item.isEmpty()) {
        RunRecord r = toRecord(item, null);
        if (r.open()) {
          out.add(r); // the index is eventually consistent: a run closed since is left out
        }
      }
      if (out.size() >= limit) {
        break; // no further page is read
      }
    }
    return out;
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
    shard.put(PK, partition(runId));
    shard.put(SK, s(shardSortKey(shardIndex)));
    shard.put(SHARD_INDEX, n(shardIndex));
    shard.put(RESULT, s(resultJson));
    shard.put(TTL, n(now.plus(shardRetention).getEpochSecond()));
    return table.putAbsent(shard);
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
   * RECORDED_LAST). The count first applies to a QUEUED or RUNNING run (which turns RUNNING); when
   * that fails both bounded and not, the same two tries apply to a run FAILED by dead-lettered
   * shards (which stays FAILED), and when those fail too the run is closed (CLOSED). Conflicts are
   * retried with backoff.
   *
   * @param totalShards the run's total, or null to bound a single shard by the stored {@code
   *     countBeforeLast}
   */
  private Map<Integer, Recorded> record(
      String runId, List<ShardResult> shards, Integer totalShards, Instant now) {
    Map<Integer, Recorded> out = new java.util.LinkedHashMap<>();
    List<ShardResult> pending = new ArrayList<>(shards);
    int variant = 0; // 0 open bounded, 1 open, 2 redrivable bounded, 3 redrivable
    for (int attempt = 1; !pending.isEmpty(); ) {
      boolean bounded = variant % 2 == 0;
      List<TransactWriteItem> items = new ArrayList<>();
      for (ShardResult r : pending) {
        items.add(putShard(runId, r.shardIndex(), r.resultJson(), now));
      }
      items.add(count(runId, pending.size(), bounded, variant >= 2, totalShards, now));
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
          if (DynamoDbTable.failed(reasons, i)) {
            duplicates.add(pending.get(i));
          }
        }
        if (!duplicates.isEmpty()) {
          duplicates.forEach(d -> out.put(d.shardIndex(), Recorded.DUPLICATE));
          pending.removeAll(duplicates);
          continue;
        }
        if (DynamoDbTable.failed(reasons, pending.size())) {
          if (variant < 3) {
            variant++; // the last shards of the run, a redrivable or a closed run: the next try
            // tells
            continue;
          }
          pending.forEach(r -> out.put(r.shardIndex(), Recorded.CLOSED));
          return out;
        }
        DynamoDbTable.backoffOnConflict(e, attempt++);
      }
    }
    return out;
  }

  /**
   * Adds {@code count} to the run's completed shards if it takes shards ({@link
   * RunTransition#RECORD_SHARD}: QUEUED or RUNNING, which turns RUNNING; or, when {@code
   * redrivable}, FAILED by dead-lettered shards, which stays FAILED) and, when {@code bounded}, if
   * the count stays below the total afterwards: below total − count, or below the stored {@code
   * countBeforeLast} when the total is not given (one shard).
   */
  private TransactWriteItem count(
      String runId,
      int count,
      boolean bounded,
      boolean redrivable,
      Integer totalShards,
      Instant now) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":k", n(count));
    values.put(":now", s(now.toString()));
    String update =
        "SET " + COMPLETED_SHARDS + " = " + COMPLETED_SHARDS + " + :k, " + UPDATED_AT + " = :now";
    String condition;
    if (redrivable) {
      condition = redrivable(values);
    } else {
      condition = statusIn(RunTransition.RECORD_SHARD.from(), values);
      values.put(":to", s(RunTransition.RECORD_SHARD.to().name()));
      update += ", #s = :to";
    }
    if (bounded && totalShards == null) {
      condition += " AND " + COMPLETED_SHARDS + " < " + COUNT_BEFORE_LAST;
    } else if (bounded) {
      values.put(":bound", n(totalShards - count));
      condition += " AND " + COMPLETED_SHARDS + " < :bound";
    }
    return DynamoDbTable.write(
        table
            .update(runKey(runId))
            .updateExpression(update)
            .conditionExpression(condition)
            .expressionAttributeNames(Map.of("#s", STATUS))
            .expressionAttributeValues(values)
            .build());
  }

  /** The shard items' indexes only (a projection: the results are not sent). */
  @Override
  public java.util.SortedSet<Integer> recordedShards(String runId) {
    java.util.SortedSet<Integer> out = new java.util.TreeSet<>();
    shards(runId, q -> q.projectionExpression(SHARD_INDEX))
        .forEach(i -> out.add(Integer.valueOf(i.get(SHARD_INDEX).n())));
    return out;
  }

  @Override
  public List<String> shardResults(String runId) {
    List<String> out = new ArrayList<>();
    shards(runId, q -> {}).forEach(i -> out.add(i.get(RESULT).s()));
    return out;
  }

  /** The run's shard items in shard order (one consistent query, page after page). */
  private Iterable<Map<String, AttributeValue>> shards(
      String runId, java.util.function.Consumer<QueryRequest.Builder> more) {
    return table.query(
        q ->
            more.accept(
                q.consistentRead(true)
                    .keyConditionExpression(PK + " = :pk AND begins_with(" + SK + ", :shard)")
                    .expressionAttributeValues(
                        Map.of(":pk", partition(runId), ":shard", s(SHARD_SK)))));
  }

  /**
   * {@link RunTransition#CLAIM_AGGREGATION}, or the take-over of an AGGREGATING run whose lease
   * expired; the run is (again) open for the reconciler.
   */
  @Override
  public boolean tryClaimAggregation(
      String runId, String claimToken, Instant now, Instant leaseUntil) {
    Map<String, AttributeValue> values = new HashMap<>();
    String condition =
        COMPLETED_SHARDS
            + " = "
            + TOTAL_SHARDS
            + " AND ("
            + allowed(RunTransition.CLAIM_AGGREGATION, values)
            + " OR ("
            + allowed(RunTransition.TAKE_OVER_AGGREGATION, values)
            + " AND ("
            + CLAIM_EXPIRES_AT
            + " < :nowMillis OR "
            + CLAIM_TOKEN
            + " = :t)))";
    // both rows lead to AGGREGATING (a redrivable run's claim too): one SET serves either
    values.put(":to", s(RunTransition.CLAIM_AGGREGATION.to().name()));
    values.put(":t", s(claimToken));
    values.put(":lease", n(leaseUntil.toEpochMilli()));
    values.put(":now", s(now.toString()));
    values.put(":nowMillis", n(now.toEpochMilli()));
    values.put(":open", s(OPEN));
    return updateIf(
        runId,
        "SET #s = :to, "
            + CLAIM_TOKEN
            + " = :t, "
            + CLAIM_EXPIRES_AT
            + " = :lease, "
            + UPDATED_AT
            + " = :now, #o = :open REMOVE "
            + FAILURE_REASON,
        condition,
        values);
  }

  /**
   * {@link RunTransition#COMPLETE}: the result, gzip-compressed, in parts of at most {@link
   * #RESULT_PART_BYTES} ("RESULT#000", "RESULT#001", …) written in one transaction with COMPLETED,
   * so a result exists only for a completed run and a stale claim's holder writes nothing.
   *
   * @throws ResultTooLargeException above {@code maxResultBytes} compressed
   */
  @Override
  public boolean complete(String runId, String claimToken, String resultJson, Instant now) {
    byte[] zipped = Gzip.compress(resultJson);
    if (zipped.length > maxResultBytes) {
      throw new ResultTooLargeException(
          "the result takes "
              + zipped.length
              + " bytes gzip-compressed ("
              + resultJson.length()
              + " characters); a run holds at most "
              + maxResultBytes);
    }
    List<TransactWriteItem> items = new ArrayList<>();
    long ttl = now.plus(shardRetention).getEpochSecond();
    int parts = 0;
    for (int from = 0; from < zipped.length || parts == 0; from += RESULT_PART_BYTES, parts++) {
      Map<String, AttributeValue> part = new HashMap<>();
      part.put(PK, partition(runId));
      part.put(SK, s(resultSortKey(parts)));
      part.put(
          PART,
          AttributeValue.fromB(
              SdkBytes.fromByteArray(
                  java.util.Arrays.copyOfRange(
                      zipped, from, Math.min(zipped.length, from + RESULT_PART_BYTES)))));
      part.put(TTL, n(ttl));
      items.add(table.put(part));
    }
    Map<String, AttributeValue> values = new HashMap<>();
    String condition = allowed(RunTransition.COMPLETE, values) + " AND " + CLAIM_TOKEN + " = :t";
    values.put(":to", s(RunTransition.COMPLETE.to().name()));
    values.put(":t", s(claimToken));
    values.put(":parts", n(parts));
    values.put(":now", s(now.toString()));
    String update =
        "SET #s = :to, " + RESULT_PARTS + " = :parts, " + UPDATED_AT + " = :now REMOVE #o";
    items.add(DynamoDbTable.write(runUpdate(runId, update, condition, values)));
    // false: the claim was lost, nothing written
    return table.transactIf(items, items.size() - 1);
  }

  /** {@link RunTransition#FAIL}. */
  @Override
  public boolean fail(String runId, String reason, Instant now) {
    return change(runId, RunTransition.FAIL, SET_REASON, reason, now, null);
  }

  /** {@link RunTransition#FAIL_SHARD}: adds the shard to the run's dead shards. */
  @Override
  public boolean failShard(String runId, int shardIndex, String reason, Instant now) {
    return change(
        runId,
        RunTransition.FAIL_SHARD,
        SET_REASON,
        reason,
        now,
        " ADD " + DEAD_SHARDS + " :dead",
        Map.entry(":dead", AttributeValue.builder().ns(Integer.toString(shardIndex)).build()));
  }

  /** {@link RunTransition#CANCEL}. */
  @Override
  public boolean cancel(String runId, Instant now) {
    return change(runId, RunTransition.CANCEL, SET_REASON, CANCELLED_REASON, now, null);
  }

  /**
   * A change to a terminal status: applies when {@link #allowed} by the table, sets the status it
   * leads to ({@code FAILED} or {@code CANCELLED}; the same for a redrivable run), and closes the
   * run for the reconciler.
   */
  @SafeVarargs
  private boolean change(
      String runId,
      RunTransition change,
      String set,
      String reason,
      Instant now,
      String add,
      Map.Entry<String, AttributeValue>... more) {
    Map<String, AttributeValue> values = new HashMap<>();
    String condition = "attribute_exists(" + PK + ") AND " + allowed(change, values);
    values.put(":to", s(change.to().name()));
    values.put(":why", s(reason));
    values.put(":now", s(now.toString()));
    for (Map.Entry<String, AttributeValue> e : more) {
      values.put(e.getKey(), e.getValue());
    }
    return updateIf(
        runId,
        set + ", #s = :to, " + UPDATED_AT + " = :now REMOVE #o" + (add == null ? "" : add),
        condition,
        values);
  }

  @Override
  public Set<String> marks(String runId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b ->
                    b.tableName(table.name())
                        .key(runKey(runId))
                        .consistentRead(true)
                        .projectionExpression(MARKS))
            .item();
    AttributeValue marks = item == null ? null : item.get(MARKS);
    return marks == null ? Set.of() : Set.copyOf(marks.ss());
  }

  @Override
  public void mark(String runId, String mark) {
    // false when the run expired or was deleted: nothing left to remember
    table.updateIf(
        table
            .update(runKey(runId))
            .updateExpression("ADD " + MARKS + " :t")
            .conditionExpression("attribute_exists(" + PK + ")")
            .expressionAttributeValues(Map.of(":t", AttributeValue.builder().ss(mark).build()))
            .build());
  }

  /** Applies an update to the run item if the condition holds; false when it does not. */
  private boolean updateIf(
      String runId, String update, String condition, Map<String, AttributeValue> values) {
    return table.updateIf(runUpdate(runId, update, condition, values));
  }

  /** An update of the run item under a condition, naming the attributes its expressions use. */
  private Update runUpdate(
      String runId, String update, String condition, Map<String, AttributeValue> values) {
    return table
        .update(runKey(runId))
        .updateExpression(update)
        .conditionExpression(condition)
        .expressionAttributeNames(names(update + " " + condition))
        .expressionAttributeValues(values)
        .build();
  }

  /** The attribute names an expression uses: #s status, #o openState, #c createdMillis. */
  private static Map<String, String> names(String expression) {
    Map<String, String> names = new HashMap<>();
    names.put("#s", STATUS);
    if (expression.contains("#o")) {
      names.put("#o", OPEN_STATE);
    }
    if (expression.contains("#c")) {
      names.put("#c", CREATED_MILLIS);
    }
    return names;
  }
}
