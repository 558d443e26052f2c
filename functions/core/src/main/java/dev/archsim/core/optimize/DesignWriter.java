package dev.archsim.core.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a design's values into a copy of the scenario document: the result is a complete scenario
 * of one stage (the varied one, renamed after the design), without the design space, that the
 * scenario codec reads and validates like any other and that {@code archsim run} accepts as is.
 * Working on the document rather than the model keeps the output a ready scenario file, with the
 * user's other settings as they wrote them.
 */
public final class DesignWriter {
  private DesignWriter() {}

  /**
   * The scenario of {@code design} applied to stage {@code stageIndex} of {@code tree}.
   *
   * @param stageName the name the stage gets in the result
   */
  public static ObjectNode apply(JsonNode tree, int stageIndex, Design design, String stageName) {
    ObjectNode doc = tree.deepCopy();
    doc.remove("designSpace");
    ObjectNode stage = (ObjectNode) doc.get("stages").get(stageIndex).deepCopy();
    stage.put("name", stageName);
    stage.put(
        "description",
        "Design chosen by archsim optimize from stage '"
            + tree.get("stages").get(stageIndex).get("name").asText()
            + "': "
            + design.label()
            + ".");
    ArrayNode stages = doc.putArray("stages");
    stages.add(stage);
    ObjectNode a = (ObjectNode) stage.get("architecture");
    Map<String, JsonNode> v = design.values();
    ObjectNode compute = a.has("compute") ? (ObjectNode) a.get("compute") : null;
    if (compute != null) {
      placement(a, compute, v);
      if (v.containsKey("instanceType")) {
        compute.set("instanceType", v.get("instanceType"));
      }
      autoScaling(compute, v);
      purchase(compute, v);
    }
    if (a.has("database")) {
      ObjectNode db = (ObjectNode) a.get("database");
      copy(v, "databaseEngine", db, "engine");
      copy(v, "databaseClass", db, "instanceClass");
      copy(v, "databaseMultiAz", db, "multiAz");
      copy(v, "readReplicas", db, "readReplicas");
      copy(v, "rdsProxy", db, "proxy");
    }
    if (a.has("cache")) {
      copy(v, "cacheNodeType", (ObjectNode) a.get("cache"), "nodeType");
      if (v.containsKey("cache") && !v.get("cache").asBoolean()) {
        a.remove("cache");
      }
    }
    if (v.containsKey("cdn") && !v.get("cdn").asBoolean()) {
      a.remove("cdn");
    }
    dr(a, v);
    return doc;
  }

  /** The settings whose defaults follow the strategy: dropped when the design changes it. */
  static final List<String> STRATEGY_SETTINGS =
      List.of(
          "standbyShare",
          "decisionMinutes",
          "provisionMinutes",
          "restoreMinutes",
          "backupIntervalHours");

  /**
   * DR strategy ({@code none} removes the stage's DR) and secondary region. A stage without DR gets
   * one with the chosen strategy and region, every other setting at its default; a stage whose
   * strategy the design changes keeps its own settings except {@link #STRATEGY_SETTINGS}, which
   * fall back to the new strategy's defaults.
   */
  private static void dr(ObjectNode a, Map<String, JsonNode> v) {
    if (!v.containsKey("drStrategy") && !v.containsKey("drSecondaryRegion")) {
      return;
    }
    if (v.containsKey("drStrategy") && v.get("drStrategy").asText().equals("none")) {
      a.remove("dr");
      return;
    }
    ObjectNode dr = a.has("dr") ? (ObjectNode) a.get("dr") : a.putObject("dr");
    if (v.containsKey("drStrategy")) {
      String strategy = v.get("drStrategy").asText();
      if (!strategy.equals(dr.path("strategy").asText())) {
        STRATEGY_SETTINGS.forEach(dr::remove);
      }
      dr.put("strategy", strategy);
    }
    copy(v, "drSecondaryRegion", dr, "secondaryRegion");
  }

  private static void copy(
      Map<String, JsonNode> v, String choice, ObjectNode target, String field) {
    if (v.containsKey(choice)) {
      target.set(field, v.get(choice));
    }
  }

