package dev.archsim.core.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.archsim.engine.component.Component;
import dev.archsim.engine.component.Components;
import dev.archsim.engine.component.ComputeComponent;
import dev.archsim.engine.component.FunctionsComponent;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Defaults;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.ShapedPattern;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.validate.Limits;
import dev.archsim.engine.validate.ScenarioValidator;
import dev.archsim.engine.validate.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads scenario documents (JSON, or YAML) into the engine's model: first the published JSON
 * Schema, then the engine's semantic validation. Every problem is returned with its JSON path;
 * nothing here throws for bad input.
 */
public final class ScenarioCodec {
  public static final String SCHEMA_RESOURCE = "/schema/scenario-v1.schema.json";

  private final ObjectMapper json;
  private final ObjectMapper yaml;
  private final ScenarioValidator validator;

  /**
   * Validates documents archsim accepted before ({@link #parseAccepted}) without the work budget:
   * the budget is an admission rule, checked when a run is submitted, and a worker or a report
   * configured with another budget must still read the runs it was given.
   */
  private final ScenarioValidator acceptedValidator;

  /** Whether this codec has checked a document against the schema (see {@link #usedSchema}). */
  private volatile boolean usedSchema;

  private final Limits limits;

  /** The codecs of this process, one per {@link Limits}: see {@link #of}. */
  private static final ConcurrentMap<Limits, ScenarioCodec> SHARED = new ConcurrentHashMap<>();

  /**
   * A codec built for its own use. Production code takes the process's shared codec ({@link #of},
   * {@link #shared}); either way the JSON Schema is compiled once per process.
   */
  public ScenarioCodec(Limits limits) {
    this.limits = limits;
    this.json = strict(new ObjectMapper());
    this.yaml = strict(new ObjectMapper(new YAMLFactory()));
    this.validator = new ScenarioValidator(limits);
    this.acceptedValidator = new ScenarioValidator(limits.withMaxWork(Double.POSITIVE_INFINITY));
  }

  public ScenarioCodec() {
    this(Limits.DEFAULT);
  }

  /**
   * The process's codec for these limits: built on first request, then the same instance for every
   * caller (a codec is immutable and thread-safe). A process asks for one or two sets of limits
   * (the command line's or the function's configuration), so this holds one or two codecs.
   */
  public static ScenarioCodec of(Limits limits) {
    return SHARED.computeIfAbsent(limits, ScenarioCodec::new);
  }

  /** The process's codec for the default limits. */
  public static ScenarioCodec shared() {
    return of(Limits.DEFAULT);
  }

  /** What a scenario may ask for under this codec. */
  public Limits limits() {
    return limits;
  }

  private Schema schema() {
    usedSchema = true;
    return CompiledSchema.get();
  }

  /**
   * Whether this codec has checked a document against the JSON Schema (it does on the first new
   * document; a document accepted before is read without it).
   */
  boolean usedSchema() {
    return usedSchema;
  }

  /**
   * How many times this process has compiled the JSON Schema: 0 before the first document is
   * checked against it, 1 after, whatever the number of codecs or their limits.
   */
  public static int schemaCompilations() {
    return CompiledSchema.COMPILATIONS.get();
  }

  /**
   * The scenario JSON Schema, compiled once per process on first use and shared by every codec (a
   * compiled schema is immutable and validates from many threads at once; compiling it is most of a
   * cold function's first parse). A worker that only reads stored scenarios never compiles it.
   */
  private static final class CompiledSchema {
    private static final AtomicInteger COMPILATIONS = new AtomicInteger();
    private static volatile Schema schema;

    private CompiledSchema() {}

    static Schema get() {
      Schema s = schema;
      if (s == null) {
        synchronized (CompiledSchema.class) {
          s = schema;
          if (s == null) {
            s = compile();
            COMPILATIONS.incrementAndGet();
            schema = s;
          }
        }
      }
      return s;
    }

    private static Schema compile() {
      SchemaRegistryConfig config =
          SchemaRegistryConfig.builder()
              .locale(Locale.ENGLISH)
              .pathType(PathType.JSON_PATH)
              .build();
      SchemaRegistry registry =
          SchemaRegistry.withDefaultDialect(
              SpecificationVersion.DRAFT_2020_12, b -> b.schemaRegistryConfig(config));
      try (InputStream in = ScenarioCodec.class.getResourceAsStream(SCHEMA_RESOURCE)) {
        return registry.getSchema(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + SCHEMA_RESOURCE, e);
      }
    }
  }

