package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.DisasterRecovery.Strategy;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.result.StageSummary;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The instances in service are counted over the whole horizon, time-weighted, whatever the routing:
 * a region down contributes its zeros and the secondary region's instances count once they run.
 * Before, the primary's fleet was counted through a region outage as if it served.
 */
class InServiceCountsTest {
  static final Duration HORIZON = Duration.ofDays(2);
  static final Duration OUTAGE = Duration.ofHours(6);

  /**
   * One trial over {@link #HORIZON} of the primary's 2 m5.large behind an ALB, its region down for
   * {@link #OUTAGE} and recovered by {@code strategy} (records with a 60 s TTL, no accelerator).
   */
  static StageSummary regionOutage(Strategy strategy) {
    return TiersTest.run(
        TiersTest.arch(
            null, null, null, DrFailoverStepTest.dr(strategy, 60, false), TiersTest.alb()),
        TiersTest.workload(DrFailoverStepTest.RATE, 0, 0),
        TiersTest.scheduled(new Faults.RegionOutage(DrFailoverStepTest.OUTAGE_AT, OUTAGE)),
        HORIZON,
        Duration.ofMinutes(1),
        1);
  }

  @Test
  void aRegionOutageCountsItsZerosAndTheRestoredSecondarysInstances() {
    // backup and restore: no instance runs in the secondary until it is restored at the switch,
    // then the primary's capacity (2 m5.large) until the primary region is back
    StageSummary s = regionOutage(Strategy.BACKUP_RESTORE);
    double untilSwitch =
        DrFailoverStepTest.untilSwitch(Strategy.BACKUP_RESTORE, s.meanDetectionSeconds());
    double horizon = HORIZON.toSeconds();
    double expected = 2 * (horizon - untilSwitch) / horizon;
    assertThat(untilSwitch).isLessThan(OUTAGE.toSeconds());
    assertThat(s.instancesMean()).isCloseTo(expected, within(0.0005));
    assertThat(s.instancesMin()).isZero();
    assertThat(s.instancesMax()).isEqualTo(2);
  }

  @Test
  void aWarmStandbyCountsBothRegionsAndTheScaleUpDuringTheOutage() {
    // warm standby at half the primary's capacity: 2 + 1 all along; during the outage the primary
    // counts 0 and the standby 1 until it is scaled to the primary's 2
    StageSummary s = regionOutage(Strategy.WARM_STANDBY);
    assertThat(s.instancesMin()).isEqualTo(1);
    assertThat(s.instancesMax()).isEqualTo(3);
    double horizon = HORIZON.toSeconds();
    double outage = OUTAGE.toSeconds();
    // at least 1 through the outage, at most 2: the mean lies between the closed forms' bounds
    assertThat(s.instancesMean())
        .isBetween(
            (3 * (horizon - outage) + 1 * outage) / horizon - 1e-3,
            (3 * (horizon - outage) + 2 * outage) / horizon + 1e-3);
  }
}
