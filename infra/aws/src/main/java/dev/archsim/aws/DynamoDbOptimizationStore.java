package dev.archsim.aws;

import dev.archsim.core.optimize.OptimizationRecord;
import dev.archsim.core.optimize.OptimizationStore;
import dev.archsim.core.run.Gzip;
import dev.archsim.core.run.ResultTooLargeException;
import dev.archsim.core.run.RunAlreadyExistsException;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.RunStore;
import dev.archsim.core.run.ScenarioTooLargeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Optimisations in the runs table, beside the runs that evaluate their designs: partition key
 * {@code pk} = "OPT#id", the optimisation item at sort key "OPTIMIZATION" (its request
 * gzip-compressed) and, once COMPLETED, its answer at "RESULT" (gzip, written in one transaction
 * with the status), and the evaluations its last step waits for at "WAITING" (gzip, written in one
 * transaction with its progress). Every change is conditioned on the status being QUEUED or
 * RUNNING. No item carries the run item's sort key, so the notifier's stream filter ignores them;
 * an open optimisation item carries {@code openState} = {@link #OPEN_STATE} and {@code
 * createdMillis}, so the sparse open-runs index lists it under its own key ({@link #idle}) and the
 * runs' reconciler, which reads the key {@link RunItems#OPEN}, never sees it; {@code ttl} expires
 * them with the runs.
 */
public final class DynamoDbOptimizationStore implements OptimizationStore {
  static final String ITEM_SK = "OPTIMIZATION";
  static final String RESULT_SK = "RESULT";
  static final String WAITING_SK = "WAITING";

  /** The open-runs index's key of the open optimisations. */
  static final String OPEN_STATE = "OPTIMIZATION";

  /** The most an optimisation's request or answer may take compressed (DynamoDB's 400 KB item). */
  public static final int MAX_BYTES = 390 * 1024;

  private static final String OPEN = "#s IN (:queued, :running)";

  private final DynamoDbClient dynamo;
  private final DynamoDbTable table;

  public DynamoDbOptimizationStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = new DynamoDbTable(dynamo, table);
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  private static Map<String, AttributeValue> key(String id, String sk) {
    return Map.of(RunItems.PK, s("OPT#" + id), RunItems.SK, s(sk));
  }

  @Override
  public void create(OptimizationRecord o) {
    byte[] request = Gzip.compress(o.requestJson());
    if (request.length > MAX_BYTES) {
      throw new ScenarioTooLargeException(
          "the optimization takes "
              + request.length
              + " bytes compressed; at most "
              + MAX_BYTES
              + " are stored");
    }
    Map<String, AttributeValue> item = new HashMap<>(key(o.id(), ITEM_SK));
    item.put("id", s(o.id()));
    item.put("owner", s(o.owner()));
    item.put("status", s(o.status().name()));
    item.put("createdAt", s(o.createdAt().toString()));
    item.put("updatedAt", s(o.updatedAt().toString()));
    item.put("request", AttributeValue.fromB(SdkBytes.fromByteArray(request)));
    item.put("trialsDone", n(o.trialsDone()));
    item.put("budgetTrials", n(o.budgetTrials()));
    if (o.requestHash() != null) {
      item.put("requestHash", s(o.requestHash()));
    }
    if (o.open()) {
      item.put(RunItems.OPEN_STATE, s(OPEN_STATE));
      item.put(RunItems.CREATED_MILLIS, n(o.createdAt().toEpochMilli()));
    }
    if (o.expiresAt() != null) {
      item.put(RunItems.TTL, n(o.expiresAt().getEpochSecond()));
    }
    if (!table.putIfAbsent(item)) {
      throw new RunAlreadyExistsException(o.id());
    }
  }

  /**
   * One consistent query for the optimisation item, its answer and the evaluations it waits for
   * (more than one page when they take over a megabyte together).
   */
  @Override
  public Optional<OptimizationRecord> find(String id) {
    Iterable<Map<String, AttributeValue>> items =
        table.query(
            q ->
                q.consistentRead(true)
                    .keyConditionExpression(RunItems.PK + " = :pk")
                    .expressionAttributeValues(Map.of(":pk", s("OPT#" + id))));
    Map<String, AttributeValue> item = null;
    String result = null;
    String waiting = null;
    for (Map<String, AttributeValue> i : items) {
      if (ITEM_SK.equals(i.get(RunItems.SK).s())) {
        item = i;
      } else if (RESULT_SK.equals(i.get(RunItems.SK).s())) {
        result = Gzip.decompress(i.get("result").b().asByteArray(), "an optimization's answer");
      } else if (WAITING_SK.equals(i.get(RunItems.SK).s()) && i.containsKey("waiting")) {
        waiting =
            Gzip.decompress(i.get("waiting").b().asByteArray(), "an optimization's evaluations");
      }
    }
    if (item == null) {
      return Optional.empty();
    }
    RunStatus status = RunStatus.valueOf(item.get("status").s());
    return Optional.of(
        new OptimizationRecord(
            item.get("id").s(),
            item.get("owner").s(),
            status,
            Instant.parse(item.get("createdAt").s()),
            Instant.parse(item.get("updatedAt").s()),
            item.containsKey(RunItems.TTL)
                ? Instant.ofEpochSecond(Long.parseLong(item.get(RunItems.TTL).n()))
                : null,
            Gzip.decompress(item.get("request").b().asByteArray(), "an optimization's request"),
            Long.parseLong(item.get("trialsDone").n()),
            Long.parseLong(item.get("budgetTrials").n()),
            status == RunStatus.COMPLETED ? result : null,
            item.containsKey("failureReason") ? item.get("failureReason").s() : null,
            item.containsKey("requestHash") ? item.get("requestHash").s() : null,
            waiting));
  }

  /**
   * The open optimisations from the sparse open-runs index under {@link #OPEN_STATE} (keys only,
   * oldest first), each then read whole; those changed since {@code quietSince} are left out.
   */
  @Override
  public List<OptimizationRecord> idle(Instant quietSince, int limit) {
    List<OptimizationRecord> out = new java.util.ArrayList<>();
    if (limit <= 0) {
      return out;
    }
    Iterable<Map<String, AttributeValue>> keys =
        table.query(
            q ->
                q.indexName(RunItems.OPEN_RUNS_INDEX)
                    .keyConditionExpression("#o = :open AND #c < :before")
                    .expressionAttributeNames(
                        Map.of("#o", RunItems.OPEN_STATE, "#c", RunItems.CREATED_MILLIS))
                    .expressionAttributeValues(
                        Map.of(":open", s(OPEN_STATE), ":before", n(quietSince.toEpochMilli())))
                    .limit(limit));
    for (Map<String, AttributeValue> key : keys) {
      String pk = key.get(RunItems.PK).s();
      // the index is eventually consistent: one closed or changed since is left out
      find(pk.substring("OPT#".length()))
          .filter(o -> o.open() && o.updatedAt().isBefore(quietSince))
          .ifPresent(out::add);
      if (out.size() >= limit) {
        break; // no further page is read
      }
    }
    return out;
  }

  private Update.Builder openUpdate(String id, String set, Map<String, AttributeValue> values) {
    Map<String, AttributeValue> all = new HashMap<>(values);
    all.put(":queued", s(RunStatus.QUEUED.name()));
    all.put(":running", s(RunStatus.RUNNING.name()));
    return table
        .update(key(id, ITEM_SK))
        .updateExpression(set)
        .conditionExpression("attribute_exists(" + RunItems.PK + ") AND " + OPEN)
        .expressionAttributeNames(Map.of("#s", "status"))
        .expressionAttributeValues(all);
  }

  @Override
  public boolean progress(String id, long trialsDone, String waitingJson, Instant now) {
    Update u =
        openUpdate(
                id,
                "SET #s = :status, trialsDone = :t, updatedAt = :now",
                Map.of(
                    ":status", s(RunStatus.RUNNING.name()),
                    ":t", n(trialsDone),
                    ":now", s(now.toString())))
            .build();
    // a late step of an earlier batch does not move the progress back
    u =
        u.toBuilder()
            .conditionExpression(u.conditionExpression() + " AND trialsDone <= :t")
            .build();
    // the WAITING item is put either way (without its attribute when the step waits for nothing),
    // so the functions need no DeleteItem
    Map<String, AttributeValue> item = new HashMap<>(key(id, WAITING_SK));
    if (waitingJson != null) {
      byte[] bytes = Gzip.compress(waitingJson);
      if (bytes.length > MAX_BYTES) {
        throw new IllegalStateException(
            "the evaluations a step waits for take "
                + bytes.length
                + " bytes compressed; at most "
                + MAX_BYTES);
      }
      item.put("waiting", AttributeValue.fromB(SdkBytes.fromByteArray(bytes)));
    }
    // expires with the optimisation
    Map<String, AttributeValue> ttl =
        dynamo
            .getItem(
                b ->
                    b.tableName(table.name())
                        .key(key(id, ITEM_SK))
                        .projectionExpression("#ttl")
                        .expressionAttributeNames(Map.of("#ttl", RunItems.TTL)))
            .item();
    if (ttl != null && ttl.containsKey(RunItems.TTL)) {
      item.put(RunItems.TTL, ttl.get(RunItems.TTL));
    }
    return table.transactIf(List.of(DynamoDbTable.write(u), table.put(item)), 0);
  }

  @Override
  public boolean complete(String id, long trialsDone, String resultJson, Instant now) {
    byte[] result = Gzip.compress(resultJson);
    if (result.length > MAX_BYTES) {
      throw new ResultTooLargeException(
          "the answer takes " + result.length + " bytes compressed; at most " + MAX_BYTES);
    }
    Optional<OptimizationRecord> found = find(id);
    if (found.isEmpty() || found.get().status().isTerminal()) {
      return false;
    }
    Map<String, AttributeValue> resultItem = new HashMap<>(key(id, RESULT_SK));
    resultItem.put("result", AttributeValue.fromB(SdkBytes.fromByteArray(result)));
    if (found.get().expiresAt() != null) {
      resultItem.put(RunItems.TTL, n(found.get().expiresAt().getEpochSecond()));
    }
    Update status =
        openUpdate(
                id,
                "SET #s = :status, trialsDone = :t, updatedAt = :now REMOVE " + RunItems.OPEN_STATE,
                Map.of(
                    ":status", s(RunStatus.COMPLETED.name()),
                    ":t", n(trialsDone),
                    ":now", s(now.toString())))
            .build();
    return table.transactIf(List.of(DynamoDbTable.write(status), table.put(resultItem)), 0);
  }

  @Override
  public boolean fail(String id, String reason, Instant now) {
    return end(id, RunStatus.FAILED, reason, now);
  }

  @Override
  public boolean cancel(String id, Instant now) {
    return end(id, RunStatus.CANCELLED, RunStore.CANCELLED_REASON, now);
  }

  private boolean end(String id, RunStatus status, String reason, Instant now) {
    return table.updateIf(
        openUpdate(
                id,
                "SET #s = :status, failureReason = :why, updatedAt = :now REMOVE "
                    + RunItems.OPEN_STATE,
                Map.of(
                    ":status", s(status.name()),
                    ":why", s(reason),
                    ":now", s(now.toString())))
            .build());
  }
}
