package dev.archsim.core.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.validate.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Objects stay 30 days in STANDARD_IA before a lifecycle rule moves them on to GLACIER or
 * DEEP_ARCHIVE, as S3 requires.
 */
class S3LifecycleValidationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String S3 = "$.stages[0].architecture.s3";

  static ObjectNode withLifecycle(int iaDays, String next, int nextDays) throws Exception {
    ObjectNode doc =
        (ObjectNode)
            JSON.readTree(Files.readString(Path.of("../../events/scenarios/private-egress.json")));
    ObjectNode a = (ObjectNode) doc.get("stages").get(0).get("architecture");
    ArrayNode rules = a.putObject("s3").put("gbPerMonth", 10).putArray("lifecycle");
    rules.addObject().put("days", iaDays).put("storageClass", "STANDARD_IA");
    rules.addObject().put("days", nextDays).put("storageClass", next);
    return doc;
  }

  @Test
  void aMoveOnFromStandardIaWithinThirtyDaysIsRefused() throws Exception {
    for (String next : new String[] {"GLACIER", "DEEP_ARCHIVE"}) {
      var errors = new ScenarioCodec().parseTree(withLifecycle(30, next, 31)).errors();
      assertThat(errors)
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.path()).isEqualTo(S3 + ".lifecycle[1].days");
                assertThat(v.message())
                    .isEqualTo(
                        "objects must stay 30 days in STANDARD_IA before they move on to "
                            + next
                            + ": at least 60 days; found 31");
              });
    }
  }

  @Test
  void thirtyDaysInStandardIaAreEnough() throws Exception {
    assertThat(new ScenarioCodec().parseTree(withLifecycle(30, "GLACIER", 60)).errors())
        .extracting(Violation::path)
        .isEmpty();
  }
}
