package dev.archsim.engine.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.model.S3Storage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reads of aged data are billed only from what their class holds: nothing before data first reaches
 * it, and in a month at most what it holds, whatever the step.
 */
class S3RetrievalsTest {
  static final double DAY = 86_400;
  static final double DAYS_PER_MONTH = 730 / 24.0;

  static double usd(String key) {
    return Services.usd(key, "us-east-1");
  }

  static Map<String, Double> bill(S3Storage s3, double days, double stepDays) {
    RecordingTrial trial = new RecordingTrial();
    PathStage bucket = new S3StorageComponent().stage(s3, trial);
    for (double t = 0; t < days - 1e-9; t += stepDays) {
      bucket.bill(Math.min(stepDays, days - t) * DAY, 0);
    }
    return trial.costs;
  }

  @Test
  void aClassThatHoldsNothingYetBillsNoRetrieval() {
    // a week of a bucket whose DEEP_ARCHIVE rule is at 365 days: 100 GB a month read from it
    S3Storage s3 =
        new S3Storage(
            0,
            50,
            512,
            List.of(new S3Storage.Transition(365, "DEEP_ARCHIVE")),
            List.of(new S3Storage.Retrieval("DEEP_ARCHIVE", 100)));
    for (double step : List.of(1.0 / 144, 1.0, 7.0)) {
      assertThat(bill(s3, 7, step).getOrDefault("s3 (retrievals)", 0.0)).isZero();
    }
  }

  @Test
  void aMonthsReadsAreAtMostWhatTheClassHolds() {
    // 1 GB a day written, none at the start; STANDARD_IA from day 30, 10 GB a month read from it.
    // IA holds (t - 30) GB at day t, so the reads follow it until day 40, then run at 10 a month:
    // ∫_30^40 (t - 30) dt + 10 · (60 - 40) GB-days over 60 days, divided by the days of a month
    S3Storage s3 =
        new S3Storage(
            0,
            DAYS_PER_MONTH,
            1024,
            List.of(new S3Storage.Transition(30, "STANDARD_IA")),
            List.of(new S3Storage.Retrieval("STANDARD_IA", 10)));
    double gb = (10.0 * 10 / 2 + 10 * 20) / DAYS_PER_MONTH;
    double expected = gb * usd(S3StorageComponent.S3_STANDARD_IA_RETRIEVAL_GB);
    for (double step : List.of(0.1, 1.0, 7.3, 60.0)) {
      assertThat(bill(s3, 60, step).get("s3 (retrievals)"))
          .as("step of %s days", step)
          .isCloseTo(expected, within(1e-9));
    }
  }

  @Test
  void initialDataAloneIsReadOnlyWhileItIsInTheClass() {
    // 5 GB at the start, nothing written after: in STANDARD_IA from day 30 to day 90, 8 GB a month
    // read from it but at most the 5 GB it holds a month: 5 GB a month over 60 days
    S3Storage s3 =
        new S3Storage(
            5,
            0,
            1024,
            List.of(
                new S3Storage.Transition(30, "STANDARD_IA"),
                new S3Storage.Transition(90, "GLACIER")),
            List.of(new S3Storage.Retrieval("STANDARD_IA", 8)));
    double expected = 5 * 60 / DAYS_PER_MONTH * usd(S3StorageComponent.S3_STANDARD_IA_RETRIEVAL_GB);
    for (double step : List.of(1.0, 45.0, 120.0)) {
      assertThat(bill(s3, 120, step).get("s3 (retrievals)"))
          .as("step of %s days", step)
          .isCloseTo(expected, within(1e-9));
    }
  }

  @Test
  void dataWrittenBeforeTheStageIsReadFromTheStart() {
    // 1 GB a day written for 35 days before the stage: STANDARD_IA (from day 30) holds 5 GB at the
    // start and grows by 1 GB a day, so 10 GB a month of reads follow it until day 5, then run at
    // 10 a month: ∫_0^5 (5 + t) dt + 10 · (60 - 5) GB-days over 60 days
    S3Storage s3 =
        new S3Storage(
            0,
            DAYS_PER_MONTH,
            1024,
            List.of(new S3Storage.Transition(30, "STANDARD_IA")),
            List.of(new S3Storage.Retrieval("STANDARD_IA", 10)),
            35);
    double gb = (5 * 5 + 5.0 * 5 / 2 + 10 * 55) / DAYS_PER_MONTH;
    double expected = gb * usd(S3StorageComponent.S3_STANDARD_IA_RETRIEVAL_GB);
    for (double step : List.of(0.1, 1.0, 7.3, 60.0)) {
      assertThat(bill(s3, 60, step).get("s3 (retrievals)"))
          .as("step of %s days", step)
          .isCloseTo(expected, within(1e-9));
    }
  }
}
