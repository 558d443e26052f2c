package dev.archsim.local.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.validate.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The import report's layout in 120 columns: each continuation reads as part of its entry. */
class ImportReportTest {
  private static final String LONG =
      "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
          + " sixteen seventeen eighteen nineteen twenty";

  @Test
  void longEntriesContinueIndentedUnderTheirOwnEntry() {
    ImportReport report = new ImportReport();
    report.add("Group", "AWS::AutoScaling::AutoScalingGroup", ImportReport.Status.MAPPED, LONG);
    report.add("Role", "AWS::IAM::Role", ImportReport.Status.IGNORED, "permissions");
    report.assume("workload.profile.egressShare: " + LONG);
    report.problem(Violation.warning("Resources.Group.Properties.MaxSize", LONG));
    List<String> lines = report.render("t.yaml").lines().toList();

    assertThat(lines)
        .containsExactly(
            "t.yaml: 2 resource(s): 1 mapped, 1 ignored, 0 unsupported",
            "  mapped      Group (AWS::AutoScaling::AutoScalingGroup): one two three four five six seven eight nine ten eleven twelve",
            "                thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty",
            "  ignored     Role (AWS::IAM::Role): permissions",
            "assumed (the stack does not say; edit the scenario):",
            "  workload.profile.egressShare: one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen",
            "    sixteen seventeen eighteen nineteen twenty",
            "warning: Resources.Group.Properties.MaxSize: one two three four five six seven eight nine ten eleven twelve thirteen",
            "         fourteen fifteen sixteen seventeen eighteen nineteen twenty");
    assertThat(lines).allMatch(l -> l.length() <= 120);
  }

  @Test
  void aPathTooLongForTheSummarysLineHasALineOfItsOwn() {
    ImportReport report = new ImportReport();
    report.add("Role", "AWS::IAM::Role", ImportReport.Status.IGNORED, "permissions");
    String path = "stacks/" + "nested/".repeat(12) + "template.yaml";
    assertThat(report.render(path))
        .startsWith(path + ":\n  1 resource(s): 0 mapped, 1 ignored, 0 unsupported\n");
    // a path that leaves room for it shares the line; without one the summary is the first line
    assertThat(report.render("short.yaml"))
        .startsWith("short.yaml: 1 resource(s): 0 mapped, 1 ignored, 0 unsupported\n");
    assertThat(report.render()).startsWith("1 resource(s): 0 mapped, 1 ignored, 0 unsupported\n");
  }
}
