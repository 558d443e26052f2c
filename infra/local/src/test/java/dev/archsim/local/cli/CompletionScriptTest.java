package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The script {@code archsim completion bash} prints, sourced in a real bash and asked what it
 * completes, as bash asks when TAB is pressed (COMP_WORDS, COMP_CWORD, COMP_LINE set, the function
 * registered for {@code archsim} called, COMPREPLY read); the one {@code archsim completion zsh}
 * prints, loaded in an interactive zsh after compinit and TAB pressed there (skipped where zsh is
 * not installed); and either's text against the command tree: every command, subcommand, option and
 * option value.
 */
class CompletionScriptTest {
  @TempDir static Path dir;
  static Path script;

  @BeforeAll
  static void writeScript() throws Exception {
    CliHarness cli = new CliHarness();
    assertThat(cli.archsim("completion", "bash")).isZero();
    script = dir.resolve("archsim-completion.bash");
    Files.writeString(script, cli.out());
    Files.writeString(dir.resolve("mine.json"), "{}");
  }

  /** What TAB offers after {@code line} (its last word is the one being completed). */
  static List<String> complete(String line) throws Exception {
    Path bash = Path.of("/bin/bash");
    assumeTrue(Files.isExecutable(bash), "no bash here");
    String program =
        "source \"$1\"\n"
            + "read -r -a COMP_WORDS <<< \"$2\"\n"
            + "[[ \"$2\" == *' ' ]] && COMP_WORDS+=('')\n"
            + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
            + "COMP_LINE=\"$2\"; COMP_POINT=${#COMP_LINE}\n"
            + "fn=$(complete -p archsim | sed -n 's/.*-F \\([^ ]*\\) .*/\\1/p')\n"
            + "\"$fn\" archsim \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\""
            + " 2>/dev/null\n"
            + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Process p =
        new ProcessBuilder(bash.toString(), "-c", program, "bash", script.toString(), line)
            .directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("bash ran the script for '%s'", line).isZero();
    return Arrays.stream(out.split("\n")).filter(s -> !s.isBlank()).toList();
  }

  @Test
  void helpCompletesTheCommandsThenTheNamedCommandsSubcommands() throws Exception {
    List<String> commands = List.copyOf(ArchsimCommand.commandLine().getSubcommands().keySet());
    assertThat(complete("archsim help ")).containsExactlyInAnyOrderElementsOf(commands);
    assertThat(complete("archsim help ca")).containsExactly("catalog");
    assertThat(complete("archsim help catalog ")).containsExactly("types", "regions", "classes");
    assertThat(complete("archsim help prices ")).containsExactly("show", "update");
    assertThat(complete("archsim help import t")).containsExactly("terraform", "tf");
    // a command without subcommands takes nothing more, not the flags of catalog types
    assertThat(complete("archsim help run ")).isEmpty();
    assertThat(complete("archsim help catalog types ")).isEmpty();
    assertThat(complete("archsim help -")).containsExactly("-h", "--help");
  }

  @Test
  void commandsFlagsTheirValuesLibraryNamesAndFilesComplete() throws Exception {
    assertThat(complete("archsim ")).contains("run", "compare", "help", "completion");
    assertThat(complete("archsim run --fo")).containsExactly("--format");
    assertThat(complete("archsim run --format "))
        .containsExactly("text", "json", "csv", "markdown");
    assertThat(complete("archsim compare --tri")).containsExactly("--trials");
    assertThat(complete("archsim new --from w")).containsExactly("whatisthetime");
    assertThat(complete("archsim catalog ")).containsExactly("types", "regions", "classes");
    assertThat(complete("archsim completion ")).containsExactly("bash", "zsh");
    // a scenario file in the working directory
    assertThat(complete("archsim validate mi")).containsExactly("mine.json");
  }

  // ------------------------------------------------------------------ the script's text

  /**
   * Every command by its path of names, aliases included (picocli's script has a function each).
   */
  static void commands(CommandLine cl, List<String> path, Map<List<String>, CommandLine> out) {
    out.put(path, cl);
    cl.getSubcommands()
        .forEach(
            (name, sub) -> {
              List<String> p = new ArrayList<>(path);
              p.add(name);
              commands(sub, p, out);
            });
  }

  /** The body of the shell function {@code name} in {@code script}. */
  static String function(String script, String name) {
    int at = script.indexOf("function " + name + "() {\n");
    assertThat(at).as("function %s in the script", name).isNotNegative();
    return script.substring(at, script.indexOf("\n}\n", at));
  }

