package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Colour as a person sees it: the command line run as its own process under a real pseudo-terminal
 * (util-linux {@code script}, which Debian always has; the test is skipped where it is missing or
 * is the BSD one) colours its table, and {@code NO_COLOR} or a pipe turns the colour off. The
 * in-process tests cannot see this: there, standard output is never a terminal.
 */
class TerminalColourTest {
  private static final String SCENARIO = "../../events/scenarios/whatisthetime.json";

  /** An SGR sequence: a colour or bold (the progress bar uses only carriage returns). */
  private static final Pattern SGR = Pattern.compile("\u001b\\[[0-9;]*m");

  private static final List<String> COMMAND =
      List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp",
          System.getProperty("java.class.path"),
          ArchsimCommand.class.getName(),
          "run",
          SCENARIO,
          "--stage",
          "1",
          "--trials",
          "2",
          "--horizon",
          "P1D",
          "--workers",
          "1");

  @BeforeAll
  static void scriptFromUtilLinux() throws Exception {
    boolean usable;
    try {
      Process p =
          new ProcessBuilder("script", "-qec", "echo pty-ok", "/dev/null")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      usable = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.contains("pty-ok");
    } catch (IOException e) {
      usable = false;
    }
    assumeTrue(usable, "util-linux script (a pseudo-terminal) is not available");
  }

  private record Ran(int exit, String output) {}

  /** The command under a pseudo-terminal: standard input, output and error are all the terminal. */
  private static Ran underTerminal(Map<String, String> env) throws Exception {
    StringBuilder shell = new StringBuilder("exec");
    for (String word : COMMAND) {
      shell.append(" '").append(word.replace("'", "'\\''")).append('\'');
    }
    // -e: script exits with the command's code; the typescript goes nowhere, the terminal's
    // output comes to this process
    return run(new ProcessBuilder("script", "-qec", shell.toString(), "/dev/null"), env);
  }

  private static Ran run(ProcessBuilder pb, Map<String, String> env) throws Exception {
    pb.environment().remove("NO_COLOR");
    pb.environment().put("TERM", "xterm-256color");
    pb.environment().put("ARCHSIM_STARTUP_CACHE", "off");
    pb.environment().putAll(env);
    Path out = Files.createTempFile("archsim-tty", ".txt");
    try {
      Process p =
          pb.redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the command finished").isTrue();
      return new Ran(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  @Test
  void aTerminalGetsColourAndNoColorRemovesIt() throws Exception {
    Ran coloured = underTerminal(Map.of());
    assertThat(coloured.exit()).as(coloured.output()).isZero();
    assertThat(coloured.output()).contains("1-t2.micro-elastic-ip");
    // stage 1 meets its objectives over one day (its CPU credits last): "met" in green, the
    // scenario's name in bold
    assertThat(coloured.output())
        .contains("\u001b[32mmet\u001b[0m")
        .contains("\u001b[1mWhatIsTheTime.com\u001b[0m");

    Ran plain = underTerminal(Map.of("NO_COLOR", "1"));
    assertThat(plain.exit()).as(plain.output()).isZero();
    assertThat(plain.output()).contains("1-t2.micro-elastic-ip").contains(" met");
    assertThat(SGR.matcher(plain.output()).find()).as(plain.output()).isFalse();

    Ran dumb = underTerminal(Map.of("TERM", "dumb"));
    assertThat(dumb.output()).contains(" met");
    assertThat(SGR.matcher(dumb.output()).find()).as(dumb.output()).isFalse();
  }

  @Test
  void aPipeGetsNoColourEvenWithATerminalType() throws Exception {
    Ran piped = run(new ProcessBuilder(COMMAND), Map.of());
    assertThat(piped.exit()).as(piped.output()).isZero();
    assertThat(piped.output()).contains("1-t2.micro-elastic-ip").contains(" met");
    assertThat(SGR.matcher(piped.output()).find()).isFalse();
  }
}
