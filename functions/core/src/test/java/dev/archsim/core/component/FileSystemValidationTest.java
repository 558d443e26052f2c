package dev.archsim.core.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.validate.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The EFS section through the codec: the schema's problems (an unknown field, a share above 1, a
 * negative size) and the module's (an AZ not in the stage, an AZ given for a Regional file system)
 * are listed together, each at its JSON path, in one pass.
 */
class FileSystemValidationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String FS = "$.stages[0].architecture.fileSystem";

  static ObjectNode egress() throws Exception {
    return (ObjectNode)
        JSON.readTree(Files.readString(Path.of("../../events/scenarios/private-egress.json")));
  }

  @Test
  void everyMistakeOfTheSectionIsListedAtItsPathInOnePass() throws Exception {
    ObjectNode doc = egress();
    ObjectNode a = (ObjectNode) doc.get("stages").get(0).get("architecture");
    a.putObject("fileSystem")
        .put("type", "regional")
        .put("az", "us-east-1z")
        .put("requestShare", 1.5)
        .put("storageGb", -3)
        .put("colour", "red");

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    assertThat(r.isValid()).isFalse();
    List<String> paths = r.errors().stream().map(Violation::path).toList();
    assertThat(paths)
        .contains(FS + ".az", FS + ".requestShare", FS + ".storageGb")
        .anyMatch(p -> p.startsWith(FS) && r.errors().toString().contains("colour"));
    assertThat(r.errors())
        .anySatisfy(v -> assertThat(v.message()).contains("One Zone file system only"))
        .anySatisfy(v -> assertThat(v.message()).contains("not one of the architecture's AZs"));
  }

  @Test
  void theLibrarysOneZoneAndRegionalStagesAreValidAndReadAsWritten() throws Exception {
    ScenarioParseResult r = new ScenarioCodec().parseTree(egress());
    assertThat(r.errors()).isEmpty();
    var stages = r.orThrow().stages();
    var oneZone =
        (dev.archsim.engine.model.FileSystem)
            stages.get(3).architecture().parts().get("fileSystem");
    var regional =
        (dev.archsim.engine.model.FileSystem)
            stages.get(4).architecture().parts().get("fileSystem");
    assertThat(oneZone.oneZone()).isTrue();
    assertThat(oneZone.az()).isEqualTo("us-east-1a");
    assertThat(oneZone.requestShare()).isEqualTo(0.6);
    assertThat(regional.oneZone()).isFalse();
    assertThat(regional.az()).isNull();
  }
}