  /** The published JSON Schema of scenario documents. */
  public static String schemaText() {
    try (InputStream in = ScenarioCodec.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A mapper that reads one document and nothing else: a duplicate key (JSON or YAML), a token
   * after the document (trailing garbage, or a second document) is an error, not silently dropped
   * or overwritten. Floats are read exactly.
   */
  public static ObjectMapper strict(ObjectMapper mapper) {
    mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    mapper.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    return mapper;
  }

  /**
   * Reads JSON text into a tree with the {@link #strict} rules, or throws a {@link
   * dev.archsim.engine.validate.ScenarioRejectedException} saying where and why it is not one
   * well-formed document.
   */
  public static JsonNode readJsonTree(ObjectMapper strictMapper, String text) {
    try {
      return strictMapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new dev.archsim.engine.validate.ScenarioRejectedException(List.of(notWellFormed(e)));
    }
  }

  /**
   * A parse error with its line and column, at the root; a duplicate key at its own path (where the
   * reader was), since the key names the place.
   */
  static Violation notWellFormed(JsonProcessingException e) {
    int[] at = whereNotWellFormed(e);
    String where = at == null ? "" : " at line " + at[0] + ", column " + at[1];
    String path = "$";
    if (e.getOriginalMessage() != null
        && e.getOriginalMessage().startsWith("Duplicate field")
        && e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser p
        && p.getParsingContext() != null) {
      path = jsonPath(p.getParsingContext().pathAsPointer(false).toString());
    }
    return Violation.error(
        path,
        "not a well-formed document"
            + where
            + ": "
            + ReadableProblems.parseProblem(e.getOriginalMessage()));
  }

  /**
   * Where a text stops being a well-formed document: {@code {line, column}}, both from 1, or null
   * when the parser does not say. For YAML, the place the YAML parser found the problem (a tab at
   * the start of line 3 is at line 3, column 1), not where the last value before it ended.
   */
  public static int[] whereNotWellFormed(JsonProcessingException e) {
    if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException y
        && y.getProblemMark() != null) {
      return new int[] {y.getProblemMark().getLine() + 1, y.getProblemMark().getColumn() + 1};
    }
    if (e.getLocation() == null || e.getLocation().getLineNr() < 1) {
      return null;
    }
    return new int[] {e.getLocation().getLineNr(), e.getLocation().getColumnNr()};
  }

  /** A JSON Pointer ({@code /stages/0/name}) as a JSON path ({@code $.stages[0].name}). */
  static String jsonPath(String pointer) {
    StringBuilder out = new StringBuilder("$");
    if (pointer.isEmpty()) {
      return "$";
    }
    for (String token : pointer.substring(1).split("/", -1)) {
      String name = token.replace("~1", "/").replace("~0", "~");
      if (!name.isEmpty() && digits(name)) {
        out.append('[').append(name).append(']');
      } else {
        out.append('.').append(name);
      }
    }
    return out.toString();
  }

  /** Parses JSON text. */
  public ScenarioParseResult parseJson(String text) {
    return parse(text, json);
  }

  /** Parses YAML (or JSON, which is YAML) text. */
  public ScenarioParseResult parseYaml(String text) {
    return parse(text, yaml);
  }

  /**
   * Parses a JSON document that archsim accepted before, such as the scenario stored with a run by
   * the API that validated it: mapped and validated semantically, without checking it against the
   * JSON Schema again (compiling the schema is most of a cold worker's parse). A document this
   * version cannot map or that breaks a semantic rule is still rejected, with every problem.
   */
  public ScenarioParseResult parseAccepted(String json) {
    return parseAccepted(json, ScenarioOverrides.NONE);
  }

  /**
   * Parses a document archsim accepted before ({@link #parseAccepted(String)}) with the overrides
   * it was accepted with applied to its model before the rules run: the scenario a stored run
   * simulates, each stage at its place in the file.
   */
  public ScenarioParseResult parseAccepted(String json, ScenarioOverrides overrides) {
    JsonNode tree;
    try {
      tree = this.json.readTree(json);
    } catch (JsonProcessingException e) {
      return ScenarioParseResult.rejected(List.of(notWellFormed(e)));
    }
    if (tree == null || !tree.isObject()) {
      return ScenarioParseResult.rejected(List.of(Violation.error("$", "not a scenario object")));
    }
    try {
      return mapAndValidate(tree, acceptedValidator, overrides, ScenarioOverrides.Terms.REQUEST);
    } catch (RuntimeException e) {
      // not what the schema allows: say why, as for a new document
      return parseTree(tree, overrides, ScenarioOverrides.Terms.REQUEST);
    }
  }

  /** Parses by file name: .yaml/.yml as YAML, anything else as JSON. */
  public ScenarioParseResult parse(String fileName, String text) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    return lower.endsWith(".yaml") || lower.endsWith(".yml") ? parseYaml(text) : parseJson(text);
  }

