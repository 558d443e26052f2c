package dev.archsim.engine.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.model.S3Storage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed-001 lifecycle (30 days to STANDARD_IA, 90 to GLACIER, 365 to DEEP_ARCHIVE) on a growth
 * curve, billed step by step, against the closed-form sums of the GB-days each class holds.
 */
class S3StorageComponentTest {
  static final double DAY = 86_400;
  static final double DAYS_PER_MONTH = 730 / 24.0;
  static final S3Storage SEED_001 =
      new S3Storage(
          100,
          50,
          512,
          List.of(
              new S3Storage.Transition(30, "STANDARD_IA"),
              new S3Storage.Transition(90, "GLACIER"),
              new S3Storage.Transition(365, "DEEP_ARCHIVE")),
          List.of(new S3Storage.Retrieval("GLACIER", 2)));

  static double usd(String key) {
    return Services.usd(key, "us-east-1");
  }

  /** Bills 400 days in steps of {@code stepDays} and returns the bill's lines. */
  static Map<String, Double> bill400Days(double stepDays) {
    RecordingTrial trial = new RecordingTrial();
    PathStage bucket = new S3StorageComponent().stage(SEED_001, trial);
    for (double t = 0; t < 400 - 1e-9; t += stepDays) {
      bucket.bill(Math.min(stepDays, 400 - t) * DAY, 0);
    }
    return trial.costs;
  }

  @Test
  void fourHundredDaysOfStorageAreTheClosedFormSumOfEachClassesGbDays() {
    // 50 GB a month written evenly: g GB a day; class c holds g·clip(t - d_c, 0, w_c) at day t
    double g = 50 / DAYS_PER_MONTH;
    // ∫_0^400 of that: STANDARD 30²/2 + 30·370; IA 60²/2 + 60·310; GLACIER 275²/2 + 275·35;
    // DEEP_ARCHIVE 35²/2 (they add up to 400²/2 = 80 000, all the data ever written)
    double[] growthGbDays = {11_550, 20_400, 47_437.5, 612.5};
    // the 100 GB at the start: 30 days, 60, 275, then the last 35
    double[] initialGbDays = {100 * 30, 100 * 60, 100 * 275, 100 * 35};
    String[] classes = {"STANDARD", "STANDARD_IA", "GLACIER", "DEEP_ARCHIVE"};
    for (Map<String, Double> costs : List.of(bill400Days(1), bill400Days(7.3), bill400Days(400))) {
      for (int c = 0; c < 4; c++) {
        double gbMonths = (g * growthGbDays[c] + initialGbDays[c]) / DAYS_PER_MONTH;
        assertThat(costs.get("s3 (" + classes[c] + " storage)"))
            .as(classes[c])
            .isCloseTo(
                gbMonths * usd(S3StorageComponent.s3StorageGbMonth(classes[c])), within(1e-9));
      }
      // objects of 512 KB: 1 953.125 a GB; moved: what was written 30, 90 and 365 days before the
      // end (370, 310 and 35 days of writes), plus the initial 100 GB each time
      double perGb = 1e6 / 512;
      double transitions =
          (g * 370 + 100) * perGb * usd(S3StorageComponent.s3TransitionRequest("STANDARD_IA"))
              + (g * 310 + 100) * perGb * usd(S3StorageComponent.s3TransitionRequest("GLACIER"))
              + (g * 35 + 100)
                  * perGb
                  * usd(S3StorageComponent.s3TransitionRequest("DEEP_ARCHIVE"));
      assertThat(costs.get("s3 (transitions)")).isCloseTo(transitions, within(1e-9));
      // 2 GB a month from GLACIER, standard retrieval: per GB and per object, from day 90 on
      // (GLACIER holds nothing before; from then on it holds the initial 100 GB, more than 2)
      double months = (400 - 90) / DAYS_PER_MONTH;
      assertThat(costs.get("s3 (retrievals)"))
          .isCloseTo(
              2
                  * months
                  * (usd(S3StorageComponent.S3_GLACIER_RETRIEVAL_STANDARD_GB)
                      + perGb * usd(S3StorageComponent.S3_GLACIER_RETRIEVAL_STANDARD_REQUEST)),
              within(1e-9));
    }
  }

  @Test
  void theLifecycleCostsLessThanKeepingEverythingInStandard() {
    Map<String, Double> tiered = bill400Days(1);
    double tieredStorage =
        tiered.entrySet().stream()
            .filter(e -> e.getKey().endsWith("storage)"))
            .mapToDouble(Map.Entry::getValue)
            .sum();
    double g = 50 / DAYS_PER_MONTH;
    double allStandard =
        (g * 400 * 400 / 2 + 100 * 400)
            / DAYS_PER_MONTH
            * usd(S3StorageComponent.s3StorageGbMonth("STANDARD"));
    assertThat(tieredStorage).isLessThan(allStandard);
  }
}
