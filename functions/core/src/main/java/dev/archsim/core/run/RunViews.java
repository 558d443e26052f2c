package dev.archsim.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.engine.validate.Violation;
import java.util.List;

/** The JSON a client sees for runs, accepted submissions and rejected input. */
public final class RunViews {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RunViews() {}

  public static String run(RunRecord r) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("runId", r.runId());
    n.put("status", r.status().name());
    ObjectNode progress = n.putObject("progress");
    progress.put("completedShards", r.completedShards());
    progress.put("totalShards", r.totalShards());
    n.put("createdAt", r.createdAt() == null ? null : r.createdAt().toString());
    n.put("updatedAt", r.updatedAt() == null ? null : r.updatedAt().toString());
    if (r.failureReason() != null) {
      n.put("failureReason", r.failureReason());
    }
    if (!r.deadShards().isEmpty()) {
      // dead-lettered shards: a FAILED run completes when they are redriven
      ArrayNode dead = n.putArray("deadShards");
      r.deadShards().forEach(dead::add);
    }
    if (r.resultJson() != null) {
      try {
        n.set("result", MAPPER.readTree(r.resultJson()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("stored result of run " + r.runId() + " is not JSON", e);
      }
    } else {
      n.putNull("result");
    }
    return n.toString();
  }

  public static String submitted(SubmitRun.Submitted s, String url) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("runId", s.runId());
    n.put("url", url);
    n.put("created", s.created());
    n.put("shards", s.shards());
    n.set("warnings", problems(s.warnings()));
    return n.toString();
  }

  public static String error(String message, List<Violation> problems) {
    return error(message, problems(problems));
  }

  /** A refusal whose problems are {@link #problems} objects (a transport may add to them). */
  public static String error(String message, ArrayNode problems) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("message", message);
    n.set("problems", problems);
    return n.toString();
  }

  /** Each problem as the client sees it: {@code {"path", "message", "severity"}}. */
  public static ArrayNode problems(List<Violation> vs) {
    ArrayNode a = MAPPER.createArrayNode();
    for (Violation v : vs) {
      ObjectNode p = a.addObject();
      p.put("path", v.path());
      p.put("message", v.message());
      p.put("severity", v.severity().name().toLowerCase(java.util.Locale.ROOT));
    }
    return a;
  }
}
