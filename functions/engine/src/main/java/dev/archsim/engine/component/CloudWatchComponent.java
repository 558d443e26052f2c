package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.Bill;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.CloudWatch;
import dev.archsim.engine.model.Defaults;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.Metric;
import dev.archsim.engine.validate.Ranges;
import dev.archsim.engine.validate.Violation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * CloudWatch as a cost: custom metrics and alarms by the month, log data per GB ingested and per
 * GB-month stored. The dynamic requests write {@code logKbPerRequest} each; the logs are kept for
 * the retention period (forever by default), so the stored data, and its bill, grow over the run.
 */
public final class CloudWatchComponent implements Component<CloudWatch> {
  /** Gigabytes of logs ingested (a counter). */
  static final Metric LOGS_GB = Metric.of("logs", "gb");

  /** CloudWatch custom metric, per month (first 10 000). */
  public static final String CLOUDWATCH_METRIC_MONTH = "cloudwatch.metric.month";

  /** CloudWatch standard-resolution alarm, per month. */
  public static final String CLOUDWATCH_ALARM_MONTH = "cloudwatch.alarm.month";

  /** CloudWatch Logs ingestion, per GB. */
  public static final String CLOUDWATCH_LOGS_INGEST_GB = "cloudwatch.logs.ingest.gb";

  /** CloudWatch Logs storage, per GB-month. */
  public static final String CLOUDWATCH_LOGS_STORAGE_GB_MONTH = "cloudwatch.logs.storage.gb-month";

  /** Seconds in the month the prices are quoted for (730 hours). */
  static final double SECONDS_PER_MONTH = Numbers.SECONDS_PER_MONTH;

  @Override
  public List<String> priceKeys() {
    return List.of(
        CLOUDWATCH_METRIC_MONTH,
        CLOUDWATCH_ALARM_MONTH,
        CLOUDWATCH_LOGS_INGEST_GB,
        CLOUDWATCH_LOGS_STORAGE_GB_MONTH);
  }

  @Override
  public String section() {
    return "cloudWatch";
  }

  @Override
  public List<Defaults.Entry> defaults() {
    return CloudWatch.DEFAULTS.entries();
  }

  @Override
  public CloudWatch read(Section s) {
    return new CloudWatch(
        s.integer("metrics", CloudWatch.DEFAULT_METRICS),
        s.integer("alarms", CloudWatch.DEFAULT_ALARMS),
        s.number("logKbPerRequest", CloudWatch.DEFAULT_LOG_KB_PER_REQUEST),
        s.integer("retentionDays", CloudWatch.DEFAULT_RETENTION_DAYS));
  }

  @Override
  public void rules(CloudWatch c, Architecture a, String path, List<Violation> out) {
    Ranges.nonNegative(c.logKbPerRequest(), path + ".logKbPerRequest", out);
    if (c.metrics() < 0) {
      out.add(Violation.error(path + ".metrics", "at least 0; found " + c.metrics()));
    }
    if (c.alarms() < 0) {
      out.add(Violation.error(path + ".alarms", "at least 0; found " + c.alarms()));
    }
    if (c.retentionDays() != 0
        && Arrays.stream(CloudWatch.RETENTION_DAYS).noneMatch(d -> d == c.retentionDays())) {
      out.add(
          Violation.error(
              path + ".retentionDays",
              "CloudWatch Logs keeps logs for one of "
                  + Arrays.toString(CloudWatch.RETENTION_DAYS)
                  + " days (or 0: forever); found "
                  + c.retentionDays()));
    }
  }

  @Override
  public void bounds(CloudWatch c, String path, List<Violation> out) {
    Ranges.atMost(c.metrics(), CloudWatch.MAX_COUNT, path + ".metrics", "metrics", out);
    Ranges.atMost(c.alarms(), CloudWatch.MAX_COUNT, path + ".alarms", "alarms", out);
  }

  @Override
  public void prices(CloudWatch c, Architecture a, PriceList out) {
    if (c.metrics() > 0) {
      out.uses(CLOUDWATCH_METRIC_MONTH, a.region());
    }
    if (c.alarms() > 0) {
      out.uses(CLOUDWATCH_ALARM_MONTH, a.region());
    }
    if (c.logKbPerRequest() > 0) {
      out.uses(CLOUDWATCH_LOGS_INGEST_GB, a.region());
      out.uses(CLOUDWATCH_LOGS_STORAGE_GB_MONTH, a.region());
    }
  }

  /** GB of logs ingested a month at the workload's mean rate. */
  static double monthlyLogGb(CloudWatch c, Workload w) {
    return w.requestsPerSecond()
        * (1 - w.profile().staticFraction())
        * c.logKbPerRequest()
        / 1e6
        * SECONDS_PER_MONTH;
  }

  /** The bill's lines of the logs: ingestion and storage. */
  public static final String LOG_INGESTION = "cloudwatch (log ingestion)";

  public static final String LOG_STORAGE = "cloudwatch (log storage)";

  @Override
  public void findings(CloudWatch c, Scenario scenario, Stage stage, List<Finding> out) {
    // what the logs cost against the stage needs its bill: billFindings
  }

