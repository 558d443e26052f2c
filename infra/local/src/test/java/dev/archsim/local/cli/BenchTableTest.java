package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** bench's table: compact numbers, a valid Markdown table, a legend for every footnote it uses. */
class BenchTableTest {
  @Test
  void numbersAreThreeSignificantDigitsInAtMostSevenColumns() {
    assertThat(BenchTable.number(0)).isEqualTo("0");
    assertThat(BenchTable.number(0.000123)).isEqualTo("1.2e-04");
    assertThat(BenchTable.number(0.0123456)).isEqualTo("0.0123");
    assertThat(BenchTable.number(1.0)).isEqualTo("1");
    assertThat(BenchTable.number(12.35)).isEqualTo("12.4");
    assertThat(BenchTable.number(236.2)).isEqualTo("236");
    assertThat(BenchTable.number(999.96)).isEqualTo("1000");
    assertThat(BenchTable.number(1234.5)).isEqualTo("1235");
    assertThat(BenchTable.number(12_345)).isEqualTo("12.3 k");
    assertThat(BenchTable.number(4.93e6)).isEqualTo("4.93 M");
    assertThat(BenchTable.number(2e9)).isEqualTo("2 G");
    assertThat(BenchTable.number(1.234e13)).isEqualTo("1.2e+13");
    assertThat(BenchTable.number(Double.NaN)).isEqualTo("-");
    assertThat(BenchTable.number(Double.POSITIVE_INFINITY)).isEqualTo("-");
    for (int e = -200; e <= 200; e++) {
      double v = Math.pow(10, e / 10.0) * 9.99;
      assertThat(BenchTable.number(v).length()).as("%s", v).isLessThanOrEqualTo(7);
      assertThat(BenchTable.number(-v).length()).as("%s", -v).isLessThanOrEqualTo(8);
    }
    assertThat(BenchTable.count(200)).isEqualTo("200");
    assertThat(BenchTable.count(1_500)).isEqualTo("1500");
    assertThat(BenchTable.count(2_000)).isEqualTo("2 k");
    assertThat(BenchTable.count(200_000)).isEqualTo("200 k");
    assertThat(BenchTable.count(1_000_000)).isEqualTo("1 M");
  }

  @Test
  void aTableIsValidMarkdownWithTheFootnotesItUsesUnderIt() {
    String table =
        BenchTable.markdown(
            List.of(
                new BenchTable.Row("a | b: ms [2]", "1.5", ""),
                new BenchTable.Row("c: s", "2", "<= 3")),
            Map.of(1, "not used.", 2, "the second."),
            "How to read it.");
    assertValidMarkdown(table);
    assertThat(table)
        .contains("| measurement    | result | target |")
        .contains("| a \\| b: ms [2] | 1.5    |        |")
        .contains("How to read it.\n- [2] the second.\n")
        .doesNotContain("not used");

    // too wide to align: the cells are left ragged and the table stays valid
    String wide =
        BenchTable.markdown(
            List.of(new BenchTable.Row("x".repeat(60), "y".repeat(40), "z".repeat(20))),
            Map.of(),
            "");
    assertValidMarkdown(wide);
    assertThat(wide).contains("|---|---|---|").contains("| measurement | result | target |");
  }

  /**
   * A GitHub Markdown table: a header of three cells, a delimiter row, rows of three cells (a
   * {@code |} in a cell escaped), and under it a footnote for each one a row mentions.
   */
  static void assertValidMarkdown(String text) {
    List<String> rows = text.lines().filter(l -> l.startsWith("|")).toList();
    assertThat(rows).hasSizeGreaterThanOrEqualTo(3);
    assertThat(rows.get(0)).matches("\\| measurement +\\| result +\\| target +\\|");
    assertThat(rows.get(1)).matches("\\|(-{3,}\\|){3}");
    for (String row : rows) {
      assertThat(row.replace("\\|", "").chars().filter(c -> c == '|').count()).as(row).isEqualTo(4);
    }
    // the table is one block: its rows follow each other
    int first = text.indexOf(rows.get(0));
    int last = text.indexOf(rows.get(rows.size() - 1));
    assertThat(text.substring(first, last).lines().filter(l -> !l.startsWith("|"))).isEmpty();
    var notes = java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(String.join("\n", rows));
    while (notes.find()) {
      assertThat(text).contains("\n- [" + notes.group(1) + "] ");
    }
  }
}
