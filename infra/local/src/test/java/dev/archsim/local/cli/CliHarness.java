package dev.archsim.local.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The command line run in-process, as every CLI test drives it: the {@code archsim} picocli command
 * with its standard output and error captured (accumulated over the calls of one harness, until
 * cleared) and standard input given as bytes.
 */
public final class CliHarness {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private byte[] stdin = new byte[0];

  /** What one command printed and its exit code. */
  public record Outcome(int exit, String out, String err) {}

  /**
   * Runs {@code archsim args...}, as {@code main} builds its command line; returns its exit code.
   */
  public int archsim(String... args) {
    CommandLine cl = ArchsimCommand.commandLineFor(args, new ByteArrayInputStream(stdin));
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  /** One command on a fresh harness. */
  public static Outcome run(String... args) {
    CliHarness cli = new CliHarness();
    int exit = cli.archsim(args);
    return new Outcome(exit, cli.out(), cli.err());
  }

  /** Everything the commands printed on standard output since the last {@link #clearOut}. */
  public String out() {
    return out.toString();
  }

  /** Everything the commands printed on standard error since the last {@link #clearErr}. */
  public String err() {
    return err.toString();
  }

  public void clearOut() {
    out.getBuffer().setLength(0);
  }

  public void clearErr() {
    err.getBuffer().setLength(0);
  }

  /** What the next commands read as standard input ("-" for a FILE). */
  public CliHarness stdin(String text) {
    return stdin(text.getBytes(StandardCharsets.UTF_8));
  }

  public CliHarness stdin(byte[] bytes) {
    this.stdin = bytes.clone();
    return this;
  }
}
