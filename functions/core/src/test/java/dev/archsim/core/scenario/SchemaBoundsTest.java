package dev.archsim.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.engine.component.CacheComponent;
import dev.archsim.engine.model.Cache;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.validate.ModelBounds;
import dev.archsim.engine.validate.ScenarioValidator;
import dev.archsim.engine.validate.Violation;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every count and string of a scenario has a bound, so no accepted document can size the heap. */
class SchemaBoundsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyStringArrayNumberAndMapInTheSchemaIsBounded() throws Exception {
    JsonNode schema = JSON.readTree(ScenarioCodec.schemaText());
    List<String> unbounded = new ArrayList<>();
    walk(schema, "#", unbounded);
    assertThat(unbounded).isEmpty();
  }

  private static void walk(JsonNode n, String path, List<String> unbounded) {
    if (n.isObject()) {
      String type = n.path("type").asText("");
      boolean closed = n.has("enum") || n.has("const");
      switch (type) {
        case "string" -> {
          if (!closed && !n.has("maxLength")) {
            unbounded.add(path + ": a string without maxLength");
          }
        }
        case "array" -> {
          if (!n.has("maxItems")) {
            unbounded.add(path + ": an array without maxItems");
          }
        }
        case "integer", "number" -> {
          if (!closed && !n.has("maximum") && !n.has("exclusiveMaximum")) {
            unbounded.add(path + ": a number without maximum");
          }
          if (!closed && !n.has("minimum") && !n.has("exclusiveMinimum")) {
            unbounded.add(path + ": a number without minimum");
          }
        }
        case "object" -> {
          if (n.path("additionalProperties").isObject() && !n.has("maxProperties")) {
            unbounded.add(path + ": a map without maxProperties");
          }
        }
        default -> {}
      }
      n.fields().forEachRemaining(e -> walk(e.getValue(), path + "/" + e.getKey(), unbounded));
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        walk(n.get(i), path + "/" + i, unbounded);
      }
    }
  }

  @Test
  void theSchemaMaximaOfCountsTheEngineAllocatesForAreTheSemanticBounds() throws Exception {
    JsonNode d = JSON.readTree(ScenarioCodec.schemaText()).get("$defs");
    JsonNode a = d.at("/architecture/properties");
    assertThat(a.at("/cache/properties/nodes/maximum").asInt()).isEqualTo(CacheComponent.MAX_NODES);
    assertThat(a.at("/azs/maxItems").asInt()).isEqualTo(ModelBounds.MAX_AZS);
    assertThat(d.at("/workload/properties/users/maxItems").asInt())
        .isEqualTo(ModelBounds.MAX_USER_REGIONS);
    assertThat(d.at("/faults/properties/scheduled/maxItems").asInt())
        .isEqualTo(ModelBounds.MAX_SCHEDULED_FAULTS);
    JsonNode g = a.at("/compute/properties/autoScaling/properties");
    assertThat(g.at("/policies/maxItems").asInt()).isEqualTo(ModelBounds.MAX_POLICIES);
    assertThat(g.at("/policies/items/oneOf/1/properties/steps/maxItems").asInt())
        .isEqualTo(ModelBounds.MAX_POLICY_STEPS);
    assertThat(g.at("/scheduled/maxItems").asInt()).isEqualTo(ModelBounds.MAX_SCHEDULED_ACTIONS);
    assertThat(a.at("/vpcEndpoints/properties/gateway/maxItems").asInt())
        .isEqualTo(dev.archsim.engine.model.VpcEndpoints.MAX_ENDPOINTS);
    assertThat(a.at("/vpcEndpoints/properties/interface/maxItems").asInt())
        .isEqualTo(dev.archsim.engine.model.VpcEndpoints.MAX_ENDPOINTS);
    assertThat(a.at("/waf/properties/rules/maximum").asInt())
        .isEqualTo(dev.archsim.engine.model.Waf.MAX_RULES);
    assertThat(a.at("/cloudWatch/properties/metrics/maximum").asInt())
        .isEqualTo(dev.archsim.engine.model.CloudWatch.MAX_COUNT);
    assertThat(a.at("/s3/properties/lifecycle/maxItems").asInt())
        .isEqualTo(dev.archsim.engine.model.S3Storage.MAX_RULES);
  }

  private static ObjectNode withCacheNodes(long nodes) throws Exception {
    ObjectNode doc =
        (ObjectNode)
            JSON.readTree(Files.readString(ScenarioCodecTest.LIBRARY.resolve("db-failover.json")));
    ((ObjectNode) doc.get("stages").get(0).get("architecture"))
        .putObject("cache")
        .put("hitRatio", 0.8)
        .put("nodes", nodes);
    return doc;
  }

  @Test
  void aBillionCacheNodesAreRejectedBeforeAnyStateIsAllocated() throws Exception {
    ScenarioParseResult r = new ScenarioCodec().parseTree(withCacheNodes(1_000_000_000L));
    assertThat(r.isValid()).isFalse();
    assertThat(r.errors())
        .extracting(Violation::path)
        .contains("$.stages[0].architecture.cache.nodes");
    assertThat(new ScenarioCodec().parseTree(withCacheNodes(500)).isValid()).isTrue();
  }

  @Test
  void aStoredDocumentReadWithoutTheSchemaIsBoundedToo() throws Exception {
    ScenarioParseResult r =
        new ScenarioCodec().parseAccepted(withCacheNodes(1_000_000_000L).toString());
    assertThat(r.isValid()).isFalse();
    assertThat(r.errors())
        .extracting(Violation::path)
        .containsExactly("$.stages[0].architecture.cache.nodes");
  }

  @Test
  void aScenarioBuiltInCodeIsBoundedBySemanticValidation() throws Exception {
    Scenario s =
        new ScenarioCodec()
            .parseJson(Files.readString(ScenarioCodecTest.LIBRARY.resolve("db-failover.json")))
            .orThrow();
    Stage st = s.stage(0);
    var a = st.architecture();
    var huge =
        a.with(
            new dev.archsim.engine.component.CacheComponent(),
            new Cache("redis", "cache.r6g.large", Integer.MAX_VALUE, 0.8, false, 10));
    Scenario bad =
        new Scenario(
            s.version(),
            s.name(),
            s.description(),
            s.run(),
            s.objectives(),
            s.workload(),
            s.faults(),
            List.of(new Stage(st.name(), st.description(), st.workload(), huge, st.faults())));
    assertThat(new ScenarioValidator().validate(bad))
        .extracting(Violation::path)
        .contains("$.stages[0].architecture.cache.nodes");
  }
}