  /**
   * The logs (ingestion and storage, as billed in the run) against the stage's whole monthly bill,
   * whatever the stage runs on (instances, containers, Lambda): a finding when they make up {@link
   * Bill#DOMINANT_SHARE} of it or more.
   */
  @Override
  public void billFindings(
      CloudWatch c, Scenario scenario, Stage stage, Bill bill, List<Finding> out) {
    double ingestion = bill.line(LOG_INGESTION);
    double storage = bill.line(LOG_STORAGE);
    double logs = ingestion + storage;
    if (c.logKbPerRequest() <= 0 || !bill.dominatedBy(logs)) {
      return;
    }
    Workload w = scenario.workloadOf(stage);
    out.add(
        new Finding(
            "cost",
            "medium",
            "cloudwatch:logs",
            String.format(
                Locale.ROOT,
                "logs cost $%.2f a month ($%.2f ingestion%s, $%.2f storage), %s %% of the"
                    + " stage's $%.2f%s",
                logs,
                ingestion,
                w == null ? "" : " of ≈ " + Numbers.plain(monthlyLogGb(c, w)) + " GB",
                storage,
                Numbers.plain(100 * bill.share(logs)),
                bill.monthlyUsd(),
                c.retentionDays() == 0
                    ? "; kept forever, their storage grows every month: set a retention and log"
                        + " less per request (logKbPerRequest "
                        + Numbers.plain(c.logKbPerRequest())
                        + " KB) or sample"
                    : ": log less per request (logKbPerRequest "
                        + Numbers.plain(c.logKbPerRequest())
                        + " KB) or sample")));
  }

  @Override
  public void checks(CloudWatch c, Architecture a, List<PillarCheck> out) {
    out.add(new PillarCheck("operational excellence", "alarms on the workload", c.alarms() > 0));
    out.add(
        new PillarCheck(
            "cost optimization",
            "logs expire (a retention period is set)",
            c.logKbPerRequest() <= 0 || c.retentionDays() > 0));
  }

  /** Beside the path, in a free cell: its metrics and alarms, and its logs when it has any. */
  @Override
  public List<DiagramNode> diagram(CloudWatch cw, Architecture a, Workload w) {
    List<String> d = new ArrayList<>();
    d.add(
        DiagramNode.count(cw.metrics(), "metric") + ", " + DiagramNode.count(cw.alarms(), "alarm"));
    if (cw.logKbPerRequest() > 0) {
      d.add("logs " + Numbers.plain(cw.logKbPerRequest()) + " KB/request");
      d.add(cw.retentionDays() == 0 ? "kept forever" : "kept " + cw.retentionDays() + " d");
    }
    return List.of(
        DiagramNode.of(
            DiagramNode.Place.AROUND,
            "cloudwatch",
            DiagramNode.COMPUTE,
            DiagramNode.Lane.BESIDE,
            "CloudWatch",
            d));
  }

  @Override
  public List<String> explain(CloudWatch c, Architecture a, Workload w) {
    String logs =
        c.logKbPerRequest() <= 0
            ? "no logs"
            : String.format(
                Locale.ROOT,
                "logs %s KB a dynamic request%s, kept %s",
                Numbers.plain(c.logKbPerRequest()),
                w == null ? "" : " (≈ " + Numbers.plain(monthlyLogGb(c, w)) + " GB a month)",
                c.retentionDays() == 0 ? "forever" : c.retentionDays() + " days");
    return List.of(
        String.format(
            Locale.ROOT,
            "CloudWatch: %d metric%s, %d alarm%s, %s",
            c.metrics(),
            c.metrics() == 1 ? "" : "s",
            c.alarms(),
            c.alarms() == 1 ? "" : "s",
            logs));
  }

  @Override
  public PathStage stage(CloudWatch c, TrialContext trial) {
    return new Account(c, trial);
  }

  /**
   * CloudWatch in one trial: the log data stored and, with a retention, the hours that ingested it
   * (end, GB, start), dropped once older than the retention.
   */
  private static final class Account implements PathStage {
    private final CloudWatch cw;
    private final TrialContext trial;
    private final ArrayDeque<double[]> chunks = new ArrayDeque<>();
    private double stored;
    private double now;

    Account(CloudWatch cw, TrialContext trial) {
      this.cw = cw;
      this.trial = trial;
    }

    @Override
    public void bill(double dt, double offeredRate) {
      String region = trial.region();
      double months = dt / SECONDS_PER_MONTH;
      trial.cost(
          "cloudwatch (metrics)",
          cw.metrics() * months * Services.usd(CLOUDWATCH_METRIC_MONTH, region));
      trial.cost(
          "cloudwatch (alarms)",
          cw.alarms() * months * Services.usd(CLOUDWATCH_ALARM_MONTH, region));
      if (cw.logKbPerRequest() <= 0) {
        return;
      }
      double gb =
          offeredRate * (1 - trial.profile().staticFraction()) * dt * cw.logKbPerRequest() / 1e6;
      trial.count(LOGS_GB, gb);
      trial.cost(LOG_INGESTION, gb * Services.usd(CLOUDWATCH_LOGS_INGEST_GB, region));
      // the step's data arrives evenly: on average half of it is stored over the step
      double before = stored;
      now += dt;
      stored += gb;
      if (cw.retentionDays() > 0) {
        // steps within an hour share a chunk, so the state stays small however short the steps
        double[] last = chunks.peekLast();
        if (last != null && now - last[2] < 3600) {
          last[0] = now;
          last[1] += gb;
        } else {
          chunks.addLast(new double[] {now, gb, now - dt});
        }
        double cutoff = now - cw.retentionDays() * 86_400.0;
        // a chunk's data arrived evenly over [start, end]: the part older than the cutoff goes
        while (!chunks.isEmpty() && chunks.peekFirst()[2] < cutoff) {
          double[] first = chunks.peekFirst();
          if (first[0] <= cutoff) {
            stored -= first[1];
            chunks.pollFirst();
          } else {
            double gone = first[1] * (cutoff - first[2]) / (first[0] - first[2]);
            stored -= gone;
            first[1] -= gone;
            first[2] = cutoff;
          }
        }
      }
      trial.cost(
          LOG_STORAGE,
          (before + stored) / 2 * months * Services.usd(CLOUDWATCH_LOGS_STORAGE_GB_MONTH, region));
    }
  }
}