  private ScenarioParseResult parse(String text, ObjectMapper mapper) {
    JsonNode tree;
    try {
      tree = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      return ScenarioParseResult.rejected(List.of(notWellFormed(e)));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      return ScenarioParseResult.rejected(List.of(Violation.error("$", "the document is empty")));
    }
    return parseTree(tree);
  }

  /** Validates a parsed tree against the schema, then maps and validates it semantically. */
  public ScenarioParseResult parseTree(JsonNode tree) {
    return parseTree(tree, ScenarioOverrides.NONE, ScenarioOverrides.Terms.REQUEST);
  }

  /**
   * Validates a parsed tree against the schema, maps it, applies the caller's overrides to the
   * model and validates the result semantically: in one pass, the document's schema problems, the
   * rules' problems of the scenario as it will run (said at the document's paths, a stage at its
   * place in the file) and the overrides' own (said as {@code terms} name them).
   */
  public ScenarioParseResult parseTree(
      JsonNode tree, ScenarioOverrides overrides, ScenarioOverrides.Terms terms) {
    List<Violation> nonFinite = new ArrayList<>();
    findNonFinite(tree, "$", nonFinite);
    if (!nonFinite.isEmpty()) {
      return ScenarioParseResult.rejected(nonFinite);
    }
    List<Error> errors;
    try {
      errors = schema().validate(tree);
    } catch (RuntimeException e) {
      return ScenarioParseResult.rejected(
          List.of(Violation.error("$", "the document could not be checked: " + e.getMessage())));
    }
    ReadableProblems.SchemaProblems problems = ReadableProblems.checked(errors);
    List<Violation> schemaViolations = new ArrayList<>(problems.problems());
    schemaViolations.addAll(WorkloadShapes.unresolved(tree));
    if (!schemaViolations.isEmpty()) {
      schemaViolations.addAll(
          semanticBesides(
              tree, schemaViolations, problems.repairs(), problems.unusable(), overrides, terms));
      return ScenarioParseResult.rejected(schemaViolations);
    }
    return mapAndValidate(tree, validator, overrides, terms);
  }

  /**
   * Maps a tree to a scenario, applies the overrides and checks its semantic rules (the schema step
   * comes before).
   */
  private ScenarioParseResult mapAndValidate(
      JsonNode tree,
      ScenarioValidator validator,
      ScenarioOverrides overrides,
      ScenarioOverrides.Terms terms) {
    List<Violation> mapping = new ArrayList<>();
    Scenario scenario = toScenario(tree, mapping);
    if (!mapping.isEmpty()) {
      return ScenarioParseResult.rejected(mapping);
    }
    return check(scenario, tree, validator, overrides, terms);
  }

  /**
   * Checks a scenario against the semantic rules and this codec's limits (the work budget included)
   * without parsing anything: {@code asParsed} is the model of {@code document} as it was parsed
   * (the overrides not applied), and the scenario checked and accepted is {@code asParsed} with
   * {@code overrides} applied. Problems are said at the document's paths (a stage at its place in
   * the file) or, for what the overrides set, as {@code terms} name them.
   */
  public ScenarioParseResult check(
      Scenario asParsed,
      JsonNode document,
      ScenarioOverrides overrides,
      ScenarioOverrides.Terms terms) {
    return check(asParsed, document, validator, overrides, terms);
  }

