package dev.archsim.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The trial's incident log: what it counts, what a failure of unknown time leaves out. */
class IncidentLogTest {
  @Test
  void countsIncidentsAndSumsDetectionAndRecoveryTimesKeepingTheLongest() {
    IncidentLog log = new IncidentLog();
    log.incident();
    log.incident();
    log.detected(100, 130);
    log.detected(200, 215);
    log.recovered(100, 400);
    log.recovered(200, 290);
    assertThat(log.incidents()).isEqualTo(2);
    assertThat(log.detections()).isEqualTo(2);
    assertThat(log.detectionSecondsSum()).isEqualTo(45.0);
    assertThat(log.recoveries()).isEqualTo(2);
    assertThat(log.recoverySecondsSum()).isEqualTo(390.0);
    assertThat(log.maxRecoverySeconds()).isEqualTo(300.0);
  }

  @Test
  void aFailureOfUnknownTimeIsNeitherADetectionNorARecovery() {
    IncidentLog log = new IncidentLog();
    log.detected(Double.NaN, 50);
    log.recovered(Double.NaN, 80);
    assertThat(log.detections()).isZero();
    assertThat(log.recoveries()).isZero();
    assertThat(log.maxRecoverySeconds()).isZero();
  }

  @Test
  void tallyAddsTheServicesRecoveriesWithTheirDataLoss() {
    IncidentLog log = new IncidentLog();
    log.tally(600, 5);
    log.tally(1200, Double.NaN);
    assertThat(log.tally())
        .isEqualTo(
            dev.archsim.engine.result.RecoveryTally.EMPTY.plus(600, 5).plus(1200, Double.NaN));
    assertThat(log.tally()).isNotEqualTo(dev.archsim.engine.result.RecoveryTally.EMPTY);
  }
}
