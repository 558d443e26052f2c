package dev.archsim.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** JSON of shard messages and run events, the same on every transport. */
public final class MessageCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private MessageCodec() {}

  public static String shardTask(ShardTask t) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("runId", t.runId());
    n.put("shard", t.shardIndex());
    n.put("stage", t.stage());
    n.put("fromTrial", t.fromTrial());
    n.put("toTrial", t.toTrial());
    return n.toString();
  }

  /**
   * @throws IllegalArgumentException when the text is not a shard message
   */
  public static ShardTask shardTask(String json) {
    try {
      JsonNode n = MAPPER.readTree(json);
      for (String f : new String[] {"runId", "shard", "stage", "fromTrial", "toTrial"}) {
        if (n == null || !n.hasNonNull(f)) {
          throw new IllegalArgumentException("shard message without " + f + ": " + json);
        }
      }
      return new ShardTask(
          n.get("runId").asText(),
          n.get("shard").asInt(),
          n.get("stage").asInt(),
          n.get("fromTrial").asInt(),
          n.get("toTrial").asInt());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("shard message is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The message of an optimisation's step, on the same queue as the shards. */
  public static String optimizationStep(String optimizationId) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("optimizationId", optimizationId);
    return n.toString();
  }

  /** The optimisation whose step the message is; null for any other message (a shard's). */
  public static String optimizationStepOf(String json) {
    try {
      JsonNode n = MAPPER.readTree(json);
      return n != null && n.path("optimizationId").isTextual() && !n.has("runId")
          ? n.get("optimizationId").asText()
          : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  public static String runEvent(RunEvent e) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("type", e.type());
    n.put("runId", e.runId());
    n.put("owner", e.owner());
    n.put("status", e.status().name());
    n.put("at", e.at() == null ? null : e.at().toString());
    if (e.reason() != null) {
      n.put("reason", e.reason());
    }
    return n.toString();
  }

  public static RunEvent runEvent(String json) {
    try {
      JsonNode n = MAPPER.readTree(json);
      return new RunEvent(
          n.get("type").asText(),
          n.get("runId").asText(),
          n.get("owner").asText(),
          RunStatus.valueOf(n.get("status").asText()),
          n.hasNonNull("at") ? Instant.parse(n.get("at").asText()) : null,
          n.hasNonNull("reason") ? n.get("reason").asText() : null);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a run event: " + e.getOriginalMessage(), e);
    }
  }
}
