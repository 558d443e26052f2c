package dev.archsim.core.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.LatencyHistogram;
import dev.archsim.engine.result.RecoveryTally;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.result.TrialOutcome;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The p99 and the recovery objectives are judged at the run's confidence, like availability and
 * cost: on trials built by hand, whose bounds are worked out here from the per-trial figures.
 */
class ConfidenceBoundsTest {
  private static final Objectives P99_250 = new Objectives(null, 250.0, null);

  /** A trial of 1 000 requests: {@code slow} of them at {@code slowMs}, the rest at 100 ms. */
  private static TrialOutcome trial(int index, int slow, double slowMs, RecoveryTally recovery) {
    long[] histogram = new long[LatencyHistogram.SIZE];
    histogram[LatencyHistogram.bucketOf(100)] += 1000 - slow;
    histogram[LatencyHistogram.bucketOf(slowMs)] += slow;
    return new TrialOutcome(
        index,
        1000,
        new long[FailureCause.values().length],
        histogram,
        0,
        new TreeMap<>(Map.of("ec2", 100_000_000L)),
        new TreeMap<>(),
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        recovery,
        null,
        null,
        null);
  }

  private static StageAccumulator merged(Objectives o, TrialOutcome... trials) {
    StageAccumulator acc = StageAccumulator.empty(0);
    for (TrialOutcome t : trials) {
      acc = acc.merge(StageAccumulator.ofTrial(0, t, o));
    }
    return acc;
  }

  /** Nine trials at 100 ms and one whose slowest 5 % take {@code tailMs}. */
  private static TrialOutcome[] oneSlowTrial(double tailMs) {
    TrialOutcome[] trials = new TrialOutcome[10];
    for (int i = 0; i < 9; i++) {
      trials[i] = trial(i, 0, 100, null);
    }
    trials[9] = trial(9, 50, tailMs, null);
    return trials;
  }

  /** 1.96 × the standard deviation of the per-trial p99s / √n, worked out here. */
  private static double halfWidth(TrialOutcome[] trials) {
    double n = trials.length;
    double sum = 0;
    double squares = 0;
    for (TrialOutcome t : trials) {
      double p = Math.round(t.p99Ms() * 10) / 10.0;
      sum += p;
      squares += p * p;
    }
    double variance = (squares - sum * sum / n) / (n - 1);
    return 1.959964 * Math.sqrt(variance / n);
  }

  @Test
  void aP99MeetingTheTargetWhoseUpperBoundDoesNotIsRejectedSayingByHowMuch() {
    TrialOutcome[] trials = oneSlowTrial(2000);
    Judgement j = Judgement.of(merged(P99_250, trials));
    // 50 slow requests of 10 000: 0.5 %, so the merged p99 is the 100 ms bucket's
    assertThat(j.p99Ms()).isLessThan(125); // interpolated in its bucket
    double expected = halfWidth(trials);
    assertThat(expected).isGreaterThan(300); // one trial's p99 near 2 s, nine near 100 ms
    assertThat(j.p99Ci95()).isCloseTo(expected, within(0.01));
    assertThat(j.p99High()).isCloseTo(j.p99Ms() + expected, within(0.01));
    assertThat(j.surelyFails(P99_250)).isEmpty(); // the favourable end meets it: keep racing
    String why =
        String.format(
            java.util.Locale.ROOT,
            "p99 upper bound %.0f ms above the target 250 ms by %.0f ms (p99 %.0f ms)",
            j.p99Ms() + expected,
            j.p99Ms() + expected - 250,
            j.p99Ms());
    assertThat(j.notShown(P99_250)).contains(why);
    // the README's and decision 050's example
    assertThat(why)
        .isEqualTo("p99 upper bound 519 ms above the target 250 ms by 269 ms (p99 112 ms)");
  }

