package dev.archsim.local.importer;

import dev.archsim.engine.validate.Violation;
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

  /** The report as text: one line per resource grouped by status, then assumptions and problems. */
  public String render() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "%d resource(s): %d mapped, %d ignored, %d unsupported%n",
            lines.size(), count(Status.MAPPED), count(Status.IGNORED), count(Status.UNSUPPORTED)));
    for (Status s : Status.values()) {
      for (Line l : lines()) {
        if (l.status() == s) {
          b.append(
              String.format("  %-11s %s (%s): %s%n", s.id(), l.resource(), l.type(), l.detail()));
        }
      }
    }
    if (!assumptions.isEmpty()) {
      b.append("assumed (the stack does not say; edit the scenario):\n");
      assumptions.forEach(a -> b.append("  ").append(a).append('\n'));
    }
    for (Violation v : problems) {
      b.append(v.isError() ? "error: " : "warning: ").append(v).append('\n');
    }
    return b.toString();
  }
}
