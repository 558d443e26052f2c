package dev.archsim.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.model.Faults;
import dev.archsim.engine.validate.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {"type": "instance-failure", "at", "az"}: mapped, and every problem reported with its path. */
class InstanceFailureCodecTest {
  private final ScenarioCodec codec = new ScenarioCodec();

  /** WhatIsTheTime with one scheduled fault (JSON) replacing stage 1's scheduled faults. */
  static String withScheduled(String fault) throws Exception {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var doc =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            mapper.readTree(Files.readString(Path.of("../../events/scenarios/whatisthetime.json")));
    var faults =
        (com.fasterxml.jackson.databind.node.ObjectNode) doc.get("stages").get(0).get("faults");
    faults.putArray("scheduled").add(mapper.readTree(fault));
    return doc.toString();
  }

  @Test
  void anInstanceFailureMaps() throws Exception {
    var s =
        codec
            .parseJson(
                withScheduled(
                    "{\"type\":\"instance-failure\",\"at\":\"PT12H\",\"az\":\"us-east-1a\"}"))
            .orThrow();
    assertThat(s.faultsOf(s.stage(0)).scheduled())
        .containsExactly(new Faults.InstanceFailure(Duration.ofHours(12), "us-east-1a"));
  }

  @Test
  void itsProblemsAreReportedWithTheirPaths() throws Exception {
    ScenarioParseResult missing =
        codec.parseJson(withScheduled("{\"type\":\"instance-failure\",\"at\":\"PT12H\"}"));
    assertThat(missing.errors()).isNotEmpty();
    assertThat(missing.errors())
        .anyMatch(v -> v.path().startsWith("$.stages[0].faults.scheduled[0]"));
    ScenarioParseResult wrongAz =
        codec.parseJson(
            withScheduled(
                "{\"type\":\"instance-failure\",\"at\":\"PT12H\",\"az\":\"us-east-1q\"}"));
    assertThat(wrongAz.errors().stream().map(Violation::path))
        .anyMatch(p -> p.endsWith("faults.scheduled[0].az"));
  }
}
