package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.AsyncQueue;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.validate.Ranges;
import dev.archsim.engine.validate.Violation;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;

/**
 * An SQS queue between compute and the database, with its consumers and its fan-out: a share of the
 * requests' writes becomes messages, the consumers work them off at their rate while the database
 * is up, a message that keeps failing goes to the dead-letter queue after {@code maxReceiveCount}
 * receives, and a message older than the retention period is deleted (lost). Each message can also
 * be published to subscribers through SNS or EventBridge. Billed per SQS request, SNS publish or
 * EventBridge event.
 */
public final class QueueComponent implements Component<AsyncQueue> {
  @Override
  public String section() {
    return "queue";
  }

  @Override
  public AsyncQueue config(Architecture a) {
    return a.queue();
  }

  @Override
  public void rules(AsyncQueue q, Architecture a, String path, List<Violation> out) {
    Ranges.unit(q.share(), path + ".share", out);
    Ranges.unit(q.poisonShare(), path + ".poisonShare", out);
    Ranges.positive(q.consumerRatePerSecond(), path + ".consumerRatePerSecond", out);
    if (q.maxReceiveCount() < 1 || q.maxReceiveCount() > 1000) {
      out.add(
          Violation.error(
              path + ".maxReceiveCount", "must be in [1, 1000]; found " + q.maxReceiveCount()));
    }
    if (!(q.retentionHours() >= 1 / 60.0 && q.retentionHours() <= 336)) {
      out.add(
          Violation.error(
              path + ".retentionHours",
              "must be in [1 minute, 14 days] (SQS limits); found " + q.retentionHours()));
    }
    if (a.database() == null) {
      out.add(
          Violation.error(path, "a queue feeds the database: architecture.database is missing"));
    }
  }

  @Override
  public boolean owns(Faults.ScheduledFault f) {
    return f instanceof Faults.ConsumerOutage;
  }

  @Override
  public void faultRules(Faults.ScheduledFault f, AsyncQueue q, String path, List<Violation> out) {
    if (q == null) {
      out.add(Violation.error(path, "a consumer outage needs a queue in the stage"));
    }
    var duration = ((Faults.ConsumerOutage) f).duration();
    if (!duration.isPositive()) {
      out.add(Violation.error(path + ".duration", "must be positive; found " + duration));
    }
  }

  @Override
  public String describe(Faults.ScheduledFault f) {
    return "queue consumers down for " + Numbers.iso(((Faults.ConsumerOutage) f).duration());
  }

  @Override
  public void prices(AsyncQueue q, Architecture a, PriceList out) {
    out.uses("sqs.request", a.region());
    if (q.fanoutSubscribers() > 0) {
      out.uses(q.eventBridge() ? "eventbridge.event" : "sns.publish", a.region());
    }
  }

  @Override
  public void findings(AsyncQueue q, Scenario scenario, Stage stage, List<Finding> out) {}

  @Override
  public List<String> explain(AsyncQueue q, Architecture a, Workload w) {
    return List.of(
        String.format(
            Locale.ROOT,
            "SQS queue: %.0f %% of writes, consumers %s msg/s",
            100 * q.share(),
            Numbers.plain(q.consumerRatePerSecond())));
  }

  @Override
  public WriteQueue stage(AsyncQueue q, TrialContext trial) {
    return new Messages(q, trial);
  }

  /**
   * The queue in one trial: its messages as cohorts (the middle of the step they arrived in, how
   * many are left), consumed oldest first, and the time its consumers are stopped until.
   */
  private static final class Messages implements WriteQueue {
    private final AsyncQueue queue;
    private final TrialContext trial;
    private final ArrayDeque<double[]> cohorts = new ArrayDeque<>();
    private double backlog;
    private double consumersDownUntil = Double.NEGATIVE_INFINITY;
    private double consumedRate;

    /** What the last step sent and what it asked of SQS, billed by {@link #bill}. */
    private double sent;

    private double requests;

    Messages(AsyncQueue queue, TrialContext trial) {
      this.queue = queue;
      this.trial = trial;
    }

    @Override
    public double writeShare() {
      return queue.share();
    }

    @Override
    public double sendMs() {
      return AsyncQueue.SEND_MS;
    }

    @Override
    public double visible() {
      return backlog;
    }

    @Override
    public double consumedRate() {
      return consumedRate;
    }

    /** A backlog drains and ages; a consumer outage ends at a time no event marks. */
    @Override
    public boolean varies() {
      return backlog > 0 || consumersDownUntil > Double.NEGATIVE_INFINITY;
    }

    /** A consumer outage: the consumers stop until its end. */
    @Override
    public void inject(Faults.ScheduledFault f, double now) {
      double end = now + ((Faults.ConsumerOutage) f).duration().toMillis() / 1000.0;
      consumersDownUntil = Math.max(consumersDownUntil, end);
    }

    @Override
    public void step(double a, double dt, double in, boolean downstreamUp) {
      double end = a + dt;
      if (in > 0) {
        cohorts.addLast(new double[] {a + dt / 2, in * dt});
        backlog += in * dt;
      }
      trial.count("queue.sent", in * dt);
      boolean up = a >= consumersDownUntil && downstreamUp;
      // a poison message is received maxReceiveCount times before it is dead-lettered
      double retries = 1 + queue.poisonShare() * (queue.maxReceiveCount() - 1);
      double capacity = up ? queue.consumerRatePerSecond() / retries * dt : 0;
      double consumed = 0;
      while (capacity > 1e-12 && !cohorts.isEmpty()) {
        double[] head = cohorts.peekFirst();
        double take = Math.min(capacity, head[1]);
        head[1] -= take;
        capacity -= take;
        consumed += take;
        if (head[1] <= 1e-12) {
          cohorts.pollFirst();
        }
      }
      backlog = Math.max(0, backlog - consumed);
      consumedRate = consumed / dt;
      trial.count("queue.consumed", consumed);
      trial.count("queue.deadLettered", consumed * queue.poisonShare());
      double retention = queue.retentionHours() * 3600;
      while (!cohorts.isEmpty() && end - cohorts.peekFirst()[0] > retention) {
        double[] old = cohorts.pollFirst();
        backlog = Math.max(0, backlog - old[1]);
        trial.count("queue.expired", old[1]);
      }
      if (backlog < 1e-9) {
        backlog = 0;
        cohorts.clear();
      }
      trial.peak("queue.maxBacklog", backlog);
      if (!cohorts.isEmpty()) {
        trial.peak("queue.maxAgeSeconds", end - cohorts.peekFirst()[0]);
      }
      // one SendMessage per message; a ReceiveMessage and a DeleteMessage per receive
      sent = in * dt;
      requests = in * dt + consumed * retries * 2;
    }

    @Override
    public void bill(double dt, double offeredRate) {
      String region = trial.region();
      trial.cost("sqs", requests * Services.usd("sqs.request", region));
      if (queue.fanoutSubscribers() > 0) {
        if (queue.eventBridge()) {
          trial.cost("eventbridge", sent * Services.usd("eventbridge.event", region));
        } else {
          trial.cost("sns", sent * Services.usd("sns.publish", region));
        }
        trial.count("fanout.deliveries", sent * queue.fanoutSubscribers());
        trial.cost(
            "sqs", sent * queue.fanoutSubscribers() * 2 * Services.usd("sqs.request", region));
      }
      sent = 0;
      requests = 0;
    }
  }
}
