package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.TrialOutcome;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.sim.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Clients move between Route 53 records over one TTL in short steps (TTL / 20); once the move is
 * over the traffic goes back to the scenario's step. Before, the short steps went on until the next
 * infrastructure event, however far.
 */
class DnsMoveStepTest {
  static final double RATE = 30;
  static final double TTL = 60;
  static final double REMOVED_AT = 3600;
  static final double STEP = 300;
  static final double HORIZON = 86_400;

  /** Every traffic segment [from, to) of the trial. */
  static class Segments implements SimulationListener {
    final List<double[]> seen = new ArrayList<>();

    @Override
    public boolean wantsSamples(int stage, long trial) {
      return true;
    }

    @Override
    public void sample(
        int stage, long trial, double from, double to, int in, double offered, double failed) {
      seen.add(new double[] {from, to});
    }
  }

  @Test
  void afterTheMoveTheTrafficStepsAtTheScenariosStepAgain() {
    Faults removal =
        new Faults(
            null,
            null,
            List.of(new Faults.DnsRemoval(Duration.ofSeconds((long) REMOVED_AT), true)));
    Architecture arch =
        Scenarios.singleAz("m5.large", 3, new Entry.Route53(TTL, null, null, "multivalue"));
    Scenario s =
        new Scenario(
            1,
            "dns-move",
            "",
            new RunSettings(
                Duration.ofSeconds((long) HORIZON),
                Duration.ofSeconds((long) STEP),
                1,
                3,
                RunSettings.InitialState.ALL_HEALTHY),
            Objectives.NONE,
            null,
            null,
            List.of(new Stage("s", "", Scenarios.constant(RATE, 10, 20), arch, removal)));
    Segments segments = new Segments();
    TrialOutcome t = new Simulator(segments).runTrial(s, 0, 0);

    // closed form: the removed third of the clients moves away linearly over one TTL
    assertThat((double) t.failedByCause()[FailureCause.DNS_STALE.ordinal()])
        .isCloseTo(RATE / 3 * TTL / 2, within(1.0));

    int during = 0;
    int after = 0;
    for (double[] seg : segments.seen) {
      double length = seg[1] - seg[0];
      if (seg[0] >= REMOVED_AT && seg[1] <= REMOVED_AT + TTL) {
        during++;
        assertThat(length).isLessThanOrEqualTo(TTL / 20 + 1e-9);
      } else if (seg[0] >= REMOVED_AT + TTL) {
        after++;
        assertThat(length).isLessThanOrEqualTo(STEP);
      }
    }
    assertThat(during).isEqualTo(20);
    // back on the scenario's grid: one short segment up to the next multiple of the step, then
    // whole steps (before the fix: TTL / 20 steps until the horizon, some 28 000 of them)
    assertThat(after).isEqualTo((int) Math.ceil((HORIZON - REMOVED_AT - TTL) / STEP));
  }
}
