package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The script {@code archsim completion bash} prints, sourced in a real bash and asked what it
 * completes, as bash asks when TAB is pressed (COMP_WORDS, COMP_CWORD, COMP_LINE set, the function
 * registered for {@code archsim} called, COMPREPLY read).
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
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
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
}
