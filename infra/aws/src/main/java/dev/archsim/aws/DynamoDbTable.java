package dev.archsim.aws;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * One DynamoDB table as the stores use it, whatever their items: queries read page after page, and
 * every conditional write answers whether its condition held instead of throwing. {@link
 * DynamoDbRunStore} and {@link DynamoDbOptimizationStore} each keep their own item layout and share
 * this.
 */
final class DynamoDbTable {
  /** The condition failed: DynamoDB's cancellation reason code for it. */
  static final String CONDITION_FAILED = "ConditionalCheckFailed";

  /** How many times a transaction cancelled by a conflict with another one is tried. */
  static final int TRANSACTION_ATTEMPTS = 8;

  private final DynamoDbClient dynamo;
  private final String name;

  DynamoDbTable(DynamoDbClient dynamo, String name) {
    this.dynamo = dynamo;
    this.name = name;
  }

  String name() {
    return name;
  }

  /**
   * Every item the query finds, across its pages; the next page is read only once the caller has
   * gone through the one before, so a caller that stops early reads no more.
   */
  Iterable<Map<String, AttributeValue>> query(Consumer<QueryRequest.Builder> request) {
    return dynamo.queryPaginator(b -> request.accept(b.tableName(name))).items();
  }

  /** Puts the item unless one with its key exists; false when one does. */
  boolean putIfAbsent(Map<String, AttributeValue> item) {
    try {
      dynamo.putItem(b -> b.tableName(name).item(item).conditionExpression(absent()));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /** The update applied if its condition holds; false when it does not. */
  boolean updateIf(Update u) {
    try {
      dynamo.updateItem(
          b -> {
            b.tableName(name)
                .key(u.key())
                .updateExpression(u.updateExpression())
                .conditionExpression(u.conditionExpression());
            if (u.hasExpressionAttributeNames()) {
              b.expressionAttributeNames(u.expressionAttributeNames());
            }
            if (u.hasExpressionAttributeValues()) {
              b.expressionAttributeValues(u.expressionAttributeValues());
            }
          });
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /** An update of an item of this table, to fill in. */
  Update.Builder update(Map<String, AttributeValue> key) {
    return Update.builder().tableName(name).key(key);
  }

  /** A transaction's put of the item, whatever is there. */
  TransactWriteItem put(Map<String, AttributeValue> item) {
    return TransactWriteItem.builder()
        .put(Put.builder().tableName(name).item(item).build())
        .build();
  }

  /** A transaction's put of the item unless one with its key exists. */
  TransactWriteItem putAbsent(Map<String, AttributeValue> item) {
    return TransactWriteItem.builder()
        .put(Put.builder().tableName(name).item(item).conditionExpression(absent()).build())
        .build();
  }

  /** A transaction's update. */
  static TransactWriteItem write(Update update) {
    return TransactWriteItem.builder().update(update).build();
  }

  /**
   * The items written in one transaction, tried again with backoff while it is cancelled by a
   * conflict with another transaction; false when the condition of {@code items[conditional]}
   * failed (then nothing was written).
   *
   * @throws TransactionCanceledException cancelled for another reason, or still conflicting after
   *     {@link #TRANSACTION_ATTEMPTS} tries
   */
  boolean transactIf(List<TransactWriteItem> items, int conditional) {
    for (int attempt = 1; ; attempt++) {
      try {
        dynamo.transactWriteItems(b -> b.transactItems(items));
        return true;
      } catch (TransactionCanceledException e) {
        if (failed(e.cancellationReasons(), conditional)) {
          return false;
        }
        backoffOnConflict(e, attempt);
      }
    }
  }

  /** Whether the condition of the transaction's item {@code index} failed. */
  static boolean failed(List<CancellationReason> reasons, int index) {
    return index < reasons.size() && CONDITION_FAILED.equals(reasons.get(index).code());
  }

  /**
   * Waits before the next attempt of a transaction cancelled by a conflict with another one;
   * rethrows when it was cancelled for another reason or the attempts are used up.
   */
  static void backoffOnConflict(TransactionCanceledException e, int attempt) {
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

  /** No item with the key being written exists (every item has a partition key). */
  private static String absent() {
    return "attribute_not_exists(" + RunItems.PK + ")";
  }
}
