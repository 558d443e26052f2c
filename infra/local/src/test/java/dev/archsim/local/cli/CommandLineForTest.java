package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code main} builds only the command it runs ({@link ArchsimCommand#commandLineFor}); what a user
 * sees must not depend on it: every command's help, a flag's error and a run's output are the same
 * as with the whole tree.
 */
class CommandLineForTest {
  private static final byte[] NO_INPUT = new byte[0];

  private record Printed(int exit, String out, String err) {}

  private static Printed run(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Printed(exit, out.toString(), err.toString());
  }

  private static Printed whole(String... args) {
    return run(ArchsimCommand.commandLine(new ByteArrayInputStream(NO_INPUT)), args);
  }

  private static Printed alone(String... args) {
    return run(ArchsimCommand.commandLineFor(args, new ByteArrayInputStream(NO_INPUT)), args);
  }

  private static List<String> commandNames() {
    List<String> names = new ArrayList<>();
    ArchsimCommand.commandLine().getSubcommands().forEach((name, cl) -> names.add(name));
    return names;
  }

  @Test
  void aCommandIsBuiltAloneAndTheRestAsTheWholeTree() {
    CommandLine run = ArchsimCommand.commandLineFor(new String[] {"run", "x.json"}, System.in);
    assertThat(run.getSubcommands()).containsOnlyKeys("run");
    assertThat(run.getSubcommands().get("run").getCommandSpec().qualifiedName())
        .isEqualTo("archsim run");
    List<String> all = commandNames();
    assertThat(all).contains("run", "validate", "help", "completion").hasSizeGreaterThan(10);
    for (String[] args :
        List.of(
            new String[0],
            new String[] {"--help"},
            new String[] {"help", "run"},
            new String[] {"completion"},
            new String[] {"rnu"})) {
      assertThat(ArchsimCommand.commandLineFor(args, System.in).getSubcommands().keySet())
          .as(String.join(" ", args))
          .containsExactlyElementsOf(all);
    }
  }

  @Test
  void everyCommandOfTheAnnotationIsFoundByNameAndNothingElse() {
    List<String> listed = new ArrayList<>();
    for (Class<?> c : ArchsimCommand.class.getAnnotation(CommandLine.Command.class).subcommands()) {
      String name = c.getAnnotation(CommandLine.Command.class).name();
      listed.add(name);
      assertThat(ArchsimCommand.commandNamed(name)).as(name).isEqualTo(c);
      assertThat(ArchsimCommand.commandLineFor(new String[] {name}, System.in).getSubcommands())
          .as(name)
          .containsOnlyKeys(name);
    }
    List<String> all = commandNames();
    all.removeAll(listed);
    assertThat(all).containsExactlyInAnyOrder("help", "completion");
    for (String name : all) {
      assertThat(ArchsimCommand.commandNamed(name)).as(name).isNull();
    }
    assertThat(ArchsimCommand.commandNamed("rnu")).isNull();
  }

  @Test
  void everyCommandsHelpIsTheSameAlone() {
    for (String name : commandNames()) {
      if (name.equals("help") || name.equals("completion")) {
        continue;
      }
      Printed w = whole(name, "--help");
      Printed a = alone(name, "--help");
      assertThat(w.out()).as(name).contains("Usage: archsim " + name);
      assertThat(a).as(name).isEqualTo(w);
    }
  }

  @Test
  void errorsAndOutputAreTheSameAlone() {
    String library = "../../events/scenarios/db-failover.json";
    for (String[] args :
        List.of(
            new String[] {"run", library, "--trails", "5"},
            new String[] {"run", library, "--trials", "abc"},
            new String[] {"validate", "no-such-file.json"},
            new String[] {"validate", library},
            new String[] {
              "run", library, "--trials", "2", "--horizon", "P1D", "--workers", "1", "--quiet"
            })) {
      Printed w = whole(args);
      Printed a = alone(args);
      assertThat(a).as(String.join(" ", args)).isEqualTo(w);
    }
    assertThat(alone("run", library, "--trails", "5").exit()).isEqualTo(2);
  }
}
