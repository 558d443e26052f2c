package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.validate.Limits;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each {@code with} copy of the runner's options sets its own fields and keeps every other. */
class RunnerOptionsTest {
  final Runner.Options d = Runner.Options.defaults();
  final PrintWriter w = new PrintWriter(Writer.nullWriter());
  final SimulationListener listener = new SimulationListener() {};
  final Limits limits = Limits.DEFAULT.withMaxWork(1e6);

  @Test
  void eachWithSetsItsOwnFieldsOnly() {
    assertThat(d.withTrials(7)).isEqualTo(options(7, null, d.workers(), 25, d.events()));
    assertThat(d.withSeed(9L)).isEqualTo(options(null, 9L, d.workers(), 25, d.events()));
    assertThat(d.withWorkers(3, 5)).isEqualTo(options(null, null, 3, 5, d.events()));
    assertThat(d.withEvents(w)).isEqualTo(options(null, null, d.workers(), 25, w));
  }

  Runner.Options options(Integer trials, Long seed, int workers, int perShard, PrintWriter events) {
    return new Runner.Options(
        trials,
        seed,
        workers,
        perShard,
        events,
        null,
        0,
        SimulationListener.NONE,
        null,
        d.slowAfter(),
        Limits.DEFAULT,
        null);
  }

  @Test
  void theCopiesChainIntoEveryFieldSet() {
    Runner.Options all =
        d.withTrials(7)
            .withSeed(9L)
            .withWorkers(3, 5)
            .withEvents(w)
            .withProgress(w, 11)
            .withTrialListener(listener)
            .withHints(w, Duration.ofSeconds(2))
            .withLimits(limits)
            .withShardTimeLimit(Duration.ofMinutes(1));
    assertThat(all)
        .isEqualTo(
            new Runner.Options(
                7,
                9L,
                3,
                5,
                w,
                w,
                11,
                listener,
                w,
                Duration.ofSeconds(2),
                limits,
                Duration.ofMinutes(1)));
    assertThat(d.withShardTimeLimit(Duration.ofMinutes(1)).withLimits(limits).withTrials(null))
        .isEqualTo(
            new Runner.Options(
                null,
                null,
                d.workers(),
                25,
                d.events(),
                null,
                0,
                SimulationListener.NONE,
                null,
                d.slowAfter(),
                limits,
                Duration.ofMinutes(1)));
  }
}