  private static ScenarioParseResult check(
      Scenario asParsed,
      JsonNode tree,
      ScenarioValidator validator,
      ScenarioOverrides overrides,
      ScenarioOverrides.Terms terms) {
    List<Violation> all = new ArrayList<>(overrides.problems(asParsed, terms));
    Scenario scenario = overrides.applyTo(asParsed);
    all.addAll(
        ReadableProblems.semantic(
            overrides.said(validator.validate(scenario), scenario, terms), tree));
    for (Violation v : all) {
      if (v.isError()) {
        return ScenarioParseResult.rejected(all);
      }
    }
    return ScenarioParseResult.accepted(scenario, all);
  }

  /**
   * Whether {@code s} is all digits. (Loops rather than streams and lambdas on the parse's path:
   * each lambda's class is spun at its first call, start-up work every command pays.)
   */
  private static boolean digits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Numbers JSON cannot hold (from a tree built in code, or a float beyond double range). */
  private static void findNonFinite(JsonNode n, String path, List<Violation> out) {
    if (n.isNumber() && !n.isIntegralNumber() && !Double.isFinite(n.asDouble())) {
      out.add(Violation.error(path, "not a finite number"));
    } else if (n.isObject()) {
      for (var it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        findNonFinite(e.getValue(), path + "." + e.getKey(), out);
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        findNonFinite(n.get(i), path + "[" + i + "]", out);
      }
    }
  }

  /**
   * The semantic problems of a document that also has schema problems, so one round lists both. The
   * document is read leniently ({@link LenientReading}): a refused value as the option it is
   * nearest to, or as each option in turn (a problem is kept only if every reading has it); a field
   * of the wrong type as its default; a part that cannot be read at all (a stage without its
   * architecture) is left out of the rules, at its path. Semantic problems at or under the place of
   * a schema problem repeat it and are dropped, and so are problems at a place the file does not
   * have (a value the lenient reading derived; a request's own, such as ?trials, are kept); every
   * other rule runs, on every other part.
   */
  private List<Violation> semanticBesides(
      JsonNode tree,
      List<Violation> schemaViolations,
      List<LenientReading.Repair> repairs,
      List<String> unusable,
      ScenarioOverrides overrides,
      ScenarioOverrides.Terms terms) {
    java.util.Set<Violation> common = null;
    List<String> unreadable = new ArrayList<>();
    unreadable.addAll(unusable); // read as nothing: marks the stage that holds one unreadable
    for (JsonNode reading : LenientReading.variants(tree, repairs)) {
      List<Violation> found;
      try {
        Scenario lenient = overrides.applyTo(toScenario(reading, new ArrayList<>(), unreadable));
        found =
            ReadableProblems.semantic(
                overrides.said(validator.validate(lenient), lenient, terms), tree);
      } catch (RuntimeException e) {
        return List.of(); // too broken to read; the schema problems say why
      }
      if (common == null) {
        common = new java.util.LinkedHashSet<>(found);
      } else {
        common.retainAll(new java.util.HashSet<>(found));
      }
    }
    List<Violation> extra = new ArrayList<>();
    for (Violation v : common) {
      if (!LenientReading.covered(v, schemaViolations, unreadable)
          && (!v.path().startsWith("$") || ReadableProblems.at(tree, v.path()) != null)) {
        extra.add(v);
      }
    }
    return extra;
  }

  // ------------------------------------------------------------------ mapping (schema-valid input)

  /** Documents mapped to a model in this process, by every codec: see {@link #documentsMapped}. */
  private static final java.util.concurrent.atomic.LongAdder MAPPED =
      new java.util.concurrent.atomic.LongAdder();

  /**
   * How many scenario documents this process has mapped to a model (every parse that got past the
   * schema), so a test can check that a run parses its scenario once.
   */
  public static long documentsMapped() {
    return MAPPED.sum();
  }

  private Scenario toScenario(JsonNode n, List<Violation> out) {
    return toScenario(n, out, null);
  }