  /** The words of {@code local NAME="..."} in a function's body, quotes taken off. */
  static List<String> local(String body, String name) {
    Matcher m = Pattern.compile("local " + name + "=\"([^\"]*)\"").matcher(body);
    assertThat(m.find()).as("local %s", name).isTrue();
    return Arrays.stream(m.group(1).split(" "))
        .filter(w -> !w.isEmpty())
        .map(w -> w.replace("'", ""))
        .toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"bash", "zsh"})
  void theScriptCompletesEveryCommandItsSubcommandsItsOptionsAndTheirValues(String shell) {
    CliHarness cli = new CliHarness();
    assertThat(cli.archsim("completion", shell)).isZero();
    String text = cli.out();
    if (shell.equals("zsh")) {
      assertThat(text).contains("autoload -U +X bashcompinit && bashcompinit");
    }
    assertThat(text).contains("complete -F _complete_archsim");
    Map<List<String>, CommandLine> all = new LinkedHashMap<>();
    commands(ArchsimCommand.commandLine(), List.of(), all);
    assertThat(all).hasSizeGreaterThan(25);
    for (Map.Entry<List<String>, CommandLine> c : all.entrySet()) {
      String name = String.join("_", c.getKey());
      String body = function(text, "_picocli_archsim" + (name.isEmpty() ? "" : "_" + name));
      assertThat(local(body, "commands"))
          .as("subcommands of '%s'", name)
          .containsExactlyElementsOf(c.getValue().getSubcommands().keySet());
      Set<String> options = new LinkedHashSet<>();
      for (CommandLine.Model.OptionSpec o : c.getValue().getCommandSpec().options()) {
        if (o.hidden()) {
          continue;
        }
        options.addAll(Arrays.asList(o.names()));
        if (o.completionCandidates() != null) {
          for (String value : o.completionCandidates()) {
            assertThat(body)
                .as("'%s %s' values", name, o.longestName())
                .contains('"' + value + '"');
          }
        }
      }
      List<String> listed = new ArrayList<>(local(body, "flag_opts"));
      listed.addAll(local(body, "arg_opts"));
      assertThat(listed).as("options of '%s'", name).containsExactlyInAnyOrderElementsOf(options);
    }
  }

  // ------------------------------------------------------------------ zsh

  /** zsh on the PATH, or null. */
  static Path zsh() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path z = Path.of(d, "zsh");
      if (!d.isEmpty() && Files.isExecutable(z)) {
        return z;
      }
    }
    return null;
  }

  @Test
  void zshLoadsTheScriptAfterCompinitAndCompletesCommandsFlagsTheirValuesLibraryNamesAndFiles()
      throws Exception {
    Path zsh = zsh();
    assumeTrue(zsh != null, "no zsh here");
    CliHarness cli = new CliHarness();
    assertThat(cli.archsim("completion", "zsh")).isZero();
    Path script = dir.resolve("archsim-completion.zsh");
    Files.writeString(script, cli.out());
    Path driver = dir.resolve("complete-in-zsh.zsh");
    try (InputStream in =
        CompletionScriptTest.class.getResourceAsStream("/completion/complete-in-zsh.zsh")) {
      Files.write(driver, in.readAllBytes());
    }
    Path out = Files.createDirectories(dir.resolve("zsh-offered"));
    List<String> lines =
        List.of(
            "archsim ",
            "archsim cat",
            "archsim catalog ",
            "archsim run --fo",
            "archsim run --format ",
            "archsim compare --tri",
            "archsim new --from w",
            "archsim completion ",
            "archsim help catalog ",
            "archsim validate mi");
    List<String> command = new ArrayList<>(List.of(zsh.toString(), "-f", driver.toString()));
    command.add(script.toString());
    command.add(out.toString());
    command.addAll(lines);
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("zsh.log").toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("zsh finished").isTrue();
    assertThat(p.exitValue())
        .as(
            "zsh (3: archsim not registered; 4: no answer): %s",
            Files.readString(dir.resolve("zsh.log")))
        .isZero();
    List<List<String>> offered = new ArrayList<>();
    for (int i = 1; i <= lines.size(); i++) {
      offered.add(Files.readAllLines(out.resolve(Integer.toString(i))));
    }
    assertThat(offered.get(0))
        .containsExactlyElementsOf(ArchsimCommand.commandLine().getSubcommands().keySet());
    assertThat(offered.get(1)).containsExactly("catalog");
    assertThat(offered.get(2)).containsExactly("types", "regions", "classes");
    assertThat(offered.get(3)).containsExactly("--format");
    assertThat(offered.get(4)).containsExactly("text", "json", "csv", "markdown");
    assertThat(offered.get(5)).containsExactly("--trials");
    assertThat(offered.get(6)).containsExactly("whatisthetime");
    assertThat(offered.get(7)).containsExactly("bash", "zsh");
    assertThat(offered.get(8)).containsExactly("types", "regions", "classes");
    assertThat(offered.get(9)).containsExactly("mine.json");
  }
}
