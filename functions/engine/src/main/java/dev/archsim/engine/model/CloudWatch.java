package dev.archsim.engine.model;

/**
 * CloudWatch as the stage uses it: custom metrics and alarms billed by the month, logs billed per
 * GB ingested and per GB-month stored.
 *
 * @param metrics custom metrics
 * @param alarms standard-resolution alarms
 * @param logKbPerRequest log data a request writes, in KB (1 KB = 1 000 bytes)
 * @param retentionDays log group retention; 0 keeps the logs forever (the default: "By default, log
 *     data is stored in CloudWatch Logs indefinitely", [AWS]
 *     docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html)
 */
public record CloudWatch(int metrics, int alarms, double logKbPerRequest, int retentionDays) {
  /** The defaults of the {@code cloudWatch} section. */
  public static final Defaults.Table DEFAULTS = Defaults.section("cloudWatch");

  public static final int DEFAULT_METRICS = DEFAULTS.d("metrics", 0);
  public static final int DEFAULT_ALARMS = DEFAULTS.d("alarms", 0);
  public static final double DEFAULT_LOG_KB_PER_REQUEST = DEFAULTS.d("logKbPerRequest", 0.0);

  /** 0: logs are kept forever. */
  public static final int DEFAULT_RETENTION_DAYS = DEFAULTS.d("retentionDays", 0);

  /** The most metrics or alarms a stage may declare (the schema's bound). */
  public static final int MAX_COUNT = 1_000_000;

  /**
   * The retention periods CloudWatch Logs accepts, in days ([AWS] PutRetentionPolicy API reference:
   * "Possible values are: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096,
   * 1827, 2192, 2557, 2922, 3288, and 3653").
   */
  public static final int[] RETENTION_DAYS = {
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653
  };
}
