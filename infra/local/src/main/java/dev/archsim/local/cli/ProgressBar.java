package dev.archsim.local.cli;

import dev.archsim.engine.result.TrialOutcome;
import dev.archsim.engine.sim.SimulationListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** Trials done, rate and ETA on one terminal line, redrawn at most ten times a second. */
final class ProgressBar implements SimulationListener {
  private static final int WIDTH = 30;
  private final PrintWriter out;
  private final long total;
  private final long startNanos = System.nanoTime();
  private final AtomicLong done = new AtomicLong();
  private volatile long lastDraw;

  ProgressBar(PrintWriter out, long total) {
    this.out = out;
    this.total = total;
  }

  @Override
  public void trialFinished(int stage, TrialOutcome outcome) {
    long d = done.incrementAndGet();
    long now = System.nanoTime();
    if (now - lastDraw > 100_000_000L || d == total) {
      lastDraw = now;
      synchronized (out) {
        out.print("\r" + line(d, total, (now - startNanos) / 1e9));
        out.flush();
      }
    }
  }

  void finish() {
    synchronized (out) {
      out.print("\r" + " ".repeat(90) + "\r");
      out.flush();
    }
  }

  /** The progress line for {@code done} of {@code total} trials after {@code seconds}. */
  static String line(long done, long total, double seconds) {
    int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
    double rate = seconds > 0 ? done / seconds : 0;
    String eta = rate > 0 ? String.format(Locale.ROOT, "%.0f s", (total - done) / rate) : "?";
    return String.format(
        Locale.ROOT,
        "  [%s%s] %d/%d trials  %.1f trials/s  ETA %s",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        done,
        total,
        rate,
        eta);
  }
}
