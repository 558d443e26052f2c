package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.DisasterRecovery;
import dev.archsim.engine.model.DisasterRecovery.Strategy;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.result.StageSummary;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A region failover's moments (secondary ready, clients start moving, every client moved, full
 * capacity) are events, and the clients' linear move over one TTL is integrated exactly: the
 * requests lost are the closed form's, whatever the traffic step. Before, the switch was rounded up
 * to the next step and the move read at each step's start (it vanished at steps of 5 minutes and
 * more).
 */
class DrFailoverStepTest {
  static final double RATE = 100;
  static final double INTERVAL = 30;
  static final int THRESHOLD = 3;
  static final double DECISION_MIN = 15;
  static final double PROVISION_MIN = 20;
  static final double RESTORE_MIN = 25;
  static final double BOOT = 120;

  /** An outage that starts off every step grid: one day and 7 s. */
  static final Duration OUTAGE_AT = Duration.ofDays(1).plusSeconds(7);

  static DisasterRecovery dr(Strategy strategy, double ttl, boolean accelerator) {
    return new DisasterRecovery(
        strategy,
        "ap-northeast-2",
        strategy == Strategy.WARM_STANDBY ? 0.5 : 1.0,
        INTERVAL,
        THRESHOLD,
        ttl,
        accelerator,
        strategy == Strategy.ACTIVE_ACTIVE ? 0 : DECISION_MIN,
        PROVISION_MIN,
        RESTORE_MIN,
        24,
        1,
        BOOT,
        100,
        List.of());
  }

  /**
   * Seconds from the outage until clients start moving, by each strategy's mechanics, after the
   * trial's detection (Route 53's timing model, one draw per trial: the same at every step).
   */
  static double untilSwitch(Strategy strategy, double detection) {
    double decided = detection + DECISION_MIN * 60;
    return switch (strategy) {
      case BACKUP_RESTORE -> decided + (PROVISION_MIN + RESTORE_MIN) * 60;
      case PILOT_LIGHT -> decided + Math.max(BOOT, 60);
      case WARM_STANDBY -> decided;
      case ACTIVE_ACTIVE -> detection;
    };
  }

  @ParameterizedTest
  @CsvSource({
    "BACKUP_RESTORE, 60, false",
    "PILOT_LIGHT, 60, false",
    "PILOT_LIGHT, 300, false",
    "PILOT_LIGHT, 300, true",
    "WARM_STANDBY, 60, false",
    "ACTIVE_ACTIVE, 60, false",
    "ACTIVE_ACTIVE, 60, true"
  })
  void requestsLostAreTheClosedFormsAtEveryStep(Strategy strategy, double ttl, boolean ga) {
    // every client fails until the switch, then the primary's clients move linearly over one TTL
    // (at once through Global Accelerator): on average half a TTL more
    Double detection = null;
    for (Duration step :
        new Duration[] {
          Duration.ofSeconds(10),
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          Duration.ofMinutes(10),
          Duration.ofHours(1)
        }) {
      StageSummary s =
          TiersTest.run(
              TiersTest.arch(null, null, null, dr(strategy, ttl, ga), TiersTest.alb()),
              TiersTest.workload(RATE, 0, 0),
              TiersTest.scheduled(new Faults.RegionOutage(OUTAGE_AT, Duration.ofHours(6))),
              Duration.ofDays(2),
              step,
              1);
      if (detection == null) {
        detection = s.meanDetectionSeconds();
        // Route 53, 30 s x 3: 13th of 15 checkers' phases + two intervals + the 4 s connection
        assertThat(detection).isBetween(64.0, 94.0);
      }
      assertThat(s.meanDetectionSeconds()).as("detection at step " + step).isEqualTo(detection);
      double expected = RATE * (untilSwitch(strategy, detection) + (ga ? 0 : ttl / 2));
      assertThat(s.failedByCause()).as("step " + step).containsOnlyKeys("region-outage");
      assertThat((double) s.requestsFailed())
          .as("requests lost at step " + step)
          .isCloseTo(expected, within(expected * 0.001));
    }
  }
}
