package dev.archsim.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CostLedgerTest {

  @Test
  void linesSumTheirChargesAndScaleToAMonth() {
    CostLedger ledger = new CostLedger();
    ledger.add("ec2", 1.25);
    ledger.add("ec2", 0.75);
    ledger.add("nat", 0.0); // opens no line
    ledger.add("alb", 0.5);
    // a 15-day horizon scaled to the 730-hour month: x 730 / 360
    assertThat(ledger.monthlyMicroUsd(730.0 / 360))
        .containsOnlyKeys("ec2", "alb")
        .containsEntry("ec2", Math.round(2.0 * 730 / 360 * 1e6))
        .containsEntry("alb", Math.round(0.5 * 730 / 360 * 1e6));
  }

  @Test
  void aNegativeOrUndefinedChargeStopsTheTrialInsteadOfVanishing() {
    CostLedger ledger = new CostLedger();
    ledger.add("ec2", 3.0);
    for (double bad : new double[] {-0.01, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> ledger.add("ec2", bad))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'ec2'");
    }
    // nothing of the refused charges reached the bill
    assertThat(ledger.monthlyMicroUsd(1))
        .containsExactlyEntriesOf(java.util.Map.of("ec2", 3_000_000L));
  }
}
