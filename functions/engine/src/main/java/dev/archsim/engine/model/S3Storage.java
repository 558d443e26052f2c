package dev.archsim.engine.model;

import java.util.List;

/**
 * Objects the stage stores in S3, on a growth curve: {@code initialGb} at the start (all new) and
 * {@code gbPerMonth} written evenly after it, and before it for {@code writtenForDays}, moved
 * between storage classes by lifecycle rules as they age, and some read back from the classes they
 * are in.
 *
 * @param initialGb data stored at the start, aged zero
 * @param gbPerMonth data written each month (1 GB = 10^9 bytes)
 * @param objectKb mean object size in KB, for the transitions billed per object
 * @param transitions lifecycle rules, in increasing age
 * @param retrievals reads of aged data by storage class, per month
 * @param writtenForDays days the bucket has already been written at {@code gbPerMonth} when the
 *     stage starts: at the start it holds that much data of every age up to this many days, each
 *     day's in the class its age puts it in (0: a new bucket)
 */
public record S3Storage(
    double initialGb,
    double gbPerMonth,
    double objectKb,
    List<Transition> transitions,
    List<Retrieval> retrievals,
    double writtenForDays) {
  /** The defaults of the {@code s3} section. */
  public static final Defaults.Table DEFAULTS = Defaults.section("s3");

  public static final double DEFAULT_INITIAL_GB = DEFAULTS.d("initialGb", 0.0);
  public static final double DEFAULT_GB_PER_MONTH = DEFAULTS.d("gbPerMonth", 0.0);
  public static final double DEFAULT_OBJECT_KB = DEFAULTS.d("objectKb", 512.0);
  public static final double DEFAULT_WRITTEN_FOR_DAYS = DEFAULTS.d("writtenForDays", 0.0);

  /** The most lifecycle rules or retrieval lines (the classes after STANDARD; schema bound). */
  public static final int MAX_RULES = 3;

  /**
   * "Objects must be stored at least 30 days in the current storage class before you can transition
   * them to S3 Standard-IA or S3 One Zone-IA" ([AWS]
   * docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html).
   */
  public static final int MIN_DAYS_BEFORE_IA = 30;

  /**
   * "Objects that are in the S3 Standard-IA storage class must be in this class for 30 days before
   * they transition to S3 Glacier" ([AWS]
   * repost.aws/knowledge-center/s3-lifecycle-rule-glacier-storage); the same holds for a move on to
   * DEEP_ARCHIVE. A rule after a STANDARD_IA rule is at least this many days later.
   */
  public static final int MIN_DAYS_IN_IA = 30;

  /**
   * Since September 2024 lifecycle rules do not transition objects smaller than 128 KB by default
   * ([AWS] same page: "Amazon S3 applies a default behavior to your Lifecycle configuration that
   * prevents objects smaller than 128 KB from being transitioned to any storage class").
   */
  public static final double MIN_TRANSITION_OBJECT_KB = 128;

  /** The classes in the order lifecycle rules may move data down. */
  public static final List<String> CLASSES =
      List.of("STANDARD", "STANDARD_IA", "GLACIER", "DEEP_ARCHIVE");

  public S3Storage {
    transitions = List.copyOf(transitions);
    retrievals = List.copyOf(retrievals);
  }

  /** A new bucket: nothing written before the stage starts. */
  public S3Storage(
      double initialGb,
      double gbPerMonth,
      double objectKb,
      List<Transition> transitions,
      List<Retrieval> retrievals) {
    this(initialGb, gbPerMonth, objectKb, transitions, retrievals, DEFAULT_WRITTEN_FOR_DAYS);
  }

  /**
   * A lifecycle rule: objects {@code days} old move to {@code storageClass}.
   *
   * @param days age at which the objects move
   * @param storageClass STANDARD_IA, GLACIER or DEEP_ARCHIVE
   */
  public record Transition(int days, String storageClass) {}

  /**
   * Data read back from a class each month (standard retrieval for the archive classes).
   *
   * @param storageClass STANDARD_IA, GLACIER or DEEP_ARCHIVE
   * @param gbPerMonth GB read a month
   */
  public record Retrieval(String storageClass, double gbPerMonth) {}
}
