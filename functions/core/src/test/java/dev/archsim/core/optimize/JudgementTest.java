package dev.archsim.core.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.model.Objectives;
import org.junit.jupiter.api.Test;

/** A design is accepted on the confidence bound of its figures, not on their mean. */
class JudgementTest {
  private static final Objectives THREE_NINES = new Objectives(0.999, 250.0, 500.0);

  private static Judgement judgement(double availability, double ci, double cost, double costCi) {
    return new Judgement(100, cost, costCi, availability, ci, 120, Double.NaN, Double.NaN);
  }

  @Test
  void aMeanAboveTheTargetWithALowerBoundBelowIsNotAccepted() {
    Judgement j = judgement(0.9992, 0.0005, 300, 1);
    assertThat(j.surelyFails(THREE_NINES)).isEmpty(); // could still meet it: keep racing
    assertThat(j.notShown(THREE_NINES))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains("lower bound 99.870 %")
                    .contains("below the target 99.900 % by 0.030 pp"));
    assertThat(judgement(0.9992, 0.0001, 300, 1).notShown(THREE_NINES)).isEmpty();
  }

  @Test
  void anUpperBoundBelowTheTargetFailsSurely() {
    assertThat(judgement(0.9980, 0.0005, 300, 1).surelyFails(THREE_NINES))
        .hasValueSatisfying(why -> assertThat(why).contains("upper bound 99.850 %"));
  }

  @Test
  void theBudgetIsJudgedOnTheCostInterval() {
    assertThat(judgement(1, 0, 499, 2).notShown(THREE_NINES))
        .hasValueSatisfying(why -> assertThat(why).contains("cost upper bound $501.00"));
    assertThat(judgement(1, 0, 503, 2).surelyFails(THREE_NINES))
        .hasValueSatisfying(why -> assertThat(why).contains("over the budget $500.00 by $1.00"));
  }

  @Test
  void aP99OverTheTargetFails() {
    Judgement slow = new Judgement(100, 300, 1, 1, 0, 260, Double.NaN, Double.NaN);
    assertThat(slow.surelyFails(THREE_NINES))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .isEqualTo("p99 260 ms (lower bound 260 ms) above the target 250 ms by 10 ms"));
  }
}
