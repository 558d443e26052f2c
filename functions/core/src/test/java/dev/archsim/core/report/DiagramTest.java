package dev.archsim.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.model.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DiagramTest {

  static Scenario scenario(String file) throws Exception {
    return new ScenarioCodec()
        .parseJson(Files.readString(Path.of("../../events/scenarios").resolve(file)))
        .orThrow();
  }

  static String diagram(Scenario s, int stage) {
    return Diagram.render(
        "d",
        s.stages().get(stage).architecture(),
        stage == 0 ? null : s.stages().get(stage - 1).architecture());
  }

  /** data-node of every node with the given change class ("" for unchanged). */
  static List<String> nodes(String svg, String change) {
    Matcher m = Pattern.compile("<g class=\"node( [a-z]+)?\" data-node=\"([^\"]+)\"").matcher(svg);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      String c = m.group(1) == null ? "" : m.group(1).trim();
      if (c.equals(change)) {
        out.add(m.group(2));
      }
    }
    return out;
  }

  @Test
  void theFirstStageDrawsItsComponentsWithNothingMarkedAsChanged() throws Exception {
    String svg = diagram(scenario("whatisthetime.json"), 0);
    assertThat(nodes(svg, "")).containsExactly("users", "entry", "compute@us-east-1a");
    assertThat(nodes(svg, "added")).isEmpty();
    assertThat(nodes(svg, "changed")).isEmpty();
    assertThat(svg).contains(">Elastic IPs<", ">EC2 t2.micro<", ">1 × in us-east-1a<");
    assertThat(svg).contains("Region us-east-1").contains(">AZ us-east-1a<");
  }

  @Test
  void goingMultiAzMarksTheNewZonesInstancesAddedAndTheResizedGroupChanged() throws Exception {
    Scenario s = scenario("whatisthetime.json");
    int multiAz = -1;
    for (int i = 0; i < s.stages().size(); i++) {
      if (s.stages().get(i).name().contains("multi-az")) {
        multiAz = i;
      }
    }
    assertThat(multiAz).isPositive();
    String svg = diagram(s, multiAz);
    assertThat(nodes(svg, "added")).contains("compute@us-east-1b", "compute@us-east-1c");
    assertThat(nodes(svg, "added")).doesNotContain("compute@us-east-1a", "entry");
    assertThat(nodes(svg, "")).contains("entry", "users");
    // every zone of the stage gets its band
    assertThat(svg).contains(">AZ us-east-1a<", ">AZ us-east-1b<", ">AZ us-east-1c<");
    // the request path reaches each zone's instances from the load balancer
    assertThat(Pattern.compile("<line class=\"path\"").matcher(svg).results().count())
        .isGreaterThanOrEqualTo(1 + 3);
  }

  @Test
  void aDrStageDrawsTheSecondaryRegionTheReplicaAndTheFailoverPath() throws Exception {
    Scenario s = scenario("dr-strategies.json");
    String first = diagram(s, 0);
    assertThat(first).contains("class=\"region secondary\"").contains("class=\"failover\"");
    assertThat(nodes(first, "")).contains("dr-compute", "dr-db", "db", "db-standby");
    String second = diagram(s, 1);
    String secondary = s.stages().get(1).architecture().dr().secondaryRegion();
    assertThat(second).contains("DR region " + secondary);
    // the strategy changes between the stages: the standby is marked, the primary db is not
    assertThat(nodes(second, "changed")).contains("dr-compute");
    assertThat(nodes(second, "changed")).doesNotContain("db", "entry");
  }

  @Test
  void aRemovedComponentIsNamedUnderThePicture() throws Exception {
    Scenario s = scenario("dr-strategies.json");
    var a = s.stages().get(0).architecture();
    var withoutDr = a.withDr(null);
    String svg = Diagram.render("d", withoutDr, a);
    assertThat(svg).contains("Removed: Standby backup-restore").doesNotContain("region secondary");
  }
}