  /**
   * The scenario of a document. With {@code unreadable} null the document has passed the schema;
   * otherwise it is read leniently (see {@link #semanticBesides}): a part that cannot be read is
   * replaced by an empty one and its path added to {@code unreadable}, whose problems are dropped.
   */
  private Scenario toScenario(JsonNode n, List<Violation> out, List<String> unreadable) {
    MAPPED.increment();
    RunSettings run = run(n.path("run"), out);
    Objectives objectives =
        n.has("objectives")
            ? new Objectives(
                optDouble(n.path("objectives"), "availability"),
                optDouble(n.path("objectives"), "latencyP99Ms"),
                optDouble(n.path("objectives"), "monthlyBudgetUsd"),
                optDouble(n.path("objectives"), "rtoSeconds"),
                optDouble(n.path("objectives"), "rpoSeconds"),
                optDouble(n.path("objectives"), "lostMessagesPerMillion"))
            : Objectives.NONE;
    Workload workload =
        n.has("workload") ? workload(n.get("workload"), "$.workload", unreadable) : null;
    Faults faults = null;
    if (n.has("faults")) {
      try {
        faults = faults(n.get("faults"), "$.faults");
      } catch (RuntimeException e) {
        if (unreadable == null) {
          throw e;
        }
        unreadable.add("$.faults");
      }
    }
    List<Stage> stages = new ArrayList<>();
    for (JsonNode s : n.path("stages")) {
      String path = "$.stages[" + stages.size() + "]";
      try {
        if (unreadable != null
            && (!s.path("architecture").isObject() || holdsUnusable(unreadable, path))) {
          // no architecture to judge: the stage's rules, and the faults judged against it, are
          // skipped rather than run on an empty stand-in
          throw new IllegalArgumentException(path + ": no architecture");
        }
        stages.add(
            new Stage(
                s.path("name").asText(),
                s.path("description").asText(""),
                s.has("workload")
                    ? workload(s.get("workload"), path + ".workload", unreadable)
                    : null,
                architecture(s.path("architecture"), path + ".architecture", unreadable),
                s.has("faults") ? faults(s.get("faults"), path + ".faults") : null));
      } catch (RuntimeException e) {
        if (unreadable == null) {
          throw e;
        }
        unreadable.add(path); // its rules are skipped; the other stages keep their places
        stages.add(
            new Stage(
                s.path("name").asText(path),
                "",
                null,
                new Architecture("", List.of(), Map.of()),
                Faults.NONE));
      }
    }
    return new Scenario(
        n.path("version").asInt(),
        n.path("name").asText(),
        n.path("description").asText(""),
        run,
        objectives,
        workload,
        faults,
        stages,
        n.has("pricing") ? pricing(n.get("pricing")) : null);
  }

  /** Whether a refused value that cannot be read lies in the part at {@code path}. */
  private static boolean holdsUnusable(List<String> unreadable, String path) {
    for (String u : unreadable) {
      if (LenientReading.covers(path, u) && !u.equals(path)) {
        return true;
      }
    }
    return false;
  }

  private static dev.archsim.engine.model.Pricing pricing(JsonNode p) {
    List<dev.archsim.engine.model.Pricing.Entry> entries = new ArrayList<>();
    for (JsonNode e : p.path("prices")) {
      entries.add(
          new dev.archsim.engine.model.Pricing.Entry(
              e.path("item").asText(),
              e.has("region") ? e.get("region").asText() : null,
              e.path("usd").asDouble(),
              e.has("source") ? e.get("source").asText() : null));
    }
    return new dev.archsim.engine.model.Pricing(
        p.path("discountPercent").asDouble(Defaults.DISCOUNT_PERCENT), entries);
  }

  private RunSettings run(JsonNode r, List<Violation> out) {
    return new RunSettings(
        duration(r, "horizon", RunSettings.DEFAULT_HORIZON, out),
        duration(r, "step", RunSettings.DEFAULT_STEP, out),
        r.has("trials") ? saturatedInt(r.get("trials")) : RunSettings.DEFAULT_TRIALS,
        r.has("seed") ? r.get("seed").asLong() : RunSettings.DEFAULT_SEED,
        RunSettings.InitialState.fromId(r.path("initialState").asText(Defaults.RUN_INITIAL_STATE)),
        RunSettings.Mode.fromId(r.path("mode").asText(Defaults.RUN_MODE)));
  }

  private static int saturatedInt(JsonNode n) {
    if (n.canConvertToInt()) {
      return n.asInt();
    }
    return n.bigIntegerValue().signum() < 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
  }

