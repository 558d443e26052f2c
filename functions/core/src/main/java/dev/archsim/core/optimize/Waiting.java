package dev.archsim.core.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.run.ShardTask;
import java.util.ArrayList;
import java.util.List;

/**
 * The evaluations an optimisation's last step stopped at (the first batch of the search with
 * figures still missing), stored with its progress so that the reconciler can tell, without taking
 * the search again, whether they have all ended (then the step that should have followed was lost)
 * and which evaluation runs to look at. Stored compactly: a 10 000-design screen is about 130 KB of
 * JSON (a few tens of KB compressed).
 *
 * @param shardTrials the trials of each shard of an evaluation run (the screen's size)
 */
public record Waiting(int shardTrials, List<Evaluation> evaluations) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** No step has stopped yet. */
  public static final Waiting NONE = new Waiting(1, List.of());

  /** Trials {@code [from, to)} of design {@code design} (its index in the design space). */
  public record Evaluation(int design, int from, int to) {
    /** The id of the run that evaluates it for optimisation {@code optimizationId}. */
    public String runId(String optimizationId) {
      return RunOptimization.runIdOf(optimizationId, design, from, to);
    }
  }

  public Waiting {
    evaluations = List.copyOf(evaluations);
    if (shardTrials < 1) {
      throw new IllegalArgumentException("shardTrials ≥ 1");
    }
  }

  /** The shards of an evaluation run: {@link #shardTrials} trials each, the last one shorter. */
  public List<ShardTask> shards(String runId, Evaluation e) {
    return shards(runId, e.from(), e.to(), shardTrials);
  }

  static List<ShardTask> shards(String runId, int from, int to, int size) {
    List<ShardTask> tasks = new ArrayList<>();
    for (int a = from; a < to; a += size) {
      tasks.add(new ShardTask(runId, tasks.size(), 0, a, Math.min(to, a + size)));
    }
    return tasks;
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("shardTrials", shardTrials);
    ArrayNode list = root.putArray("evaluations");
    for (Evaluation e : evaluations) {
      list.addArray().add(e.design()).add(e.from()).add(e.to());
    }
    return root.toString();
  }

  /** What {@link #toJson} wrote; {@link #NONE} for null. */
  public static Waiting fromJson(String json) {
    if (json == null || json.isBlank()) {
      return NONE;
    }
    try {
      JsonNode root = JSON.readTree(json);
      List<Evaluation> out = new ArrayList<>();
      for (JsonNode e : root.path("evaluations")) {
        out.add(new Evaluation(e.get(0).asInt(), e.get(1).asInt(), e.get(2).asInt()));
      }
      return new Waiting(root.path("shardTrials").asInt(1), out);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a stored optimization's waiting list is not JSON", e);
    }
  }
}
