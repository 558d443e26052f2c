package dev.archsim.notifier;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.archsim.aws.RunItems;
import dev.archsim.core.run.RunStatus;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Stream images (Lambda event types) as SDK attribute values, read with the run store's item layout
 * ({@link RunItems}).
 */
public final class StreamImages {
  private StreamImages() {}

  static boolean isRunItem(
      Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue>
          image) {
    var sk = image.get(RunItems.SK);
    return sk != null && RunItems.isRunItem(sk.getS());
  }

  static RunStatus status(
      Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue>
          image) {
    var status = image == null ? null : image.get(RunItems.STATUS);
    return status == null ? null : RunItems.status(status.getS());
  }

  static Map<String, AttributeValue> toSdk(
      Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue>
          image) {
    Map<String, AttributeValue> out = new HashMap<>();
    image.forEach(
        (k, v) -> {
          if (v.getS() != null) {
            out.put(k, AttributeValue.fromS(v.getS()));
          } else if (v.getN() != null) {
            out.put(k, AttributeValue.fromN(v.getN()));
          } else if (v.getNS() != null) {
            out.put(k, AttributeValue.fromNs(v.getNS()));
          } else if (v.getBOOL() != null) {
            out.put(k, AttributeValue.fromBool(v.getBOOL()));
          }
        });
    return out;
  }

  /** A record read from DynamoDB Streams, as the Lambda event source hands it to the function. */
  public static DynamodbEvent.DynamodbStreamRecord fromSdk(Record r) {
    StreamRecord s = new StreamRecord();
    s.setSequenceNumber(r.dynamodb().sequenceNumber());
    s.setKeys(lambdaImage(r.dynamodb().keys()));
    s.setNewImage(r.dynamodb().hasNewImage() ? lambdaImage(r.dynamodb().newImage()) : null);
    s.setOldImage(r.dynamodb().hasOldImage() ? lambdaImage(r.dynamodb().oldImage()) : null);
    DynamodbEvent.DynamodbStreamRecord out = new DynamodbEvent.DynamodbStreamRecord();
    out.setEventName(r.eventNameAsString());
    out.setDynamodb(s);
    return out;
  }

  private static Map<
          String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue>
      lambdaImage(Map<String, AttributeValue> image) {
    if (image == null || image.isEmpty()) {
      return null;
    }
    Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> out =
        new HashMap<>();
    image.forEach(
        (k, v) -> {
          var a = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
          if (v.s() != null) {
            a.setS(v.s());
          } else if (v.n() != null) {
            a.setN(v.n());
          } else if (v.hasNs()) {
            a.setNS(v.ns());
          } else if (v.hasSs()) {
            a.setSS(v.ss());
          } else if (v.bool() != null) {
            a.setBOOL(v.bool());
          }
          out.put(k, a);
        });
    return out;
  }
}
