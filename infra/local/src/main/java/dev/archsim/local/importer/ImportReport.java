package dev.archsim.local.importer;

import dev.archsim.engine.validate.Violation;
import dev.archsim.local.text.Columns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What became of every resource of an imported stack, and the problems found on the way (each with
 * its path in the template or plan).
 */
public final class ImportReport {
  /** What happened to a resource. */
  public enum Status {
    MAPPED("mapped"),
    IGNORED("ignored"),
    UNSUPPORTED("unsupported");

    private final String id;

    Status(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /** One resource: its id, source type, status and what it became or why not. */
  public record Line(String resource, String type, Status status, String detail) {}

  private final List<Line> lines = new ArrayList<>();
  private final List<Violation> problems = new ArrayList<>();
  private final List<String> assumptions = new ArrayList<>();

  public void add(String resource, String type, Status status, String detail) {
    lines.removeIf(l -> l.resource().equals(resource));
    lines.add(new Line(resource, type, status, detail));
  }

  public void problem(Violation v) {
    if (!problems.contains(v)) {
      problems.add(v);
    }
  }

  /** A value the import chose because the stack does not say (written into the scenario). */
  public void assume(String text) {
    assumptions.add(text);
  }

  public List<Line> lines() {
    return lines.stream().sorted(Comparator.comparing(Line::resource)).toList();
  }

  public List<Violation> problems() {
    return List.copyOf(problems);
  }

  public List<String> assumptions() {
    return List.copyOf(assumptions);
  }

  public boolean hasErrors() {
    return problems.stream().anyMatch(Violation::isError);
  }

  public long count(Status status) {
    return lines.stream().filter(l -> l.status() == status).count();
  }

  /** The report as text, headed by its summary alone: see {@link #render(String)}. */
  public String render() {
    return render("");
  }

  /**
   * The report as text within {@link Columns#WIDTH} columns, headed by {@code source} (the file
   * read; none when empty) and the summary: one entry per resource grouped by status, then
   * assumptions and problems. An entry too long for one line continues on lines indented past the
   * status column, an assumption's past its first word and a problem's under its text, so that each
   * continuation reads as part of the entry above it.
   */
  public String render(String source) {
    String summary =
        String.format(
            "%d resource(s): %d mapped, %d ignored, %d unsupported",
            lines.size(), count(Status.MAPPED), count(Status.IGNORED), count(Status.UNSUPPORTED));
    StringBuilder b = new StringBuilder();
    if (source.isEmpty()) {
      b.append(summary).append('\n');
    } else if (Columns.visible(source + ": " + summary) <= Columns.WIDTH) {
      b.append(source).append(": ").append(summary).append('\n');
    } else {
      // a long path keeps its line; the summary follows it whole
      b.append(source).append(":\n").append(INDENT).append(summary).append('\n');
    }
    for (Status s : Status.values()) {
      for (Line l : lines()) {
        if (l.status() == s) {
          String prefix = String.format("  %-11s ", s.id());
          b.append(
              wrapped(
                  prefix,
                  " ".repeat(prefix.length() + INDENT.length()),
                  l.resource() + " (" + l.type() + "): " + l.detail()));
        }
      }
    }
    if (!assumptions.isEmpty()) {
      b.append("assumed (the stack does not say; edit the scenario):\n");
      assumptions.forEach(a -> b.append(wrapped(INDENT, INDENT + INDENT, a)));
    }
    for (Violation v : problems) {
      String prefix = v.isError() ? "error: " : "warning: ";
      b.append(wrapped(prefix, " ".repeat(prefix.length()), v.toString()));
    }
    return b.toString();
  }

  private static final String INDENT = "  ";

  /**
   * {@code text} after {@code prefix}, each of its lines wrapped, continued after {@code indent}.
   */
  private static String wrapped(String prefix, String indent, String text) {
    StringBuilder b = new StringBuilder();
    String first = prefix;
    for (String line : text.split("\\R")) {
      b.append(Columns.wrapText(first, indent, line, Columns.WIDTH));
      first = indent;
    }
    return b.toString();
  }
}