  private static Duration duration(
      JsonNode parent, String field, Duration dflt, List<Violation> out) {
    if (!parent.has(field)) {
      return dflt;
    }
    String text = parent.get(field).asText();
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      out.add(Violation.error("$.run." + field, "not an ISO-8601 duration: '" + text + "'"));
      return dflt;
    }
  }

  /**
   * A workload; read leniently ({@code unreadable} not null), one that cannot be read is an empty
   * one, and its path is unreadable.
   */
  private static Workload workload(JsonNode w, String path, List<String> unreadable) {
    if (unreadable == null) {
      return workload(w);
    }
    try {
      return workload(w);
    } catch (RuntimeException e) {
      unreadable.add(path);
      return workload(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }
  }

  private static Workload workload(JsonNode w) {
    JsonNode p = w.path("pattern");
    TrafficPattern pattern =
        "daily".equals(p.path("type").asText())
            ? new TrafficPattern.Daily(
                p.path("peakFactor").asDouble(),
                p.path("peakHourUtc").asDouble(Defaults.DAILY_PEAK_HOUR_UTC))
            : new TrafficPattern.Constant();
    ShapedPattern shaped = WorkloadShapes.shaped(w) ? WorkloadShapes.pattern(w, pattern) : null;
    if (shaped != null) {
      pattern = shaped;
    }
    JsonNode prof = w.path("profile");
    double rate;
    if (shaped != null && shaped.trace() != null) {
      rate = WorkloadShapes.traceRate(shaped);
    } else if (w.has("pageViewsPerMonth")) {
      rate =
          w.get("pageViewsPerMonth").asDouble()
              * w.path("requestsPerPageView").asDouble(Defaults.REQUESTS_PER_PAGE_VIEW)
              / (730 * 3600.0);
    } else if (w.has("activeUsers")) {
      rate =
          w.get("activeUsers").asDouble() * w.path("requestsPerUserPerDay").asDouble() / 86_400.0;
    } else {
      rate = w.path("requestsPerSecond").asDouble();
    }
    List<Workload.Users> users = new ArrayList<>();
    for (JsonNode u : w.path("users")) {
      users.add(new Workload.Users(u.path("region").asText(), u.path("share").asDouble()));
    }
    return new Workload(
        rate,
        pattern,
        new RequestProfile(
            prof.path("cpuMsPerRequest").asDouble(),
            prof.path("bytesOut").asDouble(Defaults.BYTES_OUT),
            prof.path("networkLatencyMs").asDouble(Defaults.NETWORK_LATENCY_MS),
            prof.path("timeoutMs").asDouble(Defaults.TIMEOUT_MS),
            prof.path("staticFraction").asDouble(Defaults.STATIC_FRACTION),
            prof.path("dbReadsPerRequest").asDouble(Defaults.DB_READS_PER_REQUEST),
            prof.path("dbWritesPerRequest").asDouble(Defaults.DB_WRITES_PER_REQUEST),
            prof.path("sessionSeconds").asDouble(Defaults.SESSION_SECONDS),
            prof.path("requestsPerSession").asDouble(Defaults.REQUESTS_PER_SESSION),
            prof.path("egressShare").asDouble(Defaults.EGRESS_SHARE),
            prof.path("egressKb").asDouble(Defaults.EGRESS_KB)),
        users);
  }

  private static Faults faults(JsonNode f, String path) {
    Faults.InstanceFaults instance = null;
    if (f.has("instance")) {
      JsonNode i = f.get("instance");
      JsonNode r = i.get("recovery");
      Faults.Recovery recovery =
          "manual".equals(r.get("type").asText())
              ? new Faults.ManualRepair(r.get("mttrMinutes").asDouble())
              : new Faults.Replacement(
                  r.path("detectionSeconds").asDouble(Defaults.REPLACEMENT_DETECTION_SECONDS),
                  r.path("bootSeconds").asDouble(Defaults.REPLACEMENT_BOOT_SECONDS));
      instance = new Faults.InstanceFaults(i.get("mtbfHours").asDouble(), recovery);
    }
    Faults.AzFaults az =
        f.has("az")
            ? new Faults.AzFaults(
                f.get("az").get("ratePerYear").asDouble(),
                f.get("az").get("meanDurationHours").asDouble())
            : null;
    List<Faults.ScheduledFault> scheduled = new ArrayList<>();
    for (JsonNode s : f.path("scheduled")) {
      String type = s.get("type").asText();
      Optional<Component<?>> reader = Components.readerOf(type);
      if (reader.isPresent()) { // a component's fault: its module reads it
        String at = path + ".scheduled[" + scheduled.size() + "]";
        scheduled.add(reader.get().readFault(new JsonSection(s, at)));
        continue;
      }
      Duration at = Duration.parse(s.get("at").asText());
      switch (type) {
        case "az-outage" ->
            scheduled.add(
                new Faults.AzOutage(
                    s.get("az").asText(), at, Duration.parse(s.get("duration").asText())));
        case "resize" ->
            scheduled.add(
                new Faults.Resize(
                    at,
                    s.get("toInstanceType").asText(),
                    s.path("downtimeSeconds").asDouble(Defaults.RESIZE_DOWNTIME_SECONDS)));
        case "region-outage" ->
            scheduled.add(
                new Faults.RegionOutage(
                    at,
                    Duration.parse(s.get("duration").asText()),
                    s.has("region") ? s.get("region").asText() : null));
        case "instance-failure" ->
            scheduled.add(new Faults.InstanceFailure(at, s.get("az").asText()));
        default ->
            scheduled.add(
                new Faults.DnsRemoval(
                    at, s.path("terminate").asBoolean(Defaults.DNS_REMOVAL_TERMINATES)));
      }
    }
    Faults.RegionFaults region =
        f.has("region")
            ? new Faults.RegionFaults(
                f.get("region").get("ratePerYear").asDouble(),
                f.get("region").get("meanDurationHours").asDouble())
            : null;
    Faults.DatabaseFaults database =
        f.has("database")
            ? new Faults.DatabaseFaults(f.get("database").get("mtbfHours").asDouble())
            : null;
    return new Faults(instance, az, scheduled, region, database);
  }

  /** The Lambda functions: the compute of a stage that has no compute tier. */
  private static final FunctionsComponent FUNCTIONS = new FunctionsComponent();

  /** The compute tier, which a component may bring (a container service's tasks). */
  private static final ComputeComponent COMPUTE = new ComputeComponent();

  /**
   * A stage's architecture: the sections that are not component modules yet mapped here, and every
   * registered component's section handed to the component ({@link Component#read}).
   */
  private static Architecture architecture(JsonNode a, String path, List<String> unreadable) {
    List<String> azs = new ArrayList<>();
    for (JsonNode z : a.path("azs")) {
      azs.add(z.asText());
    }
    Map<String, Object> parts = new LinkedHashMap<>();
    for (Component<?> c : Components.all()) {
      if (a.has(c.section())) {
        try {
          parts.put(c.section(), c.read(JsonSection.of(a, c.section(), path)));
        } catch (RuntimeException e) {
          if (unreadable == null) {
            throw e;
          }
          unreadable.add(path); // without a section, the others' rules would judge a stage
          return new Architecture("", List.of(), Map.of()); // the user did not write
        }
      }
    }
    if (!parts.containsKey(COMPUTE.section())) {
      for (Component<?> c : Components.all()) {
        if (parts.containsKey(c.section()) && !parts.containsKey(COMPUTE.section())) {
          ComputeTier brought = computeTier(c, parts.get(c.section()), azs);
          if (brought != null) {
            parts.put(COMPUTE.section(), brought);
          }
        }
      }
    }
    if (parts.containsKey("entry")
        && !parts.containsKey(COMPUTE.section())
        && !parts.containsKey(FUNCTIONS.section())) { // an entry fronts Lambda by default
      parts.put(
          FUNCTIONS.section(), FUNCTIONS.read(JsonSection.empty(path + "." + FUNCTIONS.section())));
    }
    return new Architecture(a.path("region").asText(), azs, parts);
  }

  /** The compute tier a component brings (a container service's tasks), or null. */
  @SuppressWarnings("unchecked") // parts holds what the component's read returned
  private static <C> ComputeTier computeTier(Component<C> c, Object config, List<String> azs) {
    return c.computeTier((C) config, azs);
  }

  private static Double optDouble(JsonNode n, String field) {
    return n.has(field) ? n.get(field).asDouble() : null;
  }
}
