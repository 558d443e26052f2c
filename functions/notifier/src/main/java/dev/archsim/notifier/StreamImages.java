package dev.archsim.notifier;

import dev.archsim.aws.DynamoDbRunStore;
import dev.archsim.core.run.RunStatus;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Stream images (Lambda event types) as SDK attribute values. */
final class StreamImages {
  private StreamImages() {}

  static boolean isRunItem(
      Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue>
          image) {
    var sk = image.get(DynamoDbRunStore.SK);
    return sk != null && "RUN".equals(sk.getS());
  }

  static RunStatus status(
      Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue>
          image) {
    if (image == null || image.get("status") == null || image.get("status").getS() == null) {
      return null;
    }
    return RunStatus.valueOf(image.get("status").getS());
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
}
