package dev.archsim.core.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.validate.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Aurora Serverless v2 and ElastiCache Serverless through the codec: the library's stage reads as
 * written, and a document with a mistake in each field has every one reported at its path in one
 * pass.
 */
class DataServerlessValidationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String A = "$.stages[3].architecture";

  static ObjectNode dbFailover() throws Exception {
    return (ObjectNode)
        JSON.readTree(Files.readString(Path.of("../../events/scenarios/db-failover.json")));
  }

  @Test
  void theLibraryStageReadsAsWritten() throws Exception {
    ScenarioParseResult r = new ScenarioCodec().parseTree(dbFailover());
    assertThat(r.isValid()).isTrue();
    var a = r.orThrow().stage(3).architecture();
    assertThat(a.database().serverless()).isEqualTo(new Database.ServerlessV2(0.5, 16));
    assertThat(a.database().instanceClass()).isEqualTo("db.serverless");
    assertThat(a.cache().isServerless()).isTrue();
    assertThat(a.cache().nodeType()).isNull();
    assertThat(a.cache().serverless().dataGb()).isEqualTo(2);
    assertThat(a.cache().serverless().itemKb()).isEqualTo(1);
    assertThat(a.cache().serverless().maxEcpuPerSecond()).isZero();
  }

  @Test
  void everyMistakeIsListedAtItsPath() throws Exception {
    ObjectNode doc = dbFailover();
    ObjectNode a = (ObjectNode) doc.get("stages").get(3).get("architecture");
    ObjectNode db = a.putObject("database");
    db.put("engine", "rds").put("proxy", true).put("instanceClass", "db.r6g.large");
    db.putObject("serverless").put("minAcu", 8.25).put("maxAcu", 4);
    ObjectNode cache = a.putObject("cache");
    cache.put("engine", "dax").put("hitRatio", 0.8).put("nodes", 3).put("replicated", true);
    cache.putObject("serverless").put("dataGb", 2);

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    assertThat(r.isValid()).isFalse();
    List<String> paths = r.errors().stream().map(Violation::path).toList();
    assertThat(paths)
        .contains(
            A + ".database.serverless",
            A + ".database.instanceClass",
            A + ".database.serverless.minAcu",
            A + ".database.proxy",
            A + ".cache.serverless",
            A + ".cache.nodes",
            A + ".cache.replicated");
    assertThat(r.errors())
        .anySatisfy(v -> assertThat(v.message()).contains("steps of 0.5; found 8.25"))
        .anySatisfy(v -> assertThat(v.message()).contains("above the maximum 4"))
        .anySatisfy(v -> assertThat(v.message()).contains("not DAX"));
  }

  @Test
  void aRangeBeyondAwsBoundsIsASchemaError() throws Exception {
    ObjectNode doc = dbFailover();
    ObjectNode db = (ObjectNode) doc.get("stages").get(3).get("architecture").get("database");
    ((ObjectNode) db.get("serverless")).put("maxAcu", 512);
    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);
    assertThat(r.errors()).extracting(Violation::path).contains(A + ".database.serverless.maxAcu");
  }
}
