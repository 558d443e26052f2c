package dev.archsim.core.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.DisasterRecovery;
import dev.archsim.engine.model.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scenario codec reads JSON into the model and has no encoder back, so the best design is
 * written by editing the scenario document ({@link DesignWriter}). This checks that the written
 * file round-trips, for every choice a design space can make: written as {@code archsim optimize
 * -o} writes it (pretty-printed), then decoded by the codec as {@code archsim run} decodes a file,
 * it is a valid one-stage scenario whose model is the varied stage's model with the chosen values
 * in their places (checked on the model's fields, not on the document) and every other part of the
 * stage as it was, and it is the very model the optimiser simulated for that design.
 */
class DesignWriterRoundTripTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ScenarioCodec CODEC = new ScenarioCodec();

  /**
   * WhatIsTheTime's three-tier stage: an ALB, a group with two simple policies, RDS, cache, CDN.
   */
  static final Path THREE_TIER = Path.of("../../events/scenarios/three-tier-10m-pv.json");

  static final int STAGE = 1;

  record Case(String choice, Object value, Set<String> touched, Consumer<Architecture> check) {
    @Override
    public String toString() {
      return choice + "=" + value;
    }
  }

  static Case c(String choice, Object value, Set<String> touched, Consumer<Architecture> check) {
    return new Case(choice, value, touched, check);
  }

  static ComputeTier.SimpleScaling policy(Architecture a, boolean above) {
    return a.compute().autoScaling().policies().stream()
        .map(ComputeTier.SimpleScaling.class::cast)
        .filter(p -> p.above() == above)
        .findFirst()
        .orElseThrow();
  }

  static Stream<Arguments> everyChoice() {
    Set<String> compute = Set.of("compute");
    return Stream.of(
            c(
                "instanceType",
                "c5.large",
                compute,
                a -> assertThat(a.compute().instanceType()).isEqualTo("c5.large")),
            c(
                "azs",
                List.of("us-east-1a", "us-east-1c"),
                Set.of("compute", "azs"),
                a -> {
                  // the stage's two instances spread over the chosen AZs
                  assertThat(a.azs()).containsExactly("us-east-1a", "us-east-1c");
                  assertThat(a.compute().placement())
                      .isEqualTo(Map.of("us-east-1a", 1, "us-east-1c", 1));
                }),
            c(
                "instancesPerAz",
                3,
                compute,
                a -> {
                  assertThat(a.compute().placement())
                      .isEqualTo(Map.of("us-east-1a", 3, "us-east-1b", 3));
                  // desired follows the count; max raised to admit it, min kept
                  assertThat(a.compute().autoScaling().desired()).isEqualTo(6);
                  assertThat(a.compute().autoScaling().max()).isEqualTo(6);
                  assertThat(a.compute().autoScaling().min()).isEqualTo(2);
                }),
            c(
                "autoScalingMin",
                1,
                compute,
                a -> assertThat(a.compute().autoScaling().min()).isEqualTo(1)),
            c(
                "autoScalingMax",
                12,
                compute,
                a -> assertThat(a.compute().autoScaling().max()).isEqualTo(12)),
            c(
                "autoScalingDesired",
                4,
                compute,
                a -> assertThat(a.compute().autoScaling().desired()).isEqualTo(4)),
            c(
                "scaleOutThresholdPercent",
                55,
                compute,
                a -> {
                  assertThat(policy(a, true).thresholdPercent()).isEqualTo(55);
                  assertThat(policy(a, false).thresholdPercent()).isEqualTo(30);
                }),
            c(
                "scaleInThresholdPercent",
                20,
                compute,
                a -> {
                  assertThat(policy(a, false).thresholdPercent()).isEqualTo(20);
                  assertThat(policy(a, true).thresholdPercent()).isEqualTo(70);
                }),
            c(
                "reservedCount",
                2,
                compute,
                a -> {
                  ComputeTier.Reserved r = a.compute().purchase().reserved();
                  assertThat(r.count()).isEqualTo(2);
                  assertThat(r.term()).isEqualTo("1y");
                  assertThat(r.payment()).isEqualTo("no-upfront");
                }),
            c(
                "spotShare",
                0.5,
                compute,
                a -> assertThat(a.compute().purchase().spot().share()).isEqualTo(0.5)),
            c(
                "databaseClass",
                "db.r5.large",
                Set.of("database"),
                a -> assertThat(a.database().instanceClass()).isEqualTo("db.r5.large")),
            c(
                "databaseMultiAz",
                false,
                Set.of("database"),
                a -> assertThat(a.database().multiAz()).isFalse()),
            c(
                "readReplicas",
                0,
                Set.of("database"),
                a -> assertThat(a.database().readReplicas()).isZero()),
            c("rdsProxy", true, Set.of("database"), a -> assertThat(a.database().proxy()).isTrue()),
            c("cache", false, Set.of("cache"), a -> assertThat(a.cache()).isNull()),
            c(
                "cacheNodeType",
                "cache.m5.large",
                Set.of("cache"),
                a -> assertThat(a.cache().nodeType()).isEqualTo("cache.m5.large")),
            c("cdn", false, Set.of("cdn"), a -> assertThat(a.cdn()).isNull()),
            c(
                "drStrategy",
                "pilot-light",
                Set.of("dr"),
                a ->
                    assertThat(a.dr().strategy()).isEqualTo(DisasterRecovery.Strategy.PILOT_LIGHT)),
            c("drStrategy", "none", Set.of("dr"), a -> assertThat(a.dr()).isNull()),
            c(
                "drSecondaryRegion",
                "eu-west-1",
                Set.of("dr"),
                a -> assertThat(a.dr().secondaryRegion()).isEqualTo("eu-west-1")))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyChoice")
  void theWrittenFileDecodesToTheChosenModel(Case c) throws Exception {
    String text = Files.readString(THREE_TIER);
    JsonNode tree = JSON.readTree(text);
    Scenario base = CODEC.parseJson(text).orThrow();
    Map<String, JsonNode> values = new LinkedHashMap<>();
    values.put(c.choice(), JSON.valueToTree(c.value()));
    if (c.choice().equals("drStrategy") && !c.value().equals("none")) {
      values.put("drSecondaryRegion", JSON.valueToTree("us-west-2"));
    }
    if (c.choice().equals("autoScalingDesired")) {
      values.put("instancesPerAz", JSON.valueToTree(2)); // the engine wants placement = desired
    }
    if (c.choice().equals("drSecondaryRegion")) {
      values.put("drStrategy", JSON.valueToTree("warm-standby"));
    }
    Design design = new Design(0, values);

    // as archsim optimize -o writes it, and archsim run reads it back
    String file =
        DesignWriter.apply(tree, STAGE, design, "the design").toPrettyString()
            + System.lineSeparator();
    ScenarioParseResult decoded = CODEC.parse("best.json", file);
    assertThat(decoded.errors()).as(file).isEmpty();
    Scenario written = decoded.orThrow();
    assertThat(written.stages()).hasSize(1);
    assertThat(written.stage(0).name()).isEqualTo("the design");

    // the chosen values, read on the model
    Architecture a = written.stage(0).architecture();
    c.check().accept(a);

    // the rest of the stage as it was
    Architecture was = base.stage(STAGE).architecture();
    assertThat(a.region()).isEqualTo(was.region());
    assertThat(a.entry()).isEqualTo(was.entry());
    if (!c.touched().contains("azs")) {
      assertThat(a.azs()).isEqualTo(was.azs());
    }
    if (!c.touched().contains("compute")) {
      assertThat(a.compute()).isEqualTo(was.compute());
    }
    assertThat(without(a.parts(), c.touched())).isEqualTo(without(was.parts(), c.touched()));
    assertThat(written.workloadOf(written.stage(0))).isEqualTo(base.workloadOf(base.stage(STAGE)));
    assertThat(written.faultsOf(written.stage(0))).isEqualTo(base.faultsOf(base.stage(STAGE)));
    assertThat(written.objectives()).isEqualTo(base.objectives());
    assertThat(written.run()).isEqualTo(base.run());

    // and it is the model the optimiser simulated for this design
    DesignSpace space =
        new DesignSpace(STAGE, Map.of(c.choice(), List.of(JSON.valueToTree(c.value()))), List.of());
    Optimizer.Candidate simulated =
        new Optimizer(CODEC, new dev.archsim.engine.sim.Simulator())
        .new Candidate(tree, space.stage(), design, "the design");
    assertThat(simulated.invalid).isNull();
    assertThat(simulated.scenario()).isEqualTo(written);
  }

  private static Map<String, Object> without(Map<String, Object> parts, Set<String> keys) {
    Map<String, Object> out = new TreeMap<>(parts);
    keys.forEach(out::remove);
    return out;
  }
}