  @Test
  void aNarrowP99IntervalUnderTheTargetIsAccepted() {
    TrialOutcome[] trials = oneSlowTrial(260);
    Judgement j = Judgement.of(merged(P99_250, trials));
    assertThat(j.p99Ci95()).isCloseTo(halfWidth(trials), within(0.01));
    assertThat(j.p99High()).isLessThan(250);
    assertThat(Math.round(j.p99High())).isEqualTo(144);
    assertThat(j.notShown(P99_250)).isEmpty();
  }

  @Test
  void aP99WhoseLowerBoundIsOverTheTargetFailsSurely() {
    TrialOutcome[] trials = new TrialOutcome[4];
    for (int i = 0; i < 4; i++) {
      trials[i] = trial(i, 20 + 10 * i, 400, null); // every trial's p99 in the 400 ms bucket
    }
    Judgement j = Judgement.of(merged(P99_250, trials));
    assertThat(j.p99Low()).isGreaterThan(250);
    assertThat(j.surelyFails(P99_250))
        .hasValueSatisfying(why -> assertThat(why).contains("lower bound").contains("250 ms"));
  }

  @Test
  void withOneTrialTheP99DecidesNothing() {
    Judgement j = Judgement.of(merged(P99_250, trial(0, 0, 100, null)));
    assertThat(j.p99Ci95()).isInfinite();
    assertThat(j.surelyFails(P99_250)).isEmpty();
    assertThat(j.notShown(P99_250)).isPresent();
  }

  @Test
  void theMeanRecoveryIsJudgedOnTheRatioEstimatorsUpperBound() {
    Objectives rto300 = new Objectives(null, null, null, 300.0, null);
    RecoveryTally hundred = RecoveryTally.EMPTY.plus(100, Double.NaN);
    TrialOutcome[] trials = {
      trial(0, 0, 100, hundred),
      trial(1, 0, 100, hundred),
      trial(2, 0, 100, RecoveryTally.EMPTY.plus(500, Double.NaN)),
      trial(3, 0, 100, null)
    };
    Judgement j = Judgement.of(merged(rto300, trials));
    // R = 700 / 3; residuals x − R y: −133.3, −133.3, 266.7, 0; ȳ = 3 / 4
    double r = 700.0 / 3;
    double residual = 2 * Math.pow(100 - r, 2) + Math.pow(500 - r, 2);
    double expected = 1.959964 * Math.sqrt(residual / (3 * 4 * 0.75 * 0.75));
    assertThat(j.rtoMeanSeconds()).isCloseTo(r, within(1e-9));
    assertThat(j.rtoCi95()).isCloseTo(expected, within(1e-6));
    assertThat(j.rtoCi95()).isCloseTo(246.4, within(0.1));
    assertThat(j.surelyFails(rto300)).isEmpty();
    assertThat(j.notShown(rto300))
        .contains("mean recovery 233 s (upper bound 480 s) over the RTO 300 s by 180 s");
    // the same recoveries, every trial alike: no spread, accepted on its mean
    Judgement alike =
        Judgement.of(
            merged(
                rto300,
                trial(0, 0, 100, RecoveryTally.EMPTY.plus(250, Double.NaN)),
                trial(1, 0, 100, RecoveryTally.EMPTY.plus(250, Double.NaN))));
    assertThat(alike.rtoCi95()).isZero();
    assertThat(alike.notShown(rto300)).isEmpty();
  }

  @Test
  void theDataLossWindowIsJudgedOnItsLowerBoundToFailSurely() {
    Objectives rpo60 = new Objectives(null, null, null, null, 60.0);
    Judgement j =
        Judgement.of(
            merged(
                rpo60,
                trial(0, 0, 100, RecoveryTally.EMPTY.plus(10, 300)),
                trial(1, 0, 100, RecoveryTally.EMPTY.plus(10, 310)),
                trial(2, 0, 100, RecoveryTally.EMPTY.plus(10, 290))));
    assertThat(j.rpoLow()).isGreaterThan(60);
    assertThat(j.surelyFails(rpo60))
        .hasValueSatisfying(
            why -> assertThat(why).startsWith("mean data loss 300 s (lower bound").contains("RPO"));
  }
}