  /**
   * AZs and instances per AZ. With only {@code azs} chosen, the stage's instance count is spread
   * over the chosen AZs in order; with only {@code instancesPerAz}, the stage's AZs each get that
   * many.
   */
  private static void placement(ObjectNode a, ObjectNode compute, Map<String, JsonNode> v) {
    if (!v.containsKey("azs") && !v.containsKey("instancesPerAz")) {
      return;
    }
    List<String> azs = new ArrayList<>();
    (v.containsKey("azs") ? v.get("azs") : a.get("azs")).forEach(z -> azs.add(z.asText()));
    int total = 0;
    for (JsonNode n : compute.path("placement")) {
      total += n.asInt();
    }
    ObjectNode placement = compute.putObject("placement");
    for (int i = 0; i < azs.size(); i++) {
      int n =
          v.containsKey("instancesPerAz")
              ? v.get("instancesPerAz").asInt()
              : total / azs.size() + (i < total % azs.size() ? 1 : 0);
      placement.put(azs.get(i), n);
    }
    if (v.containsKey("azs")) {
      ArrayNode list = a.putArray("azs");
      azs.forEach(list::add);
    }
  }

  /**
   * The group's bounds. A chosen value is written as is; when the design changes the instance count
   * and a bound is not chosen, desired follows the count, min is lowered and max raised to admit it
   * (the validator rejects min > desired > max otherwise).
   */
  private static void autoScaling(ObjectNode compute, Map<String, JsonNode> v) {
    if (!compute.has("autoScaling")) {
      return;
    }
    ObjectNode asg = (ObjectNode) compute.get("autoScaling");
    if (v.containsKey("azs") || v.containsKey("instancesPerAz")) {
      int total = 0;
      for (JsonNode n : compute.path("placement")) {
        total += n.asInt();
      }
      asg.put("desired", total);
      asg.put("min", Math.min(asg.path("min").asInt(total), total));
      asg.put("max", Math.max(asg.path("max").asInt(total), total));
    }
    copy(v, "autoScalingMin", asg, "min");
    copy(v, "autoScalingMax", asg, "max");
    copy(v, "autoScalingDesired", asg, "desired");
    for (JsonNode p : asg.path("policies")) {
      ObjectNode policy = (ObjectNode) p;
      String type = policy.path("type").asText();
      if (type.equals("target-tracking")) {
        if (policy.has("targetPercent")) { // on CPU; the other metrics have no percent to vary
          copy(v, "scaleOutThresholdPercent", policy, "targetPercent");
        }
      } else if (policy.path("comparison").asText().equals("above")) {
        copy(v, "scaleOutThresholdPercent", policy, "thresholdPercent");
      } else {
        copy(v, "scaleInThresholdPercent", policy, "thresholdPercent");
      }
    }
  }

  /** Reserved count (0 removes the reservation) and spot share (0 removes spot). */
  private static void purchase(ObjectNode compute, Map<String, JsonNode> v) {
    if (!v.containsKey("reservedCount") && !v.containsKey("spotShare")) {
      return;
    }
    ObjectNode purchase =
        compute.has("purchase")
            ? (ObjectNode) compute.get("purchase")
            : compute.putObject("purchase");
    if (v.containsKey("reservedCount")) {
      int count = v.get("reservedCount").asInt();
      if (count == 0) {
        purchase.remove("reserved");
      } else {
        ObjectNode r =
            purchase.has("reserved")
                ? (ObjectNode) purchase.get("reserved")
                : purchase.putObject("reserved");
        r.put("count", count);
        if (!r.has("term")) {
          r.put("term", "1y");
        }
        if (!r.has("payment")) {
          r.put("payment", "no-upfront");
        }
      }
    }
    if (v.containsKey("spotShare")) {
      double share = v.get("spotShare").asDouble();
      if (share == 0) {
        purchase.remove("spot");
      } else {
        ObjectNode s =
            purchase.has("spot") ? (ObjectNode) purchase.get("spot") : purchase.putObject("spot");
        s.set("share", v.get("spotShare"));
      }
    }
    if (purchase.isEmpty()) {
      compute.remove("purchase");
    }
  }
}
