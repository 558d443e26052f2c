package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare A B when B has more stages than A: the stages both have, and a note saying so. */
class CompareStageCountTest {
  @Test
  void theFirstStagesAreComparedAndTheNoteGivesBothCounts(@TempDir Path dir) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode doc = (ObjectNode) json.readTree(CliUsabilityTest.minimalExample());
    Path one = dir.resolve("one.json");
    Files.writeString(one, doc.toPrettyString());
    ArrayNode stages = (ArrayNode) doc.get("stages");
    stages.add(((ObjectNode) stages.get(0).deepCopy()).put("name", "again"));
    Path two = dir.resolve("two.json");
    Files.writeString(two, doc.toPrettyString());

    CliHarness.Outcome o =
        CliHarness.run(
            "compare",
            one.toString(),
            two.toString(),
            "--trials",
            "2",
            "--horizon",
            "P1D",
            "--workers",
            "1");
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.out())
        .contains("the scenarios have 1 and 2 stages; compared the first 1")
        .contains("alb-2-azs")
        .contains("identical in every trial")
        .doesNotContain("again");
  }
}
