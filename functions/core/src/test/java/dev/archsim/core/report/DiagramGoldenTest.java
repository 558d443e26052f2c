package dev.archsim.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.model.Scenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The architecture diagram of every stage of every library scenario (and of the documents using
 * every section and field) compared byte for byte with the SVG committed under {@code
 * src/test/resources/diagram-golden/}: the diagram as the report draws it (with the stage's
 * workload, compared with the previous stage) and as the inputs table reads it (without a
 * workload). Moving a box's drawing from one class to another must leave these bytes alone; an
 * intended change of the picture regenerates the files ({@code -Darchsim.golden.update=true}) in
 * the same commit, which says what moved.
 */
class DiagramGoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/diagram-golden");

  static Stream<Path> documents() throws IOException {
    return DiagramTest.documents().stream();
  }

  /** Every stage's two drawings, one SVG a line, each after a line naming it. */
  static String drawings(Scenario s) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < s.stages().size(); i++) {
      out.add("# stage " + i + " " + s.stages().get(i).name());
      out.add(DiagramTest.diagram(s, i));
      out.add("# stage " + i + " without its workload");
      out.add(
          Diagram.render(
              "d",
              s.stages().get(i).architecture(),
              i == 0 ? null : s.stages().get(i - 1).architecture()));
    }
    return String.join("\n", out) + "\n";
  }

  @ParameterizedTest
  @MethodSource("documents")
  void everyStagesDiagramIsByteForByteTheGoldenOne(Path document) throws IOException {
    String drawn = drawings(DiagramTest.scenario(document));
    Path golden = GOLDEN.resolve(document.getFileName().toString().replace(".json", ".svg.txt"));
    if (Boolean.getBoolean("archsim.golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, drawn, StandardCharsets.UTF_8);
    }
    assertThat(golden).as("golden file (regenerate with -Darchsim.golden.update=true)").exists();
    String expected = Files.readString(golden, StandardCharsets.UTF_8);
    if (!expected.equals(drawn)) {
      String[] e = expected.split("\n", -1);
      String[] d = drawn.split("\n", -1);
      StringBuilder where = new StringBuilder();
      for (int i = 0; i < Math.max(e.length, d.length); i++) {
        String el = i < e.length ? e[i] : "<end>";
        String dl = i < d.length ? d[i] : "<end>";
        if (!el.equals(dl)) {
          int at = 0;
          while (at < Math.min(el.length(), dl.length()) && el.charAt(at) == dl.charAt(at)) {
            at++;
          }
          where
              .append("line ")
              .append(i + 1)
              .append(" (")
              .append(i > 0 ? e[i - 1] : "")
              .append(") from character ")
              .append(at)
              .append(":\n  golden ")
              .append(el, Math.max(0, at - 80), Math.min(el.length(), at + 160))
              .append("\n  now    ")
              .append(dl, Math.max(0, at - 80), Math.min(dl.length(), at + 160))
              .append('\n');
          break;
        }
      }
      throw new AssertionError(
          document.getFileName()
              + ": the diagram differs from its golden SVG. If the change of the picture is"
              + " intended, regenerate the golden files (-Darchsim.golden.update=true) in the same"
              + " commit.\n"
              + where);
    }
  }
}
