package dev.archsim.local.cli;

import dev.archsim.local.text.Columns;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "new",
    description = "Copies a scenario from the library to start from.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  archsim new --from whatisthetime              # writes whatisthetime.json here",
      "  archsim new --from dr-strategies -o dr.json --force"
    })
final class NewCommand implements Callable<Integer> {
  static final List<String> LIBRARY = dev.archsim.core.http.WebApp.LIBRARY;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "NAME",
      description = "library scenario: ${COMPLETION-CANDIDATES}",
      completionCandidates = Library.class)
  String from;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "file to write; default: NAME.json here")
  Path output;

  @Option(names = "--force", description = "overwrite an existing file")
  boolean force;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static final class Library implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return LIBRARY.iterator();
    }
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!LIBRARY.contains(from)) {
      String nearest = dev.archsim.engine.validate.Suggestions.closest(from, LIBRARY);
      // a sentence, then the library on its own lines (within 120 columns)
      err.println(
          "--from "
              + from
              + ": no such library scenario"
              + (nearest == null ? "." : "; did you mean " + nearest + "?"));
      err.print(
          Columns.wrapText("The library: ", String.join(", ", LIBRARY), Columns.WIDTH)
              .replace("\n", System.lineSeparator()));
      err.flush();
      return ArchsimCommand.EXIT_INVALID;
    }
    Path target = output != null ? output : Path.of(from + ".json");
    if (Files.exists(target) && !force) {
      err.println(target + " exists; use --force to overwrite");
      err.flush();
      return ArchsimCommand.EXIT_INVALID;
    }
    try (InputStream in = NewCommand.class.getResourceAsStream("/scenarios/" + from + ".json")) {
      if (in == null) {
        throw new IllegalStateException(
            "the library scenario " + from + " is missing from this build");
      }
      Files.write(target, in.readAllBytes());
    }
    out.println("wrote " + target + "; try: archsim run " + target);
    out.flush();
    return ArchsimCommand.EXIT_OK;
  }
}
