package dev.archsim.core.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.catalog.Names;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.validate.CatalogRules;
import dev.archsim.engine.validate.Violation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The choices {@code archsim optimize} searches for one stage, read from a scenario's {@code
 * designSpace} (its structure is checked by the scenario JSON Schema; this class checks what the
 * schema cannot: that the stage exists and has the tier each choice varies, that instance types and
 * AZs are known, that constraints name choices, that the space is not too large).
 *
 * @param stage index of the stage varied
 * @param choices each choice's candidate values, in {@link #CHOICES} order
 * @param constraints designs breaking one of them are skipped
 */
public record DesignSpace(
    int stage, Map<String, List<JsonNode>> choices, List<Constraint> constraints) {

  /** The choices a design space may make, in the order designs are enumerated and labelled. */
  public static final List<String> CHOICES =
      List.of(
          "instanceType",
          "azs",
          "instancesPerAz",
          "autoScalingMin",
          "autoScalingMax",
          "autoScalingDesired",
          "scaleOutThresholdPercent",
          "scaleInThresholdPercent",
          "reservedCount",
          "spotShare",
          "databaseEngine",
          "databaseClass",
          "databaseMultiAz",
          "readReplicas",
          "rdsProxy",
          "cache",
          "cacheNodeType",
          "cdn",
          "drStrategy",
          "drSecondaryRegion");

  /** Most designs exhaustive and racing search take: both enumerate the space. */
  public static final int MAX_ENUMERATED = 10_000;

  /** Most designs a space may hold; above {@link #MAX_ENUMERATED} only evolution searches it. */
  public static final int MAX_DESIGNS = 1_000_000_000;

  /** Designs sampled to check that the constraints allow some design of a large space. */
  static final int CONSTRAINT_SAMPLE = 100_000;

  public DesignSpace {
    Map<String, List<JsonNode>> copy = new LinkedHashMap<>();
    choices.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    choices = java.util.Collections.unmodifiableMap(copy);
    constraints = List.copyOf(constraints);
  }

  /** Number of designs (the product of the choices' sizes, before constraints). */
  public long size() {
    long n = 1;
    for (List<JsonNode> v : choices.values()) {
      n *= v.size();
    }
    return n;
  }

  /** The design at {@code index} of the enumeration (first choice varies slowest). */
  public Design design(int index) {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    int rest = index;
    List<String> names = new ArrayList<>(choices.keySet());
    int[] picks = new int[names.size()];
    for (int i = names.size() - 1; i >= 0; i--) {
      int n = choices.get(names.get(i)).size();
      picks[i] = rest % n;
      rest /= n;
    }
    for (int i = 0; i < names.size(); i++) {
      values.put(names.get(i), choices.get(names.get(i)).get(picks[i]));
    }
    return new Design(index, values);
  }

  /** Every design the constraints allow, in enumeration order (at most {@link #MAX_ENUMERATED}). */
  public List<Design> designs() {
    if (size() > MAX_ENUMERATED) {
      throw new IllegalStateException(size() + " designs are too many to enumerate");
    }
    List<Design> out = new ArrayList<>();
    for (int i = 0; i < size(); i++) {
      Design d = design(i);
      if (brokenConstraint(d).isEmpty()) {
        out.add(d);
      }
    }
    return out;
  }

  /** Longest stage name the scenario schema accepts. */
  static final int MAX_STAGE_NAME = 200;

  /**
   * The name of {@code d}'s stage: {@code base} and the design's values, short, e.g. {@code
   * 7-multi-az c5.large x2 2AZ 2RI spot 50%}; {@code base #N} when that would be longer than a
   * stage name may be.
   */
  public String stageName(String base, Design d) {
    StringBuilder b = new StringBuilder(base);
    d.values().forEach((k, v) -> b.append(' ').append(shortValue(k, v)));
    return b.length() <= MAX_STAGE_NAME ? b.toString() : base + " #" + (d.index() + 1);
  }

  /** One value as the stage name writes it: {@code x2} instances per AZ, {@code 2RI}, etc. */
  String shortValue(String choice, JsonNode v) {
    return switch (choice) {
      case "azs" -> {
        String n = v.size() + "AZ";
        // two lists of the same length: name the AZs by their letters (us-east-1a → a)
        long same = choices.get(choice).stream().filter(x -> x.size() == v.size()).count();
        if (same < 2) {
          yield n;
        }
        StringBuilder letters = new StringBuilder(n).append('-');
        v.forEach(z -> letters.append(z.asText().substring(z.asText().length() - 1)));
        yield letters.toString();
      }
      case "instancesPerAz" -> "x" + v.asText();
      case "autoScalingMin" -> "min" + v.asText();
      case "autoScalingMax" -> "max" + v.asText();
      case "autoScalingDesired" -> "desired" + v.asText();
      case "scaleOutThresholdPercent" -> "out" + number(v) + "%";
      case "scaleInThresholdPercent" -> "in" + number(v) + "%";
      case "reservedCount" -> v.asInt() + "RI";
      case "spotShare" ->
          v.asDouble() == 0 ? "no-spot" : "spot " + number(v.asDouble() * 100) + "%";
      case "databaseMultiAz" -> v.asBoolean() ? "db-multi-az" : "db-single-az";
      case "readReplicas" -> v.asInt() + (v.asInt() == 1 ? " replica" : " replicas");
      case "rdsProxy" -> v.asBoolean() ? "proxy" : "no-proxy";
      case "cache" -> v.asBoolean() ? "cache" : "no-cache";
      case "cdn" -> v.asBoolean() ? "cdn" : "no-cdn";
      case "drStrategy" -> v.asText().equals("none") ? "no-dr" : v.asText();
      default -> v.isTextual() ? v.asText() : v.toString();
    };
  }

  private static String number(JsonNode v) {
    return number(v.asDouble());
  }

  private static String number(double x) {
    return x == Math.rint(x)
        ? Long.toString((long) x)
        : java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
  }

  /** Whether the constraints allow one of {@code n} designs drawn at random (fixed seed). */
  boolean sampleAllows(int n) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(size());
    for (int i = 0; i < n; i++) {
      if (brokenConstraint(design((int) random.nextLong(size()))).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** The first constraint {@code d} breaks, if any. */
  public Optional<Constraint> brokenConstraint(Design d) {
    return constraints.stream().filter(c -> !c.allows(d)).findFirst();
  }

  /** A condition on one choice's value: in a list, and/or within numeric bounds. */
  public record Condition(
      String choice, List<JsonNode> in, Double atLeast, Double atMost, Double above, Double below) {
    boolean holds(Design d) {
      JsonNode v = d.values().get(choice);
      if (v == null) {
        return false;
      }
      if (in != null && in.stream().noneMatch(x -> sameValue(x, v))) {
        return false;
      }
      if (atLeast != null || atMost != null || above != null || below != null) {
        if (!v.isNumber()) {
          return false;
        }
        double x = v.asDouble();
        return (atLeast == null || x >= atLeast)
            && (atMost == null || x <= atMost)
            && (above == null || x > above)
            && (below == null || x < below);
      }
      return true;
    }
  }

  /** When every {@code when} condition holds, every {@code require} condition must hold. */
  public record Constraint(int index, List<Condition> when, List<Condition> require) {
    public boolean allows(Design d) {
      return !when.stream().allMatch(c -> c.holds(d)) || require.stream().allMatch(c -> c.holds(d));
    }
  }

  static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  /** The space, or every problem with its JSON path. */
  public record Reading(Optional<DesignSpace> space, List<Violation> problems) {}

  /**
   * Reads the {@code designSpace} of a scenario document that the codec accepted ({@code scenario}
   * is its model).
   */
  public static Reading read(JsonNode tree, Scenario scenario) {
    List<Violation> out = new ArrayList<>();
    JsonNode ds = tree.path("designSpace");
    if (!ds.isObject()) {
      out.add(Violation.error("$.designSpace", "the scenario has no design space to optimise"));
      return new Reading(Optional.empty(), out);
    }
    if (scenario.objectives().isEmpty()) {
      out.add(
          Violation.error(
              "$.objectives",
              "optimize minimises cost subject to the objectives: set at least one of"
                  + " availability, latencyP99Ms, monthlyBudgetUsd, rtoSeconds, rpoSeconds,"
                  + " lostMessagesPerMillion"));
    }
    String stageName = ds.path("stage").asText();
    int stageIndex = -1;
    for (int i = 0; i < scenario.stages().size(); i++) {
      if (scenario.stage(i).name().equals(stageName)) {
        stageIndex = i;
      }
    }
    if (stageIndex < 0) {
      out.add(
          Violation.error(
              "$.designSpace.stage",
              "no stage is named '"
                  + stageName
                  + "'; the stages are "
                  + scenario.stages().stream().map(s -> "'" + s.name() + "'").toList()));
      return new Reading(Optional.empty(), out);
    }
    Stage stage = scenario.stage(stageIndex);
    Architecture a = stage.architecture();
    Map<String, List<JsonNode>> choices = new LinkedHashMap<>();
    JsonNode c = ds.path("choices");
    for (String name : CHOICES) {
      if (!c.has(name)) {
        continue;
      }
      String path = "$.designSpace.choices." + name;
      List<JsonNode> values = new ArrayList<>();
      if (name.equals("instanceType") && c.get(name).isObject()) {
        values.addAll(filterTypes(c.get(name), path, out));
      } else {
        c.get(name).forEach(values::add);
      }
      checkTier(name, values, a, stage.name(), path, out);
      choices.put(name, values);
    }
    checkDr(choices, a, stage.name(), out);
    List<Constraint> constraints = new ArrayList<>();
    JsonNode cs = ds.path("constraints");
    for (int i = 0; i < cs.size(); i++) {
      String path = "$.designSpace.constraints[" + i + "]";
      constraints.add(
          new Constraint(
              i,
              conditions(cs.get(i).path("when"), choices, path + ".when", out),
              conditions(cs.get(i).path("require"), choices, path + ".require", out)));
    }
    BigInteger size = BigInteger.ONE;
    for (List<JsonNode> v : choices.values()) {
      size = size.multiply(BigInteger.valueOf(Math.max(1, v.size())));
    }
    if (size.compareTo(BigInteger.valueOf(MAX_DESIGNS)) > 0) {
      out.add(
          Violation.error(
              "$.designSpace.choices",
              "the space holds "
                  + size
                  + " designs, more than the "
                  + MAX_DESIGNS
                  + " optimize searches; drop choices or values (e.g. narrow the instance-type"
                  + " filter)"));
    }
    if (out.stream().anyMatch(Violation::isError)) {
      return new Reading(Optional.empty(), out);
    }
    DesignSpace space = new DesignSpace(stageIndex, choices, constraints);
    if (space.size() <= MAX_ENUMERATED && space.designs().isEmpty()) {
      out.add(
          Violation.error(
              "$.designSpace.constraints",
              "the constraints rule out all " + space.size() + " designs"));
      return new Reading(Optional.empty(), out);
    }
    if (space.size() > MAX_ENUMERATED && !space.sampleAllows(CONSTRAINT_SAMPLE)) {
      out.add(
          Violation.error(
              "$.designSpace.constraints",
              "the constraints rule out every one of "
                  + CONSTRAINT_SAMPLE
                  + " designs sampled from the "
                  + space.size()
                  + "; evolutionary search could not start"));
      return new Reading(Optional.empty(), out);
    }
    return new Reading(Optional.of(space), out);
  }

  private static List<JsonNode> filterTypes(JsonNode f, String path, List<Violation> out) {
    List<String> families = new ArrayList<>();
    f.path("families").forEach(x -> families.add(x.asText()));
    int minV = f.path("minVcpus").asInt(1);
    int maxV = f.path("maxVcpus").asInt(Integer.MAX_VALUE);
    double minM = f.path("minMemoryGiB").asDouble(0);
    double maxM = f.path("maxMemoryGiB").asDouble(Double.MAX_VALUE);
    String arch = f.has("architecture") ? f.get("architecture").asText() : null;
    Boolean current = f.has("currentGeneration") ? f.get("currentGeneration").asBoolean() : null;
    List<JsonNode> types = new ArrayList<>();
    for (InstanceType t : Catalog.instanceTypes()) {
      if (Catalog.isFargate(t.name())
          || !t.onDemand()
          || (!families.isEmpty() && !families.contains(t.family()))
          || t.vcpu() < minV
          || t.vcpu() > maxV
          || t.memoryGiB() < minM
          || t.memoryGiB() > maxM
          || (arch != null && !t.architectures().contains(arch))
          || (current != null && t.currentGeneration() != current)) {
        continue;
      }
      types.add(JsonNodeFactory.instance.textNode(t.name()));
    }
    if (types.isEmpty()) {
      out.add(Violation.error(path, "no instance type in the catalog matches this filter"));
    }
    for (String fam : families) {
      if (Catalog.instanceTypes().stream().noneMatch(t -> t.family().equals(fam))) {
        out.add(
            Violation.error(
                path + ".families",
                "'"
                    + fam
                    + "' is not an EC2 family in the catalog"
                    + Names.didYouMean(
                        fam,
                        Catalog.instanceTypes().stream()
                            .map(InstanceType::family)
                            .collect(
                                java.util.stream.Collectors.toCollection(
                                    java.util.TreeSet::new)))));
      }
    }
    if (minV > maxV) {
      out.add(Violation.error(path + ".maxVcpus", "below minVcpus " + minV));
    }
    return types;
  }

  private static void checkTier(
      String name,
      List<JsonNode> values,
      Architecture a,
      String stageName,
      String path,
      List<Violation> out) {
    ComputeTier compute = a.compute();
    String who = "stage '" + stageName + "'";
    switch (name) {
      case "instanceType", "azs", "instancesPerAz", "reservedCount", "spotShare" -> {
        if (compute == null) {
          out.add(Violation.error(path, who + " has no EC2 compute tier to vary"));
          return;
        }
        if (name.equals("instanceType")) {
          for (int i = 0; i < values.size(); i++) {
            String t = values.get(i).asText();
            if (!Catalog.isFargate(t)) {
              // the scenario validator's check: the nearest names ("did you mean")
              CatalogRules.instanceType(t, path + "[" + i + "]", out);
            }
          }
        }
        if (name.equals("azs")) {
          List<String> known = Catalog.availabilityZones(a.region());
          for (int i = 0; i < values.size(); i++) {
            for (int j = 0; j < values.get(i).size(); j++) {
              String z = values.get(i).get(j).asText();
              if (!known.isEmpty() && !known.contains(z)) {
                out.add(
                    Violation.error(
                        path + "[" + i + "][" + j + "]",
                        "'"
                            + z
                            + "' is not an AZ of "
                            + a.region()
                            + Names.didYouMean(z, known)
                            + " ("
                            + String.join(", ", known)
                            + ")"));
              }
            }
          }
        }
      }
      case "autoScalingMin", "autoScalingMax", "autoScalingDesired" -> {
        if (compute == null || compute.autoScaling() == null) {
          out.add(Violation.error(path, who + " has no Auto Scaling group to vary"));
        }
      }
      case "scaleOutThresholdPercent", "scaleInThresholdPercent" -> {
        boolean out_ = name.startsWith("scaleOut");
        boolean has =
            compute != null
                && compute.autoScaling() != null
                && compute.autoScaling().policies().stream()
                    .anyMatch(
                        p ->
                            switch (p) {
                              case ComputeTier.SimpleScaling s -> s.above() == out_;
                              case ComputeTier.StepScaling s -> s.above() == out_;
                              case ComputeTier.TargetTracking t -> true;
                              default -> false; // tracks no CPU threshold
                            });
        if (!has) {
          out.add(
              Violation.error(
                  path,
                  who
                      + " has no scaling policy that scales "
                      + (out_ ? "out" : "in")
                      + " on a threshold"));
        }
      }
      case "databaseEngine", "databaseClass", "databaseMultiAz", "readReplicas", "rdsProxy" -> {
        Database db = a.database();
        if (db == null || db.engine() == Database.Engine.DYNAMODB) {
          out.add(Violation.error(path, who + " has no RDS or Aurora database to vary"));
        } else if (name.equals("databaseEngine") && db.serverlessV2()) {
          out.add(
              Violation.error(
                  path,
                  who
                      + " runs Aurora Serverless v2, which RDS does not offer: describe a"
                      + " provisioned Aurora database (an instanceClass) to vary the engine"));
        } else if (name.equals("databaseEngine") && db.global()) {
          out.add(
              Violation.error(
                  path,
                  who
                      + "'s database is global (Aurora Global Database), which RDS does not"
                      + " offer: turn global off to vary the engine"));
        } else {
          if (name.equals("databaseClass")) {
            for (int i = 0; i < values.size(); i++) {
              CatalogRules.dbClass(values.get(i).asText(), path + "[" + i + "]", out);
            }
          }
          if (db.serverlessV2() && (name.equals("databaseClass") || name.equals("rdsProxy"))) {
            out.add(
                Violation.error(
                    path,
                    who
                        + " runs Aurora Serverless v2: its capacity follows the load within"
                        + " serverless.minAcu/maxAcu, there is no instance class or proxy to vary"));
          }
        }
      }
      case "cache", "cacheNodeType" -> {
        if (name.equals("cacheNodeType")) {
          for (int i = 0; i < values.size(); i++) {
            CatalogRules.cacheNode(values.get(i).asText(), path + "[" + i + "]", out);
          }
        }
        if (a.cache() == null) {
          out.add(
              Violation.error(
                  path,
                  who
                      + " has no cache: describe one in the stage (its settings are used when the design turns it on)"));
        }
      }
      case "drStrategy", "drSecondaryRegion" -> {
        // checked with both choices in view: checkDr
      }
      case "cdn" -> {
        if (a.cdn() == null) {
          out.add(
              Violation.error(
                  path,
                  who
                      + " has no CDN: describe one in the stage (its settings are used when the design turns it on)"));
        }
      }
      default -> throw new IllegalStateException(name);
    }
  }

  /**
   * DR choices: a strategy needs a secondary region (the stage's or a chosen one), a chosen region
   * needs a strategy (the stage's or a chosen one), and every region must be in the catalog and
   * differ from the primary.
   */
  private static void checkDr(
      Map<String, List<JsonNode>> choices, Architecture a, String stageName, List<Violation> out) {
    String who = "stage '" + stageName + "'";
    boolean strategy = choices.containsKey("drStrategy");
    boolean region = choices.containsKey("drSecondaryRegion");
    boolean stageHasRegion = a.dr() != null && a.dr().secondaryRegion() != null;
    if (strategy
        && !region
        && !stageHasRegion
        && choices.get("drStrategy").stream().anyMatch(v -> !v.asText().equals("none"))) {
      out.add(
          Violation.error(
              "$.designSpace.choices.drStrategy",
              who + " has no DR secondary region: describe its dr or choose drSecondaryRegion"));
    }
    if (region && !strategy && a.dr() == null) {
      out.add(
          Violation.error(
              "$.designSpace.choices.drSecondaryRegion",
              who + " has no DR strategy to move: describe its dr or choose drStrategy"));
    }
    if (region) {
      List<JsonNode> values = choices.get("drSecondaryRegion");
      for (int i = 0; i < values.size(); i++) {
        String r = values.get(i).asText();
        String path = "$.designSpace.choices.drSecondaryRegion[" + i + "]";
        if (Catalog.region(r).isEmpty()) {
          out.add(
              Violation.error(
                  path,
                  "'"
                      + r
                      + "' is not a region in the catalog"
                      + Names.didYouMean(r, Catalog.regions())
                      + " ("
                      + Catalog.regions().size()
                      + " regions; e.g. us-west-2, eu-west-1)"));
        } else if (r.equals(a.region())) {
          out.add(Violation.error(path, "is the stage's primary region " + a.region()));
        }
      }
    }
  }

  private static List<Condition> conditions(
      JsonNode n, Map<String, List<JsonNode>> choices, String path, List<Violation> out) {
    List<Condition> conditions = new ArrayList<>();
    n.fields()
        .forEachRemaining(
            e -> {
              if (!choices.containsKey(e.getKey())) {
                out.add(
                    Violation.error(
                        path + "." + e.getKey(),
                        "not a choice of this design space"
                            + Names.didYouMean(e.getKey(), choices.keySet())
                            + "; its choices are "
                            + choices.keySet()));
                return;
              }
              JsonNode c = e.getValue();
              List<JsonNode> in = null;
              if (c.has("in")) {
                in = new ArrayList<>();
                c.get("in").forEach(in::add);
              }
              conditions.add(
                  new Condition(
                      e.getKey(),
                      in,
                      c.has("atLeast") ? c.get("atLeast").asDouble() : null,
                      c.has("atMost") ? c.get("atMost").asDouble() : null,
                      c.has("above") ? c.get("above").asDouble() : null,
                      c.has("below") ? c.get("below").asDouble() : null));
            });
    return conditions;
  }
}
