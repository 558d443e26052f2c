package dev.archsim.local.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.engine.validate.Violation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces each {@code workload.trace.file} of a scenario document (top level and per stage) with
 * the {@code points} and {@code periodSeconds} read from that CSV file, resolved against the
 * scenario file's directory. What the service receives, and what a run stores, is then the
 * self-contained document.
 */
public final class TraceInliner {
  private TraceInliner() {}

  /** The document with its trace files inlined, or the problems (each with its JSON path). */
  public record Inlined(JsonNode document, List<Violation> problems) {}

  /** Whether the document names any trace file (so the text needs rewriting at all). */
  public static boolean namesTraceFile(JsonNode doc) {
    if (isFileTrace(doc.path("workload"))) {
      return true;
    }
    for (JsonNode s : doc.path("stages")) {
      if (isFileTrace(s.path("workload"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isFileTrace(JsonNode w) {
    return w.path("trace").path("file").isTextual();
  }

  /** Inlines every trace file of {@code doc} (changed in place), relative to {@code baseDir}. */
  public static Inlined inline(JsonNode doc, Path baseDir) {
    List<Violation> problems = new ArrayList<>();
    inline(doc.path("workload"), "$.workload", baseDir, problems);
    JsonNode stages = doc.path("stages");
    for (int i = 0; i < stages.size(); i++) {
      inline(stages.get(i).path("workload"), "$.stages[" + i + "].workload", baseDir, problems);
    }
    return new Inlined(doc, List.copyOf(problems));
  }

  private static void inline(JsonNode w, String path, Path baseDir, List<Violation> problems) {
    if (!isFileTrace(w)) {
      return;
    }
    ObjectNode trace = (ObjectNode) w.get("trace");
    String name = trace.get("file").asText();
    String where = path + ".trace.file";
    Path file;
    try {
      file = baseDir.resolve(name).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      problems.add(Violation.error(where, "'" + name + "' is not a file path"));
      return;
    }
    JsonNode p = trace.path("periodSeconds");
    Double period = p.isNumber() && p.asDouble() > 0 ? p.asDouble() : null;
    TraceCsv.Result r = TraceCsv.read(file, period);
    if (!r.ok()) {
      for (String problem : r.problems()) {
        problems.add(Violation.error(where, name + " " + problem));
      }
      return;
    }
    trace.remove("file");
    trace.put("periodSeconds", r.periodSeconds());
    ArrayNode points = trace.putArray("points");
    double[] at = r.at();
    double[] requests = r.requests();
    for (int i = 0; i < at.length; i++) {
      ArrayNode point = points.addArray();
      point.add(asNumber(at[i]));
      point.add(asNumber(requests[i]));
    }
  }

  /** Whole numbers as integers (smaller documents), others as they are. */
  private static JsonNode asNumber(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? JsonNodeFactory.instance.numberNode((long) v)
        : JsonNodeFactory.instance.numberNode(v);
  }

  /** For tests and callers holding text: parse, inline, write back with {@code mapper}. */
  public static String inlineText(
      String text, ObjectMapper mapper, Path baseDir, List<Violation> out) throws IOException {
    JsonNode doc = mapper.readTree(text);
    if (doc == null || !namesTraceFile(doc)) {
      return text;
    }
    Inlined in = inline(doc, baseDir);
    out.addAll(in.problems());
    return in.problems().isEmpty() ? mapper.writeValueAsString(in.document()) : text;
  }
}
