package dev.archsim.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Thousands of randomly mutated scenario documents: the codec never throws, and every rejection
 * lists at least one problem with a JSON path. Reproducible: each case's mutations come from its
 * own seed.
 */
class ScenarioFuzzTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final JsonNodeFactory F = JsonNodeFactory.instance;
  static final ScenarioCodec CODEC = new ScenarioCodec();
  static final java.util.concurrent.atomic.AtomicInteger SIMULATED =
      new java.util.concurrent.atomic.AtomicInteger();
  static final java.util.concurrent.atomic.AtomicInteger SIMULATION_CASES =
      new java.util.concurrent.atomic.AtomicInteger();

  /** The simulation cases are not vacuous: a good share of mutations stay valid. */
  @org.junit.jupiter.api.AfterAll
  static void enoughValidMutationsWereSimulated() {
    if (SIMULATION_CASES.get() > 0) {
      assertThat(SIMULATED.get()).isGreaterThan(30);
    }
  }

  /** Every scenario of the library: the fuzzer mutates each in turn. */
  static final List<JsonNode> LIBRARY = new ArrayList<>();

  static void loadLibrary() throws Exception {
    if (LIBRARY.isEmpty()) {
      try (var files = Files.list(Path.of("../../events/scenarios"))) {
        for (Path p : files.sorted().toList()) {
          LIBRARY.add(JSON.readTree(Files.readString(p)));
        }
      }
    }
  }

  static JsonNode base(long seed) {
    return LIBRARY.get((int) (seed % LIBRARY.size())).deepCopy();
  }

  static LongStream seeds() throws Exception {
    loadLibrary();
    return LongStream.range(0, 2000);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aMutatedDocumentIsAcceptedOrRejectedWithItsProblemsNeverAnException(long seed) {
    Random r = new Random(seed);
    JsonNode doc = base(seed);
    int mutations = 1 + r.nextInt(4);
    for (int i = 0; i < mutations; i++) {
      doc = mutate(doc, r);
    }
    ScenarioParseResult result = CODEC.parseTree(doc);
    if (!result.isValid()) {
      assertThat(result.errors()).isNotEmpty();
      assertThat(result.errors())
          .allSatisfy(
              v -> {
                assertThat(v.path()).startsWith("$");
                assertThat(v.message()).isNotBlank();
              });
    }
    // the same document as text (and as YAML) goes through the same way
    assertThat(CODEC.parseJson(doc.toString()).isValid()).isEqualTo(result.isValid());
  }

  static LongStream simulatedSeeds() throws Exception {
    loadLibrary();
    return LongStream.range(10_000, 10_500);
  }

  /** Accepted mutations also simulate without an exception (one short trial of every stage). */
  @ParameterizedTest
  @MethodSource("simulatedSeeds")
  void anAcceptedMutationSimulatesWithoutAnException(long seed) {
    SIMULATION_CASES.incrementAndGet();
    Random r = new Random(seed);
    JsonNode doc = base(seed);
    for (int i = 0; i < 1 + r.nextInt(3); i++) {
      doc = mutate(doc, r);
    }
    ((ObjectNode) doc).putObject("run").put("horizon", "PT6H").put("step", "PT5M").put("trials", 1);
    ScenarioParseResult result = CODEC.parseTree(doc);
    if (result.isValid()) {
      SIMULATED.incrementAndGet();
      var scenario = result.scenario().orElseThrow();
      for (int stage = 0; stage < scenario.stages().size(); stage++) {
        var acc =
            new dev.archsim.engine.sim.Simulator()
                .simulate(scenario, new dev.archsim.engine.sim.Shard(0, stage, 0, 1));
        assertThat(acc.served() + acc.failed()).isEqualTo(acc.requests());
      }
    }
  }

  /** Replaces one random node of the tree (or the root) with a mutation of it. */
  static JsonNode mutate(JsonNode root, Random r) {
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    JsonNode target = containers.get(r.nextInt(containers.size()));
    if (target instanceof ObjectNode o && o.size() > 0) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      String name = names.get(r.nextInt(names.size()));
      switch (r.nextInt(4)) {
        case 0 -> o.remove(name);
        case 1 -> o.set("x" + r.nextInt(3), randomValue(r));
        default -> o.set(name, twist(o.get(name), r));
      }
    } else if (target instanceof ArrayNode a && a.size() > 0) {
      int i = r.nextInt(a.size());
      switch (r.nextInt(3)) {
        case 0 -> a.remove(i);
        case 1 -> a.add(a.get(i).deepCopy());
        default -> a.set(i, twist(a.get(i), r));
      }
    }
    return root;
  }

  static void collect(JsonNode n, List<JsonNode> out) {
    if (n.isContainerNode()) {
      out.add(n);
      for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
        collect(it.next(), out);
      }
    }
  }

  static JsonNode twist(JsonNode n, Random r) {
    if (n.isNumber() && r.nextBoolean()) {
      double[] odd = {-1, 0, -0.0, 1e308, -1e308, 1e-300, 2147483648.0, 9.3e18, 0.5, 1e6};
      return F.numberNode(odd[r.nextInt(odd.length)] * (r.nextBoolean() ? 1 : n.asDouble()));
    }
    if (n.isTextual() && r.nextBoolean()) {
      String[] odd = {
        "",
        "P",
        "PT-1S",
        "P99999999D",
        "us-east-1z",
        "t2.micro",
        "nlb",
        "route53",
        "🙂",
        "P1DT",
        "daily"
      };
      return F.textNode(odd[r.nextInt(odd.length)]);
    }
    return randomValue(r);
  }

  static JsonNode randomValue(Random r) {
    return switch (r.nextInt(7)) {
      case 0 -> F.nullNode();
      case 1 -> F.booleanNode(r.nextBoolean());
      case 2 -> F.numberNode(r.nextInt(2000) - 1000);
      case 3 -> F.textNode("s" + r.nextInt(100));
      case 4 -> F.arrayNode().add(r.nextInt(5));
      case 5 -> F.objectNode().put("type", r.nextBoolean() ? "alb" : "simple");
      default -> F.numberNode(r.nextDouble() * 1e9);
    };
  }
}
