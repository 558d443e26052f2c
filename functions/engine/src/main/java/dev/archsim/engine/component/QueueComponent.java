package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.AsyncQueue;
import dev.archsim.engine.model.AsyncQueue.LambdaConsumer;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Defaults;
import dev.archsim.engine.model.EcsService;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.Metric;
import dev.archsim.engine.validate.Ranges;
import dev.archsim.engine.validate.Violation;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An SQS queue between compute and the database, with its consumers and its fan-out: a share of the
 * requests' writes becomes messages; consumers work them off while the database is up, either at a
 * fixed rate or as a Lambda function polling the queue (concurrency × batch / batch time, the
 * pollers adding 300 concurrent batches a minute while messages wait); a message that keeps failing
 * goes to the dead-letter queue after {@code maxReceiveCount} receives, or without one is retried
 * every visibility timeout until it expires; a message older than the retention period is deleted
 * (lost). Each message can also be published to subscribers through SNS or EventBridge. Billed per
 * SQS request (per 64 KB chunk), SNS publish or EventBridge event, and the consumer's Lambda
 * requests and GB-seconds.
 */
public final class QueueComponent implements Component<AsyncQueue> {
  /** Messages sent to the queue (a counter). */
  public static final Metric QUEUE_SENT = Metric.of("queue", "sent");

  /** The most worker instances in service (a peak). */
  static final Metric WORKERS_MAX_IN_SERVICE =
      Metric.Tier.WORKERS.metric(Metric.FleetFigure.MAX_IN_SERVICE);

  /** Messages the consumers processed (a counter). */
  static final Metric QUEUE_CONSUMED = Metric.of("queue", "consumed");

  /** Messages moved to the dead-letter queue (a counter). */
  static final Metric QUEUE_DEAD_LETTERED = Metric.of("queue", "deadLettered");

  /** Receives of a message after a failed one (a counter). */
  static final Metric QUEUE_RETRIES = Metric.of("queue", "retries");

  /** The largest backlog, in messages (a peak). */
  static final Metric QUEUE_MAX_BACKLOG = Metric.of("queue", "maxBacklog");

  /** The age of the oldest message, at its largest (a peak). */
  static final Metric QUEUE_MAX_AGE_SECONDS = Metric.of("queue", "maxAgeSeconds");

  /** The most messages waiting for a retry at once (a peak). */
  static final Metric QUEUE_MAX_RETRYING = Metric.of("queue", "maxRetrying");

  /** ReceiveMessage calls of the pollers that returned nothing (a counter). */
  static final Metric QUEUE_EMPTY_RECEIVES = Metric.of("queue", "emptyReceives");

  /**
   * Messages deleted at the end of their retention period (a counter): lost, never processed (the
   * lost-messages objective counts them).
   */
  public static final Metric QUEUE_EXPIRED = Metric.of("queue", "expired");

  /** The consumer function's most concurrent executions (a peak). */
  static final Metric CONSUMER_MAX_CONCURRENCY = Metric.of("consumer", "maxConcurrency");

  /** The consumer function's invocations (a counter). */
  static final Metric CONSUMER_INVOCATIONS = Metric.of("consumer", "invocations");

  /** Worker instance-hours capped at the baseline for want of CPU credits (a counter). */
  static final Metric WORKERS_CREDIT_CAPPED_HOURS =
      Metric.Tier.WORKERS.metric(Metric.FleetFigure.CREDIT_CAPPED_HOURS);

  /** Messages the topic or event bus delivered to its subscribers (a counter). */
  static final Metric FANOUT_DELIVERIES = Metric.of("fanout", "deliveries");

  /** SQS retention: 60 s to 14 days (AWS-FACTS §11). */
  static final double MIN_RETENTION_HOURS = 1 / 60.0;

  static final double MAX_RETENTION_HOURS = 336;

  /** The visibility timeout AWS recommends: at least six times the function's timeout. */
  static final double VISIBILITY_PER_TIMEOUT = 6;

  /**
   * How long a consumer's long poll waits for a message: the most SQS allows, 20 s ([AWS] SQS
   * developer guide, "Setting-up long polling": "The maximum long polling wait time is 20 seconds";
   * "In most cases, you can set the ReceiveMessage wait time to 20 seconds"). UNSOURCED that the
   * Lambda event source mapping's pollers wait that long: AWS documents only that they long-poll.
   */
  static final double LONG_POLL_SECONDS = 20;

  @Override
  public String section() {
    return "queue";
  }

  @Override
  public List<Defaults.Entry> defaults() {
    List<Defaults.Entry> out = new ArrayList<>(AsyncQueue.DEFAULTS.entries());
    out.addAll(LambdaConsumer.DEFAULTS.entries());
    out.addAll(AsyncQueue.Workers.DEFAULTS.entries());
    return out;
  }

  @Override
  public AsyncQueue read(Section s) {
    return new AsyncQueue(
        s.number("share", AsyncQueue.DEFAULT_SHARE),
        s.number("consumerRatePerSecond", 0),
        s.integer("maxReceiveCount", AsyncQueue.DEFAULT_MAX_RECEIVE_COUNT),
        s.number("poisonShare", AsyncQueue.DEFAULT_POISON_SHARE),
        s.number("retentionHours", AsyncQueue.DEFAULT_RETENTION_HOURS),
        s.integer("fanoutSubscribers", AsyncQueue.DEFAULT_FANOUT_SUBSCRIBERS),
        "eventbridge".equals(s.text("fanoutVia", AsyncQueue.DEFAULT_FANOUT_VIA)),
        s.number("visibilityTimeoutSeconds", AsyncQueue.DEFAULT_VISIBILITY_TIMEOUT_SECONDS),
        s.bool("deadLetterQueue", AsyncQueue.DEFAULT_DEAD_LETTER_QUEUE),
        s.number("messageKb", AsyncQueue.DEFAULT_MESSAGE_KB),
        s.has("lambda") ? lambda(s.object("lambda")) : null,
        s.has("workers") ? workers(s.object("workers")) : null);
  }

  private static AsyncQueue.Workers workers(Section w) {
    String name = w.text("name", AsyncQueue.Workers.DEFAULT_NAME);
    return new AsyncQueue.Workers(
        ExtraFleetRules.fleet(
            w,
            name,
            g -> new ComputeTier.BacklogTracking(g.number("backlogPerInstance", 0)),
            AsyncQueue.Workers.DEFAULT_BOOT_SECONDS,
            AsyncQueue.Workers.DEFAULT_WARMUP_SECONDS),
        w.integer("countPerAz", AsyncQueue.Workers.DEFAULT_COUNT_PER_AZ),
        w.number("messageMs", 0),
        w.integer("concurrency"),
        // an ECS service read as the stage's container service is, under the workers' name
        w.has("ecs") ? new EcsComponent().read(w.object("ecs")).named(name) : null,
        w.integer("batchSize", AsyncQueue.Workers.DEFAULT_BATCH_SIZE));
  }

  /**
   * The worker fleet with its instances placed in the stage's AZs: an ECS service's tasks as the
   * container service's fleet ({@link EcsComponent#fleet}: spread over the AZs, Service Auto
   * Scaling as the group, the task start as the boot, Fargate Spot as the spot share above the
   * base), or the instances as written.
   */
  public static ComputeTier placed(AsyncQueue.Workers w, List<String> azs) {
    if (w.service() != null) {
      return EcsComponent.fleet(w.service(), azs);
    }
    return ExtraFleetRules.placed(w.fleet(), w.countPerAz(), azs);
  }

  /**
   * Messages per second a unit of the worker fleet drains: an instance's concurrency (default its
   * vCPUs), or on an ECS service each task's (default its vCPUs, at least 1) times the tasks a unit
   * holds; on Fargate tasks below 1 vCPU every slot at the task's share of a vCPU.
   */
  static double perInstance(AsyncQueue.Workers w) {
    return perInstanceAtFullSpeed(w) * slotSpeed(w);
  }

  /**
   * The speed of a worker's slots as a share of a vCPU: a Fargate task of 0.25 or 0.5 vCPU works a
   * message in {@code messageMs} divided by its share ({@link
   * dev.archsim.engine.catalog.InstanceType#serverSpeed}); 1 for every other worker.
   */
  private static double slotSpeed(AsyncQueue.Workers w) {
    EcsService s = w.service();
    String type =
        s == null
            ? w.fleet().instanceType()
            : s.onEc2() ? s.instanceType() : EcsService.fargateTypeName(s.task());
    return dev.archsim.engine.catalog.Catalog.instanceType(type)
        .map(dev.archsim.engine.catalog.InstanceType::serverSpeed)
        .orElse(1.0);
  }

  /** {@link #perInstance} with every slot at full speed (a trial applies the fleet's speed). */
  private static double perInstanceAtFullSpeed(AsyncQueue.Workers w) {
    EcsService s = w.service();
    if (s != null) {
      int perTask = (int) Math.max(1, Math.floor(s.task().vcpu() + 1e-9));
      return EcsComponent.tasksPerUnit(s) * w.perInstancePerSecond(perTask);
    }
    return w.perInstancePerSecond(
        dev.archsim.engine.catalog.Catalog.instanceType(w.fleet().instanceType())
            .map(t -> t.vcpu())
            .orElse(1));
  }

  private static LambdaConsumer lambda(Section l) {
    return new LambdaConsumer(
        l.text("name", LambdaConsumer.DEFAULT_NAME),
        l.integer("batchSize", LambdaConsumer.DEFAULT_BATCH_SIZE),
        l.number("batchWindowSeconds", LambdaConsumer.DEFAULT_BATCH_WINDOW_SECONDS),
        l.integer("maximumConcurrency"),
        l.number("invocationMs", LambdaConsumer.DEFAULT_INVOCATION_MS),
        l.number("messageMs", 0),
        l.integer("memoryMb", LambdaConsumer.DEFAULT_MEMORY_MB),
        l.number("timeoutSeconds", LambdaConsumer.DEFAULT_TIMEOUT_SECONDS),
        l.bool("reportBatchItemFailures", LambdaConsumer.DEFAULT_REPORT_BATCH_ITEM_FAILURES),
        l.bool("arm64", LambdaConsumer.DEFAULT_ARM64));
  }

  /**
   * A rolling deployment of the queue's workers at {@code at}: an ECS service's tasks within the
   * service's bounds (or these), an Auto Scaling group's instances as an instance refresh does.
   */
  public record WorkerDeployment(Duration at, Integer minimumHealthyPercent, Integer maximumPercent)
      implements Faults.ComponentFault {}

  /**
   * The queue's EC2 workers are resized to {@code toInstanceType} from {@code at}, as the compute
   * fleet's resize: one at a time leaves service, is stopped for {@code downtimeSeconds} and comes
   * back as the new type; the fleet drains and bills at the new type once the last has changed.
   */
  public record WorkerResize(Duration at, String toInstanceType, double downtimeSeconds)
      implements Faults.ComponentFault {}

  @Override
  public List<String> faultTypes() {
    return List.of("consumer-outage", "worker-deployment", "worker-resize");
  }

  @Override
  public Faults.ScheduledFault readFault(Section s) {
    Duration at = s.duration("at", Duration.ZERO);
    return switch (s.text("type", "")) {
      case "worker-deployment" ->
          new WorkerDeployment(at, s.integer("minimumHealthyPercent"), s.integer("maximumPercent"));
      case "worker-resize" ->
          new WorkerResize(
              at,
              s.text("toInstanceType", ""),
              s.number("downtimeSeconds", Faults.Resize.DEFAULT_DOWNTIME_SECONDS));
      default -> new Faults.ConsumerOutage(at, s.duration("duration", Duration.ZERO));
    };
  }

  /**
   * The bounds a worker deployment runs with, in percent: its own, or the ECS service's, or an
   * instance refresh's defaults.
   */
  static int[] percentages(WorkerDeployment d, AsyncQueue.Workers w) {
    EcsService s = w.service();
    int min =
        s != null
            ? s.deployment().minimumHealthyPercent()
            : TierFleet.REFRESH_MINIMUM_HEALTHY_PERCENT;
    int max =
        s != null ? s.deployment().maximumPercent() : TierFleet.REFRESH_MAXIMUM_HEALTHY_PERCENT;
    return new int[] {
      d.minimumHealthyPercent() != null ? d.minimumHealthyPercent() : min,
      d.maximumPercent() != null ? d.maximumPercent() : max
    };
  }

  @Override
  public void rules(AsyncQueue q, Architecture a, String path, List<Violation> out) {
    Ranges.unit(q.share(), path + ".share", out);
    if (a.entry() == null && q.share() != AsyncQueue.DEFAULT_SHARE && q.share() >= 0) {
      out.add(
          Violation.warning(
              path + ".share",
              "ignored: without an entry every request of the workload is a message producers send"
                  + " to the queue; share is the part of the writes of requests behind an entry"
                  + " that go through it; found "
                  + Numbers.plain(q.share())));
    }
    Ranges.unit(q.poisonShare(), path + ".poisonShare", out);
    LambdaConsumer l = q.lambda();
    if (q.workers() != null) {
      workerRules(q, a, path + ".workers", out);
    } else if (l == null) {
      Ranges.positive(q.consumerRatePerSecond(), path + ".consumerRatePerSecond", out);
    } else if (q.consumerRatePerSecond() != 0) {
      out.add(
          Violation.error(
              path + ".consumerRatePerSecond",
              "the Lambda consumer's rate follows from its concurrency, batch and batch time:"
                  + " set consumerRatePerSecond or lambda, not both"));
    }
    if (q.maxReceiveCount() < 1 || q.maxReceiveCount() > 1000) {
      out.add(
          Violation.error(
              path + ".maxReceiveCount", "must be in [1, 1000]; found " + q.maxReceiveCount()));
    }
    if (!(q.retentionHours() >= MIN_RETENTION_HOURS && q.retentionHours() <= MAX_RETENTION_HOURS)) {
      out.add(
          Violation.error(
              path + ".retentionHours",
              "must be in [1 minute, 14 days] (SQS limits); found " + q.retentionHours()));
    }
    Ranges.nonNegative(q.visibilityTimeoutSeconds(), path + ".visibilityTimeoutSeconds", out);
    Ranges.positive(q.messageKb(), path + ".messageKb", out);
    if (a.database() == null) {
      out.add(
          Violation.error(path, "a queue feeds the database: architecture.database is missing"));
    }
    if (l != null) {
      lambdaRules(q, l, path + ".lambda", out);
    }
  }

  private static void workerRules(AsyncQueue q, Architecture a, String path, List<Violation> out) {
    if (q.lambda() != null || q.consumerRatePerSecond() != 0) {
      out.add(
          Violation.error(
              path,
              "one kind of consumer: workers, lambda or consumerRatePerSecond; found more than"
                  + " one"));
    }
    AsyncQueue.Workers w = q.workers();
    ComputeTier f = w.fleet();
    if (w.batchSize() < 1 || w.batchSize() > AsyncQueue.MESSAGES_PER_CALL) {
      out.add(
          Violation.error(
              path + ".batchSize",
              "ReceiveMessage returns 1 to 10 messages a call; found " + w.batchSize()));
    }
    if (w.service() != null) {
      ecsWorkerRules(w, path, out);
      return;
    }
    if (f.instanceType().isEmpty()) {
      out.add(
          Violation.error(
              path,
              "the workers need an instanceType (an EC2 Auto Scaling group) or ecs (an ECS"
                  + " service)"));
    } else if (dev.archsim.engine.catalog.Catalog.instanceType(f.instanceType()).isEmpty()) {
      out.add(
          Violation.error(
              path + ".instanceType",
              "unknown instance type or Fargate size '"
                  + f.instanceType()
                  + "' (archsim catalog types lists them)"));
    }
    Ranges.positive(w.messageMs(), path + ".messageMs", out);
    if (w.concurrency() != null && w.concurrency() < 1) {
      out.add(
          Violation.error(path + ".concurrency", "must be at least 1; found " + w.concurrency()));
    }
    ExtraFleetRules.placementInStageAzs(f, a, path, out);
    ExtraFleetRules.credits(f, path, out);
    ExtraFleetRules.spot(f, path + ".purchase", out);
    ExtraFleetRules.reserved(placed(w, a.azs()), path + ".purchase", out);
    ComputeTier.AutoScaling g = f.autoScaling();
    if (g != null) {
      ExtraFleetRules.groupBounds(g, path, out);
      int starting = placed(w, a.azs()).totalInstances();
      if (starting != g.desired()) {
        out.add(
            Violation.error(
                path + ".autoScaling.desired",
                "the group starts at its desired capacity, "
                    + g.desired()
                    + ", but the workers are placed "
                    + starting
                    + (f.placement().isEmpty()
                        ? " (countPerAz "
                            + w.countPerAz()
                            + " in each of "
                            + a.azs().size()
                            + " AZs)"
                        : " (placement)")
                    + "; place as many as desired"));
      }
      double target = ((ComputeTier.BacklogTracking) g.policies().get(0)).targetValue();
      Ranges.positive(target, path + ".autoScaling.backlogPerInstance", out);
      if (g.min() == 0) {
        out.add(
            Violation.warning(
                path + ".autoScaling.min",
                "with no instance in service the backlog per instance has no datapoint (it"
                    + " divides by zero): a group scaling on it alone never scales out from 0;"
                    + " keep a minimum of 1"));
      }
    }
  }

  /**
   * The workers as an ECS service: the service's own rules (capacity providers, task size, task
   * counts, deployment bounds, scaling) at {@code path.ecs}, and none of the fields of an Auto
   * Scaling group of instances beside it.
   */
  private static void ecsWorkerRules(AsyncQueue.Workers w, String path, List<Violation> out) {
    ComputeTier f = w.fleet();
    List<String> instanceFields = new ArrayList<>();
    if (!f.instanceType().isEmpty()) {
      instanceFields.add("instanceType");
    }
    if (!f.placement().isEmpty()) {
      instanceFields.add("placement");
    }
    if (w.countPerAz() != AsyncQueue.Workers.DEFAULT_COUNT_PER_AZ) {
      instanceFields.add("countPerAz");
    }
    if (f.autoScaling() != null) {
      instanceFields.add("autoScaling");
    }
    if (f.credits() != null) {
      instanceFields.add("credits");
    }
    if (f.purchase() != null) {
      instanceFields.add("purchase");
    }
    for (String field : instanceFields) {
      out.add(
          Violation.error(
              path + "." + field,
              "an ECS service's tasks are set by ecs (task, capacityProviders, tasks, scaling):"
                  + " give ecs or the instances' "
                  + field
                  + ", not both"));
    }
    Ranges.positive(w.messageMs(), path + ".messageMs", out);
    if (w.concurrency() != null && w.concurrency() < 1) {
      out.add(
          Violation.error(path + ".concurrency", "must be at least 1; found " + w.concurrency()));
    }
    EcsService s = w.service();
    String sp = path + ".ecs";
    EcsComponent.serviceRules(s, sp, out);
    for (int i = 0; i < s.policies().size(); i++) {
      if (s.policies().get(i) instanceof ComputeTier.BacklogTracking b) {
        Ranges.positive(b.targetValue(), sp + ".scaling[" + i + "].targetValue", out);
        if (s.min() == 0) {
          out.add(
              Violation.warning(
                  sp + ".tasks.min",
                  "with no task in service the backlog per task has no datapoint (it divides by"
                      + " zero): a service scaling on it alone never scales out from 0; keep a"
                      + " minimum of 1"));
        }
      }
    }
  }

  private static void lambdaRules(
      AsyncQueue q, LambdaConsumer l, String path, List<Violation> out) {
    if (l.batchSize() < 1 || l.batchSize() > LambdaConsumer.MAX_BATCH_SIZE) {
      out.add(
          Violation.error(
              path + ".batchSize",
              "must be in [1, 10000] for a standard queue; found " + l.batchSize()));
    } else if (l.batchSize() > 10 && l.batchWindowSeconds() < 1) {
      out.add(
          Violation.error(
              path + ".batchWindowSeconds",
              "a batch above 10 messages needs a batching window of at least 1 s; found "
                  + Numbers.plain(l.batchWindowSeconds())));
    }
    if (!(l.batchWindowSeconds() >= 0
        && l.batchWindowSeconds() <= LambdaConsumer.MAX_BATCH_WINDOW_SECONDS)) {
      out.add(
          Violation.error(
              path + ".batchWindowSeconds",
              "must be in [0, 300]; found " + Numbers.plain(l.batchWindowSeconds())));
    }
    if (l.maximumConcurrency() != null
        && (l.maximumConcurrency() < 2 || l.maximumConcurrency() > 1000)) {
      out.add(
          Violation.error(
              path + ".maximumConcurrency",
              "must be in [2, 1000]; found " + l.maximumConcurrency()));
    }
    Ranges.nonNegative(l.invocationMs(), path + ".invocationMs", out);
    Ranges.nonNegative(l.messageMs(), path + ".messageMs", out);
    if (!(l.batchMs(1) > 0)) {
      out.add(
          Violation.error(
              path + ".messageMs", "an invocation takes some time: invocationMs + messageMs > 0"));
    }
    if (l.memoryMb() < 128 || l.memoryMb() > 10_240) {
      out.add(
          Violation.error(path + ".memoryMb", "must be in [128, 10240]; found " + l.memoryMb()));
    }
    if (!(l.timeoutSeconds() > 0 && l.timeoutSeconds() <= 900)) {
      out.add(
          Violation.error(
              path + ".timeoutSeconds",
              "must be in (0, 900]; found " + Numbers.plain(l.timeoutSeconds())));
    } else {
      if (l.timeoutSeconds() > q.visibilityTimeoutSeconds()) {
        out.add(
            Violation.error(
                path + ".timeoutSeconds",
                "Lambda refuses an event source mapping whose function timeout ("
                    + Numbers.plain(l.timeoutSeconds())
                    + " s) exceeds the queue's visibility timeout ("
                    + Numbers.plain(q.visibilityTimeoutSeconds())
                    + " s)"));
      }
      double fullBatchMs = l.batchMs(l.batchSize());
      if (fullBatchMs > l.timeoutSeconds() * 1000) {
        out.add(
            Violation.error(
                path + ".batchSize",
                String.format(
                    Locale.ROOT,
                    "a full batch of %d takes %s ms, longer than the function timeout of %s s:"
                        + " every full batch would time out and return to the queue; lower"
                        + " batchSize or raise timeoutSeconds",
                    l.batchSize(),
                    Numbers.plain(fullBatchMs),
                    Numbers.plain(l.timeoutSeconds()))));
      }
    }
  }

  @Override
  public boolean owns(Faults.ScheduledFault f) {
    return f instanceof Faults.ConsumerOutage
        || f instanceof WorkerDeployment
        || f instanceof WorkerResize;
  }

  @Override
  public void faultRules(Faults.ScheduledFault f, AsyncQueue q, String path, List<Violation> out) {
    switch (f) {
      case WorkerDeployment d -> {
        AsyncQueue.Workers w = q == null ? null : q.workers();
        if (w == null) {
          out.add(
              Violation.error(
                  path, "a worker deployment replaces a queue's workers: the stage has none"));
          return;
        }
        if (w.service() == null && w.fleet().autoScaling() == null) {
          out.add(
              Violation.error(
                  path,
                  "a worker deployment (an instance refresh) needs the workers' Auto Scaling group"
                      + " to launch the new instances"));
        }
        int[] p = percentages(d, w);
        if (w.service() != null) {
          EcsComponent.deploymentRules(w.service().desired(), p[0], p[1], false, path, out);
        } else {
          if (p[0] < 0 || p[0] > 100) {
            out.add(
                Violation.error(
                    path + ".minimumHealthyPercent", "must be in [0, 100]; found " + p[0]));
          }
          if (p[1] < 100 || p[1] > 200) {
            out.add(
                Violation.error(
                    path + ".maximumPercent",
                    "an instance refresh's maximum healthy percentage is in [100, 200]; found "
                        + p[1]));
          }
        }
      }
      case WorkerResize r -> {
        AsyncQueue.Workers w = q == null ? null : q.workers();
        if (w == null) {
          out.add(
              Violation.error(
                  path, "a worker resize changes a queue's workers: the stage has none"));
          return;
        }
        if (w.service() != null) {
          out.add(
              Violation.error(
                  path,
                  "an ECS service changes its task size with a new task definition, a"
                      + " worker-deployment; a worker-resize is for EC2 workers"));
        } else if (dev.archsim.engine.catalog.Catalog.instanceType(r.toInstanceType()).isEmpty()
            || dev.archsim.engine.catalog.Catalog.isFargate(r.toInstanceType())) {
          out.add(
              Violation.error(
                  path + ".toInstanceType",
                  "unknown EC2 instance type '"
                      + r.toInstanceType()
                      + "' (archsim catalog types lists them)"));
        }
        Ranges.nonNegative(r.downtimeSeconds(), path + ".downtimeSeconds", out);
      }
      default -> {
        if (q == null) {
          out.add(Violation.error(path, "a consumer outage needs a queue in the stage"));
        }
        var duration = ((Faults.ConsumerOutage) f).duration();
        if (!duration.isPositive()) {
          out.add(Violation.error(path + ".duration", "must be positive; found " + duration));
        }
      }
    }
  }

  @Override
  public String describe(Faults.ScheduledFault f) {
    return switch (f) {
      case WorkerDeployment d ->
          "a rolling deployment replaces every queue worker"
              + (d.minimumHealthyPercent() == null && d.maximumPercent() == null
                  ? ""
                  : " (minimum healthy "
                      + (d.minimumHealthyPercent() == null
                          ? "as configured"
                          : d.minimumHealthyPercent() + " %")
                      + ", maximum "
                      + (d.maximumPercent() == null ? "as configured" : d.maximumPercent() + " %")
                      + ")");
      case WorkerResize r ->
          "the queue workers are resized to "
              + r.toInstanceType()
              + ", one at a time, each stopped for "
              + Numbers.plain(r.downtimeSeconds())
              + " s";
      default -> "queue consumers down for " + Numbers.iso(((Faults.ConsumerOutage) f).duration());
    };
  }

  @Override
  public void prices(AsyncQueue q, Architecture a, PriceList out) {
    out.uses("sqs.request", a.region());
    if (q.fanoutSubscribers() > 0) {
      out.uses(q.eventBridge() ? "eventbridge.event" : "sns.publish", a.region());
    }
    if (q.workers() != null) {
      ComputeTier f = placed(q.workers(), a.azs());
      ExtraFleetRules.prices(f, a.region(), "on-demand, queue workers", out);
      if (q.workers().service() != null && f.purchase() != null) {
        out.uses(dev.archsim.engine.catalog.PriceKeys.FARGATE_SPOT_DISCOUNT, a.region());
      }
    }
    if (q.lambda() != null) {
      out.uses("lambda.request", a.region());
      out.uses(q.lambda().arm64() ? "lambda.gb-second.arm64" : "lambda.gb-second", a.region());
    }
  }

  /** With the stage's faults: workers resized bill the type they move to. */
  @Override
  public void prices(AsyncQueue q, Architecture a, Faults faults, PriceList out) {
    prices(q, a, out);
    if (q.workers() == null) {
      return;
    }
    for (Faults.ScheduledFault f : faults.scheduled()) {
      if (f instanceof WorkerResize r) {
        ExtraFleetRules.prices(
            new ComputeTier(
                q.workers().fleet().name(),
                r.toInstanceType(),
                java.util.Map.of(),
                q.workers().fleet().credits(),
                null,
                null,
                null),
            a.region(),
            "on-demand, queue workers after a resize",
            out);
      }
    }
  }

  /**
   * Messages per second the requests of a workload send: the dynamic requests that write, times the
   * queue's share (a request's queued writes go as one message).
   */
  public static double messagesPerSecond(AsyncQueue q, RequestProfile p, double requestsPerSecond) {
    double writing = 1 - Math.exp(-p.dbWritesPerRequest());
    return requestsPerSecond * (1 - p.staticFraction()) * writing * q.share();
  }

  /**
   * Messages per second a stage's workload sends to its queue: behind an entry those of its
   * requests ({@link #messagesPerSecond}); without one every request is a message producers outside
   * the stage send (docs/decisions/025).
   */
  static double produced(AsyncQueue q, Architecture a, RequestProfile p, double requestsPerSecond) {
    return a.entry() == null ? requestsPerSecond : messagesPerSecond(q, p, requestsPerSecond);
  }

  /**
   * New messages per second the consumers work off at their most (full batches at the highest
   * concurrency for a Lambda consumer), after the receives failing messages take.
   */
  public static double capacity(AsyncQueue q) {
    LambdaConsumer l = q.lambda();
    if (q.workers() != null) {
      return receivesPerSecond(q) / Receives.of(q, 1).perMessage();
    }
    if (l == null) {
      return q.consumerRatePerSecond() / Receives.of(q, 1).perMessage();
    }
    return l.throughput(l.concurrencyCap()) / Receives.of(q, l.batchSize()).perMessage();
  }

  @Override
  public void findings(AsyncQueue queue, Scenario scenario, Stage stage, List<Finding> out) {
    AsyncQueue q = queue;
    if (q.workers() != null) {
      q = q.withWorkers(q.workers().withFleet(placed(q.workers(), stage.architecture().azs())));
    }
    String component =
        q.workers() != null
            ? "sqs:" + q.workers().fleet().name()
            : q.lambda() == null ? "sqs" : "sqs:" + q.lambda().name();
    Workload w = scenario.workloadOf(stage);
    if (!q.deadLetterQueue()) {
      String pileUp = "";
      double messages =
          w == null ? 0 : produced(q, stage.architecture(), w.profile(), w.requestsPerSecond());
      double poison = q.poisonShare() * messages;
      double receives = receivesPerSecond(q);
      // the retried messages grow by p·λ a second and each takes a receive every visibility
      // timeout: they leave the new messages too few receives from t = (μ − λ)·VT / (p·λ), and
      // from then the consumers take fewer and fewer, μ·VT / p messages in all
      double spare = receives - messages * Receives.of(q, 1).perMessage();
      if (poison > 0 && spare > 0) {
        double from = spare * retryEvery(q) / poison;
        if (from < q.retentionHours() * 3600) {
          pileUp =
              String.format(
                  Locale.ROOT,
                  "; at %s failing messages a second their retries crowd out the new messages"
                      + " after %s h, and the consumers take at most %s messages in all",
                  Numbers.plain(poison),
                  Numbers.plain(from / 3600),
                  Numbers.plain(Math.round(receives * retryEvery(q) / q.poisonShare())));
        }
      }
      out.add(
          new Finding(
              "reliability",
              pileUp.isEmpty() ? "medium" : "high",
              component,
              String.format(
                  Locale.ROOT,
                  "no dead-letter queue: a message that keeps failing is received again every"
                      + " %s s until the retention period (%s h) deletes it, taking consumer"
                      + " time all along%s; add a redrive policy",
                  Numbers.plain(retryEvery(q)),
                  Numbers.plain(q.retentionHours()),
                  pileUp)));
    }
    LambdaConsumer l = q.lambda();
    if (l != null) {
      double recommended = VISIBILITY_PER_TIMEOUT * l.timeoutSeconds() + l.batchWindowSeconds();
      if (q.visibilityTimeoutSeconds() < recommended) {
        out.add(
            new Finding(
                "reliability",
                "low",
                component,
                String.format(
                    Locale.ROOT,
                    "visibility timeout %s s is under six times the function timeout (%s s):"
                        + " a batch retried after a throttle can reappear while still in work and"
                        + " be processed twice",
                    Numbers.plain(q.visibilityTimeoutSeconds()),
                    Numbers.plain(recommended))));
      }
      if (!l.reportBatchItemFailures() && q.poisonShare() > 0 && l.batchSize() > 1) {
        Receives r = Receives.of(q, l.batchSize());
        out.add(
            new Finding(
                "reliability",
                "medium",
                component,
                String.format(
                    Locale.ROOT,
                    "without partial batch responses a failing message returns its whole batch:"
                        + " each message is received %.2f times on average and %.2f %% of the"
                        + " good ones end in the dead-letter queue; report batch item failures",
                    r.perMessage(),
                    100 * r.goodLost())));
      }
    }
    if (q.workers() != null) {
      workerFindings(q, stage, w, component, out);
      if (q.workers().service() != null) {
        EcsComponent.serviceFindings(q.workers().service(), stage.architecture(), false, out);
      }
    }
    if (w != null) {
      drainFindings(q, scenario, stage, w, component, out);
    }
  }

  /**
   * The worker fleet's findings: workers that one failure or one AZ's loss stops altogether, and a
   * group whose minimum drains less than the producers send (tracking the backlog alone, it scales
   * in to that minimum whenever the queue is empty, and the backlog builds again: it oscillates).
   */
  private static void workerFindings(
      AsyncQueue q, Stage stage, Workload w, String component, List<Finding> out) {
    AsyncQueue.Workers wk = q.workers();
    ComputeTier f = wk.fleet();
    ComputeTier.AutoScaling g = f.autoScaling();
    List<String> azs = stage.architecture().azs();
    long zones = f.placement().values().stream().filter(n -> n > 0).count();
    String kind = Catalog.isFargate(f.instanceType()) ? "task" : "worker";
    if (g == null ? f.totalInstances() == 1 : g.max() <= 1) {
      out.add(
          new Finding(
              "single-point-of-failure",
              "medium",
              component,
              "one "
                  + kind
                  + " consumes the queue: when it fails or its AZ is lost nothing consumes, and the"
                  + " backlog grows at the producers' rate until it is back"));
    } else if (zones == 1 && (g == null || azs.size() == 1)) {
      String az = f.placement().keySet().iterator().next();
      out.add(
          new Finding(
              "single-point-of-failure",
              "medium",
              component,
              "every "
                  + kind
                  + " consuming the queue is in "
                  + az
                  + ": its loss stops the consumers and the backlog grows at the producers' rate"
                  + " until the AZ is back; place them in more than one AZ"));
    }
    if (g != null && w != null) {
      double produced = produced(q, stage.architecture(), w.profile(), w.requestsPerSecond());
      double atMin = g.min() * perInstance(wk) / Receives.of(q, 1).perMessage();
      if (atMin < produced) {
        out.add(
            new Finding(
                "performance",
                "medium",
                component,
                String.format(
                    Locale.ROOT,
                    "the group's minimum of %d %s drains %s msg/s, less than the %s msg/s the"
                        + " producers send on average: tracking the backlog alone, the group"
                        + " scales in to its minimum whenever the queue is empty and the backlog"
                        + " builds again (it oscillates); keep a minimum that drains the base rate"
                        + " (%d)",
                    g.min(),
                    g.min() == 1 ? kind : kind + "s",
                    Numbers.plain(atMin),
                    Numbers.plain(produced),
                    (int)
                        Math.ceil(produced / (perInstance(wk) / Receives.of(q, 1).perMessage())))));
      }
    }
  }

  /** Receives a second the consumers make at their most. */
  static double receivesPerSecond(AsyncQueue q) {
    AsyncQueue.Workers w = q.workers();
    if (w != null) {
      // at the most the fleet can reach: its group's maximum, or its fixed placement
      ComputeTier.AutoScaling g = w.fleet().autoScaling();
      int n =
          w.service() != null
              ? w.service().units(w.service().max(), EcsComponent.tasksPerUnit(w.service()))
              : g != null ? g.max() : w.fleet().totalInstances();
      return n * perInstance(w);
    }
    LambdaConsumer l = q.lambda();
    return l == null ? q.consumerRatePerSecond() : l.throughput(l.concurrencyCap());
  }

  /**
   * Whether the consumers keep up with the production over the horizon: a fluid pass over the
   * workload's rate (one-minute steps, at most 30 days), first in first out, gives the worst
   * backlog and the age of its oldest message; what waits longer than the retention period is lost.
   */
  private static void drainFindings(
      AsyncQueue q,
      Scenario scenario,
      Stage stage,
      Workload w,
      String component,
      List<Finding> out) {
    double capacity = capacity(q);
    double retention = q.retentionHours() * 3600;
    Drain d = drain(q, scenario, stage, w);
    double worst = d.worst();
    double oldest = d.oldest();
    double lost = d.lost();
    double lostFrom = d.lostFrom();
    if (worst > 0) {
      boolean losing = lost > 0;
      out.add(
          new Finding(
              "performance",
              losing ? "high" : "medium",
              component,
              String.format(
                  Locale.ROOT,
                  "production passes the consumers' %s msg/s: the backlog reaches %s messages"
                      + " and its oldest message %s h%s",
                  Numbers.plain(capacity),
                  Numbers.plain(Math.round(worst)),
                  Numbers.plain(oldest / 3600),
                  losing
                      ? String.format(
                          Locale.ROOT,
                          "; from hour %s messages outlive the retention period (%s h): %s lost"
                              + " over the horizon; add consumer concurrency or keep messages"
                              + " longer",
                          Numbers.plain(lostFrom / 3600),
                          Numbers.plain(q.retentionHours()),
                          Numbers.plain(Math.round(lost)))
                      : "")));
    }
    for (Faults.ScheduledFault f : scenario.faultsOf(stage).scheduled()) {
      if (f instanceof Faults.ConsumerOutage o && o.duration().toSeconds() > retention) {
        out.add(
            new Finding(
                "reliability",
                "high",
                component,
                "the consumer outage at "
                    + Numbers.iso(o.at())
                    + " lasts longer than the retention period ("
                    + Numbers.plain(q.retentionHours())
                    + " h): the oldest messages expire before the consumers are back"));
      }
    }
  }

  /**
   * The fluid pass of {@link #drainFindings}: the worst backlog, the age of its oldest message, the
   * messages that outlive the retention period and when the first does (NaN when none does).
   */
  record Drain(double worst, double oldest, double lost, double lostFrom) {}

  static Drain drain(AsyncQueue q, Scenario scenario, Stage stage, Workload w) {
    double capacity = capacity(q);
    double horizon = Math.min(scenario.run().horizonSeconds(), 30 * 86_400.0);
    double step = 60;
    int steps = (int) Math.ceil(horizon / step);
    double retention = q.retentionHours() * 3600;
    int kept = (int) Math.floor(retention / step);
    double[] arrived = new double[steps + 1];
    double left = 0;
    double worst = 0;
    double oldest = 0;
    double lost = 0;
    double lostFrom = Double.NaN;
    for (int i = 0; i < steps; i++) {
      double t = i * step;
      double rate =
          produced(
              q, stage.architecture(), w.profile(), w.meanRate(t, Math.min(horizon, t + step)));
      arrived[i + 1] = arrived[i] + rate * step;
      left = Math.min(arrived[i + 1], left + capacity * step);
      // what arrived more than the retention period ago and is still waiting expires
      double expiredBy = i + 1 - kept > 0 ? arrived[i + 1 - kept] : 0;
      if (left < expiredBy) {
        lost += expiredBy - left;
        left = expiredBy;
        if (Double.isNaN(lostFrom)) {
          lostFrom = t + step;
        }
      }
      double backlog = arrived[i + 1] - left;
      if (backlog > 1e-6) {
        worst = Math.max(worst, backlog);
        // the oldest waiting message arrived when the arrivals passed what has left the queue
        int k = java.util.Arrays.binarySearch(arrived, 0, i + 2, left);
        int at = k >= 0 ? k : -k - 2;
        oldest = Math.max(oldest, t + step - at * step);
      }
    }
    return new Drain(worst, oldest, lost, lostFrom);
  }

  /**
   * Well-Architected checks of the queue: failing messages end in a dead-letter queue rather than
   * being received until the retention period deletes them, and the consumers keep up so that no
   * message outlives the retention period (the fluid pass of the findings over the workload).
   */
  @Override
  public void checks(AsyncQueue queue, Scenario scenario, Stage stage, List<PillarCheck> out) {
    out.add(
        new PillarCheck(
            "reliability",
            "messages that keep failing go to a dead-letter queue",
            queue.deadLetterQueue()));
    Workload w = scenario.workloadOf(stage);
    if (w != null) {
      AsyncQueue q = queue;
      if (q.workers() != null) {
        q = q.withWorkers(q.workers().withFleet(placed(q.workers(), stage.architecture().azs())));
      }
      out.add(
          new PillarCheck(
              "reliability",
              "the consumers keep up: no message outlives the retention period",
              drain(q, scenario, stage, w).lost() == 0));
    }
  }

  @Override
  public List<String> explain(AsyncQueue q, Architecture a, Workload w) {
    LambdaConsumer l = q.lambda();
    AsyncQueue.Workers wk = q.workers();
    if (wk != null) {
      ComputeTier f = placed(wk, a.azs());
      ComputeTier.AutoScaling g = f.autoScaling();
      List<String> out = new ArrayList<>();
      out.add(
          String.format(
              Locale.ROOT,
              "SQS queue: %s, retention %s h, %s",
              intake(q, a, w),
              Numbers.plain(q.retentionHours()),
              q.deadLetterQueue()
                  ? "dead-letter queue after " + q.maxReceiveCount() + " receives"
                  : "no dead-letter queue"));
      boolean ecs = wk.service() != null;
      String unit = ecs && !wk.service().onEc2() ? "task" : "instance";
      ComputeTier.BacklogTracking backlog =
          g == null
              ? null
              : g.policies().stream()
                  .filter(ComputeTier.BacklogTracking.class::isInstance)
                  .map(ComputeTier.BacklogTracking.class::cast)
                  .findFirst()
                  .orElse(null);
      String consumer =
          String.format(
              Locale.ROOT,
              "  %s %s consumes it: %d × %s, %s msg/s each (%s ms a message)%s%s",
              ecs || dev.archsim.engine.catalog.Catalog.isFargate(f.instanceType())
                  ? "ECS service"
                  : "Auto Scaling group",
              f.name(),
              f.totalInstances(),
              f.instanceType(),
              Numbers.plain(perInstance(wk)),
              Numbers.plain(wk.messageMs()),
              g == null
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      ", %d–%d scaling on %s",
                      g.min(),
                      g.max(),
                      backlog == null
                          ? "CPU"
                          : Numbers.plain(backlog.targetValue())
                              + " messages of backlog per "
                              + unit),
              wk.batchSize() > 1 ? ", up to " + wk.batchSize() + " messages a ReceiveMessage" : "");
      if (a.entry() == null) {
        // what a stage of workers alone is about: where they are, and what they drain against
        // what the producers send
        List<String> where = new ArrayList<>();
        f.placement().forEach((az, n) -> where.add(az + " " + n));
        consumer +=
            String.format(
                Locale.ROOT,
                "; placed %s, they drain %s msg/s%s%s",
                String.join(", ", where),
                Numbers.plain(f.totalInstances() * perInstance(wk)),
                g == null
                    ? ""
                    : " (" + Numbers.plain(g.max() * perInstance(wk)) + " at the maximum)",
                w == null
                    ? ""
                    : " against " + Numbers.plain(w.requestsPerSecond()) + " msg/s produced");
      }
      out.add(consumer);
      if (ecs) {
        // the service's own lines: its capacity providers (Fargate Spot), task start, deployments
        new EcsComponent().explain(wk.service(), a, w).forEach(line -> out.add("    " + line));
      } else {
        out.addAll(ExtraFleetRules.explain(f));
      }
      return out;
    }
    if (l == null) {
      return List.of(
          String.format(
              Locale.ROOT,
              "SQS queue: %s, consumers %s msg/s",
              intake(q, a, w),
              Numbers.plain(q.consumerRatePerSecond())));
    }
    List<String> out = new ArrayList<>();
    out.add(
        String.format(
            Locale.ROOT,
            "SQS queue: %s, retention %s h, visibility timeout %s s, %s",
            intake(q, a, w),
            Numbers.plain(q.retentionHours()),
            Numbers.plain(q.visibilityTimeoutSeconds()),
            q.deadLetterQueue()
                ? "dead-letter queue after " + q.maxReceiveCount() + " receives"
                : "no dead-letter queue"));
    out.add(
        String.format(
            Locale.ROOT,
            "  Lambda %s consumes it: batch %d, window %s s, %s ms a full batch, up to %d"
                + " concurrent batches = %s msg/s%s",
            l.name(),
            l.batchSize(),
            Numbers.plain(l.batchWindowSeconds()),
            Numbers.plain(l.batchMs(l.batchSize())),
            l.concurrencyCap(),
            Numbers.plain(l.throughput(l.concurrencyCap())),
            l.reportBatchItemFailures() ? ", partial batch responses" : ""));
    return out;
  }

  /**
   * What feeds the queue, in the explain lines: a share of the writes of the requests behind the
   * entry, or without one the producers outside the stage at the workload's rate.
   */
  private static String intake(AsyncQueue q, Architecture a, Workload w) {
    if (a.entry() == null) {
      return "producers outside the stage send it "
          + (w == null ? "the workload" : Numbers.plain(w.requestsPerSecond()) + " msg/s");
    }
    return String.format(Locale.ROOT, "%.0f %% of writes", 100 * q.share());
  }

  /**
   * Under the zones: the queue, reached from the tier the data is reached from (or, in a stage
   * without an entry, from the producers: then the arrows carry messages), and its consumers (a
   * Lambda function, a worker fleet as placed, or a fixed rate) under the database, which their
   * writes reach.
   */
  @Override
  public List<DiagramNode> diagram(AsyncQueue q, Architecture a, Workload w) {
    DiagramNode.Kind carries =
        a.entry() == null ? DiagramNode.Kind.MESSAGES : DiagramNode.Kind.PATH;
    List<String> qd = new ArrayList<>();
    qd.add(a.entry() == null ? "fed by producers" : DiagramNode.percent(q.share()) + " of writes");
    qd.add("retention " + Numbers.plain(q.retentionHours()) + " h");
    qd.add(
        q.deadLetterQueue()
            ? "DLQ after " + DiagramNode.count(q.maxReceiveCount(), "receive")
            : "no dead-letter queue");
    if (q.fanoutSubscribers() > 0) {
      qd.add("fan-out to " + q.fanoutSubscribers());
    }
    DiagramNode queue =
        DiagramNode.of(
                DiagramNode.Place.QUEUE,
                "queue",
                DiagramNode.CACHE,
                DiagramNode.Lane.BOTTOM,
                q.eventBridge() ? "EventBridge → SQS" : "SQS queue",
                qd)
            .from(DiagramNode.FROM_BACKEND, carries);
    String title;
    List<String> wd = new ArrayList<>();
    if (q.lambda() != null) {
      AsyncQueue.LambdaConsumer l = q.lambda();
      title = "Lambda " + l.name();
      wd.add(
          "batch "
              + l.batchSize()
              + (l.batchWindowSeconds() > 0
                  ? ", window " + Numbers.plain(l.batchWindowSeconds()) + " s"
                  : ""));
      wd.add("up to " + l.concurrencyCap() + " concurrent");
      wd.add(
          l.memoryMb()
              + " MB"
              + (l.reportBatchItemFailures() ? ", partial failures" : ", whole batches"));
    } else if (q.workers() != null) {
      // placed as written, or countPerAz in each of the stage's AZs, or an ECS service's tasks
      AsyncQueue.Workers f = q.workers().withFleet(placed(q.workers(), a.azs()));
      Map<String, Integer> placed = new LinkedHashMap<>(f.fleet().placement());
      placed.values().removeIf(k -> k == 0);
      int instances = placed.values().stream().mapToInt(Integer::intValue).sum();
      boolean fargate = f.fleet().instanceType().startsWith("fargate.");
      title = (fargate ? "ECS " : "EC2 ") + f.fleet().name();
      wd.add(
          DiagramNode.count(instances, fargate ? "task" : "instance")
              + " "
              + f.fleet().instanceType());
      if (placed.size() < a.azs().size()) {
        wd.add("in " + String.join(", ", placed.keySet()));
      }
      wd.add(Numbers.plain(f.messageMs()) + " ms a message");
      if (f.fleet().autoScaling() != null) {
        wd.add(
            "scales "
                + f.fleet().autoScaling().min()
                + "–"
                + f.fleet().autoScaling().max()
                + " on backlog");
      }
    } else {
      title = "Consumers";
      wd.add(Numbers.plain(q.consumerRatePerSecond()) + " messages/s");
    }
    DiagramNode workers =
        DiagramNode.of(
                DiagramNode.Place.QUEUE,
                "workers",
                DiagramNode.DATABASE,
                DiagramNode.Lane.BOTTOM,
                title,
                wd)
            .from("queue", carries)
            .to(DatabaseComponent.DIAGRAM_KEY, carries);
    return List.of(queue, workers);
  }

  @Override
  public WriteQueue stage(AsyncQueue q, TrialContext trial) {
    return new Messages(q, trial);
  }

  /**
   * How often a message is received and what becomes of it, given the share of poison messages, the
   * batch it travels in and the redrive policy. Without partial batch responses a good message
   * fails with its batch when another message of the batch is poison (probability {@code q = 1 − (1
   * − p)^(n−1)}); it is received until it succeeds or, with a dead-letter queue, at most {@code
   * maxReceiveCount} times. A poison message is received {@code maxReceiveCount} times with a
   * dead-letter queue; without one it is counted here once, and the queue's stage keeps it among
   * the messages retried every visibility timeout until the retention period deletes them.
   *
   * @param perMessage receives per message
   * @param deadLettered share of the messages that end in the dead-letter queue
   * @param retried share of the messages that are retried until they expire (no dead-letter queue)
   * @param goodLost share of the good messages that end in the dead-letter queue
   */
  record Receives(double perMessage, double deadLettered, double retried, double goodLost) {
    static Receives of(AsyncQueue queue, double batch) {
      double p = queue.poisonShare();
      int max = queue.maxReceiveCount();
      boolean partial = queue.lambda() == null || queue.lambda().reportBatchItemFailures();
      double q = partial || batch <= 1 ? 0 : 1 - Math.pow(1 - p, batch - 1);
      if (queue.deadLetterQueue()) {
        if (q == 0) {
          return new Receives(1 + p * (max - 1), p, 0, 0);
        }
        double goodLost = Math.pow(q, max);
        double good = (1 - goodLost) / (1 - q);
        return new Receives(p * max + (1 - p) * good, p + (1 - p) * goodLost, 0, goodLost);
      }
      return new Receives(p + (1 - p) / (1 - q), 0, p, 0);
    }
  }

  /** Seconds between two receives of a failing message: the visibility timeout (at least 1 s). */
  static double retryEvery(AsyncQueue queue) {
    return Math.max(1, queue.visibilityTimeoutSeconds());
  }

  /**
   * The queue in one trial: its messages as cohorts (the middle of the step they arrived in, how
   * many are left), consumed oldest first; without a dead-letter queue the failing messages being
   * retried, as cohorts too; the time its consumers are stopped until; and for a Lambda consumer
   * the concurrent batches its pollers run.
   */
  private static final class Messages implements WriteQueue {
    private final AsyncQueue queue;
    private final LambdaConsumer lambda;
    private final TrialContext trial;

    /** The worker fleet consuming the queue, its type and what an instance drains; or null. */
    private final TierFleet workers;

    private final ComputeTier workerFleet;
    private final double perWorker;
    private final ArrayDeque<double[]> cohorts = new ArrayDeque<>();
    private final ArrayDeque<double[]> retrying = new ArrayDeque<>();
    private double backlog;
    private double retried;
    private double consumersDownUntil = Double.NEGATIVE_INFINITY;
    private double consumedRate;

    /** The messages a second of the last step; NaN before the first, whose rate is not known. */
    private double lastIn = Double.NaN;

    private final double firstReceives;

    /** Concurrent batches of a Lambda consumer. */
    private double concurrency;

    /** The Lambda consumer's concurrent batches over the last step, a mean (0 while it is down). */
    private double busy;

    /** What the last step sent and what it asked of SQS and Lambda, billed by {@link #bill}. */
    private double sent;

    private double requests;
    private double invocations;
    private double gbSeconds;

    Messages(AsyncQueue queue, TrialContext trial) {
      this.queue = queue;
      this.lambda = queue.lambda();
      this.trial = trial;
      this.firstReceives = Receives.of(queue, 1).perMessage();
      this.concurrency =
          lambda == null ? 0 : Math.min(lambda.concurrencyCap(), LambdaConsumer.START_BATCHES);
      if (queue.workers() != null) {
        this.workerFleet = placed(queue.workers(), trial.architecture().azs());
        this.perWorker = perInstanceAtFullSpeed(queue.workers()); // times the fleet's speed
        this.workers = trial.fleet(workerFleet, this);
      } else {
        this.workerFleet = null;
        this.perWorker = 0;
        this.workers = null;
      }
    }

    @Override
    public void azDown(int az, double now) {
      if (workers != null) {
        workers.azDown(az, now);
      }
    }

    @Override
    public void azUp(int az, double now) {
      if (workers != null) {
        workers.azUp(az, now);
      }
    }

    /** Receives a second the consumers make now: the workers in service, or the fixed rate. */
    private double receiveRate() {
      if (workers == null) {
        return queue.consumerRatePerSecond();
      }
      // EC2 workers working one message a vCPU drain at the type they run now (a resize)
      double each =
          queue.workers().service() == null && queue.workers().concurrency() == null
              ? queue.workers().perInstancePerSecond(workers.vcpu())
              : perWorker;
      return workers.inService() * each * workers.speed();
    }

    /**
     * The worker threads polling the queue now: each instance (or task) in service works {@code
     * concurrency} messages at once (one a vCPU when not given), each slot a thread of its own.
     */
    private double pollingSlots() {
      double each =
          queue.workers().service() == null && queue.workers().concurrency() == null
              ? queue.workers().perInstancePerSecond(workers.vcpu())
              : perWorker;
      return workers.inService() * each * queue.workers().messageMs() / 1000;
    }

    @Override
    public double writeShare() {
      return queue.share();
    }

    @Override
    public double sendMs() {
      return AsyncQueue.SEND_MS;
    }

    /** The messages waiting their first receive and the failing ones waiting their next. */
    @Override
    public double visibleMessages() {
      return backlog + retried;
    }

    @Override
    public double consumedRate() {
      return consumedRate;
    }

    @Override
    public int instancesInService() {
      return workers == null ? 0 : workers.inService();
    }

    @Override
    public double consumerConcurrency() {
      return busy;
    }

    @Override
    public double oldestMessageAgeSeconds(double now) {
      return cohorts.isEmpty() ? 0 : Math.max(0, now - cohorts.peekFirst()[0]);
    }

    /**
     * A backlog drains and ages, and one builds while the messages outrun the consumers; a consumer
     * outage ends at a time no event marks; a Lambda consumer's pollers follow the messages step by
     * step. Before the first step the rate is unknown: without that, a stage with no event would
     * run its whole horizon as one step, and a backlog built in it would age from its middle.
     */
    @Override
    public boolean varies() {
      return lambda != null
          || workers != null
          || backlog > 0
          || retried > 0
          || Double.isNaN(lastIn)
          || lastIn * firstReceives > queue.consumerRatePerSecond()
          || consumersDownUntil > Double.NEGATIVE_INFINITY;
    }

    /**
     * A consumer outage: the consumers stop until its end; a worker deployment or resize: the
     * worker fleet's rolling deployment or resize.
     */
    @Override
    public void inject(Faults.ScheduledFault f, double now) {
      switch (f) {
        case WorkerDeployment d when workers != null -> {
          int[] p = percentages(d, queue.workers());
          workers.deploy(p[0], p[1], queue.workers().service() == null, now);
        }
        case WorkerResize r when workers != null ->
            workers.resize(r.toInstanceType(), r.downtimeSeconds(), now);
        case Faults.ConsumerOutage o -> {
          double end = now + o.duration().toMillis() / 1000.0;
          consumersDownUntil = Math.max(consumersDownUntil, end);
        }
        default -> {}
      }
    }

    @Override
    public void step(double a, double dt, double in, boolean downstreamUp) {
      double end = a + dt;
      double waiting = backlog;
      busy = 0;
      if (in > 0) {
        cohorts.addLast(new double[] {a + dt / 2, in * dt});
        backlog += in * dt;
      }
      trial.count(QUEUE_SENT, in * dt);
      boolean up = a >= consumersDownUntil && downstreamUp;
      // the failing messages without a dead-letter queue come back once a visibility timeout
      double retries = up ? retried * dt / retryEvery(queue) : 0;
      double consumed;
      Receives receives;
      if (lambda == null) {
        receives = Receives.of(queue, 1);
        double rate = receiveRate();
        double capacity = 0;
        if (up && retries > 0) {
          double total = rate * dt;
          retries = Math.min(retries, total);
          capacity = (total - retries) / receives.perMessage();
        } else if (up) {
          capacity = rate / receives.perMessage() * dt;
        }
        consumed = take(capacity);
        if (workers != null) {
          double used = consumed * receives.perMessage() + retries;
          workers.worked(rate > 0 ? Math.min(1, used / (rate * dt)) : 0, dt);
          trial.peak(WORKERS_MAX_IN_SERVICE, workers.inService());
        }
        double received = consumed * receives.perMessage() + retries;
        double deleted = consumed * (1 - receives.deadLettered() - receives.retried());
        // what waited before the step (or everything, when messages are left waiting after it)
        // is received in full batches; what the consumers take as it arrives, one at a time
        boolean saturated = backlog - consumed > 1e-9;
        double fromWaiting = saturated ? received : Math.min(received, waiting + retries);
        requests = in * dt * queue.chunks() + receiveRequests(received, deleted, fromWaiting);
        if (workers != null && up && !saturated) {
          // each worker slot long-polls: those the messages leave idle receive empty every 20 s
          requests += emptyReceives(pollingSlots(), received / dt, dt);
        }
      } else {
        receives = Receives.of(queue, lambda.batchSize());
        consumed = 0;
        if (up) {
          receives = lambdaStep(dt, in, waiting, retries);
          consumed = lastTaken;
          retries = lastRetries;
        }
        requests = in * dt * queue.chunks() + lambdaRequests;
      }
      backlog = Math.max(0, backlog - consumed);
      consumedRate = consumed / dt;
      trial.count(QUEUE_CONSUMED, consumed);
      trial.count(QUEUE_DEAD_LETTERED, consumed * receives.deadLettered());
      trial.count(QUEUE_RETRIES, retries);
      double failing = consumed * receives.retried();
      if (failing > 0) {
        retrying.addLast(new double[] {a + dt / 2, failing});
        retried += failing;
      }
      double retention = queue.retentionHours() * 3600;
      backlog = expire(cohorts, backlog, end, retention);
      retried = expire(retrying, retried, end, retention);
      if (backlog < 1e-9) {
        backlog = 0;
        cohorts.clear();
      }
      trial.peak(QUEUE_MAX_BACKLOG, backlog);
      if (!cohorts.isEmpty()) {
        trial.peak(QUEUE_MAX_AGE_SECONDS, end - cohorts.peekFirst()[0]);
      }
      if (retried > 0) {
        trial.peak(QUEUE_MAX_RETRYING, retried);
      }
      sent = in * dt;
      lastIn = in;
    }

    /**
     * SQS requests of {@code received} receives, {@code fromWaiting} of them of messages that were
     * waiting, of which {@code deleted} were processed and deleted: each consumer thread asks for
     * up to {@code batchSize} messages a ReceiveMessage call (1 for consumers at a fixed rate, the
     * API's default), billed per 64 KB chunk of what it returns, and deletes what it processed in
     * one DeleteMessageBatch call (one DeleteMessage for a single message). Waiting messages come
     * in full batches; while the consumers keep up, a long poll returns as soon as a message is
     * available ([AWS] SQS developer guide, "Amazon SQS short and long polling": long polling
     * returns "as soon as a message is available"), so a thread takes the arrivals one at a time. A
     * batch with a failed message deletes the others (a worker deletes each message it processed).
     */
    private double receiveRequests(double received, double deleted, double fromWaiting) {
      if (received <= 0) {
        return 0;
      }
      int batch = queue.workers() == null ? 1 : queue.workers().batchSize();
      double fullChunks = Math.max(1, Math.ceil(batch * queue.messageKb() / AsyncQueue.CHUNK_KB));
      double deletedShare = deleted / received;
      double singles = received - fromWaiting;
      return fromWaiting / batch * (fullChunks + deletedShare)
          + singles * (queue.chunks() + deletedShare);
    }

    /**
     * The empty receives of {@code pollers} long-polling the queue for {@code dt} seconds while
     * {@code rate} messages a second reach them (counted in {@code queue.emptyReceives}). SQS bills
     * every ReceiveMessage, those that return nothing too ([AWS] SQS developer guide, "Using the
     * appropriate polling mode": long polling reduces "the number of empty receives to an empty
     * queue (responses to the ReceiveMessage action which return no messages)"; "Short polling is
     * billed the same as long polling"); a long poll waits at most 20 s ([AWS] SQS developer guide,
     * "Setting-up long polling": "The maximum long polling wait time is 20 seconds") and returns as
     * soon as a message is available. With messages reaching a poller as a Poisson stream of rate
     * r, a poll lasts min(20 s, Exp(r)), (1 − e^(−20r)) / r on average, and is empty with
     * probability e^(−20r): a poller makes r / (e^(20r) − 1) empty receives a second, 1 every 20 s
     * on an idle queue.
     */
    private double emptyReceives(double pollers, double rate, double dt) {
      if (pollers <= 0 || dt <= 0) {
        return 0;
      }
      double x = Math.max(0, rate) / pollers * LONG_POLL_SECONDS;
      double perPoller = x < 1e-9 ? 1 : x / Math.expm1(x);
      double empty = pollers * perPoller / LONG_POLL_SECONDS * dt;
      trial.count(QUEUE_EMPTY_RECEIVES, empty);
      return empty;
    }

    /** Deletes the cohorts older than the retention period (lost); returns what is left. */
    private double expire(ArrayDeque<double[]> queued, double total, double end, double retention) {
      while (!queued.isEmpty() && end - queued.peekFirst()[0] > retention) {
        double[] old = queued.pollFirst();
        total = Math.max(0, total - old[1]);
        trial.count(QUEUE_EXPIRED, old[1]);
      }
      return total;
    }

    /** Takes up to {@code capacity} messages off the queue, oldest first; returns how many. */
    private double take(double capacity) {
      double consumed = 0;
      while (capacity > 1e-12 && !cohorts.isEmpty()) {
        double[] head = cohorts.peekFirst();
        double got = Math.min(capacity, head[1]);
        head[1] -= got;
        capacity -= got;
        consumed += got;
        if (head[1] <= 1e-12) {
          cohorts.pollFirst();
        }
      }
      return consumed;
    }

    private double lastTaken;
    private double lastRetries;
    private double lambdaRequests;

    /**
     * A step of the Lambda consumer. While it keeps up (nothing was waiting and the current
     * concurrency can take the arrivals and the retries in batches no larger than the batch size),
     * batches are as large as needed: at least what the batching window gathers, at least the
     * smallest batch at which the current concurrency keeps up (concurrency × n / (invocation + n ×
     * message time) = receives per second), and concurrency falls back to what full batches need
     * (at least five). Otherwise batches are full and the pollers add 300 concurrent batches a
     * minute up to the cap, the step taking the integral of that ramp; the retries take their
     * receives first.
     */
    private Receives lambdaStep(double dt, double in, double waiting, double retries) {
      int full = lambda.batchSize();
      double cap = lambda.concurrencyCap();
      double floor = Math.min(cap, LambdaConsumer.START_BATCHES);
      Receives atFull = Receives.of(queue, full);
      double perBatchSecond = full / (lambda.batchMs(full) / 1000);
      double receivesNeeded = in * atFull.perMessage() + retries / dt;
      // (a relative 1e-9 so that the concurrency set for full batches keeps up the next step)
      if (waiting <= 0 && receivesNeeded <= concurrency * perBatchSecond * (1 + 1e-9)) {
        double batch = keepUpBatch(receivesNeeded);
        Receives r = Receives.of(queue, batch);
        lastTaken = take(in * dt);
        lastRetries = retries;
        double received = lastTaken * r.perMessage() + retries;
        double calls = received / batch;
        invoke(calls, batch);
        // the pollers the mapping keeps while it keeps up long-poll the queue: empty receives
        lambdaRequests += emptyReceives(floor, received / dt, dt);
        if (lambda.batchWindowSeconds() > 0 && in > 0) {
          trial.peak(QUEUE_MAX_AGE_SECONDS, Math.min(lambda.batchWindowSeconds(), full / in));
        }
        busy = calls / dt * lambda.batchMs(batch) / 1000;
        trial.peak(CONSUMER_MAX_CONCURRENCY, busy);
        double needed = receivesNeeded * lambda.batchMs(full) / 1000 / full;
        concurrency = Math.max(floor, Math.min(cap, needed));
        return r;
      }
      double rise = LambdaConsumer.BATCHES_ADDED_PER_MINUTE / 60;
      double c0 = concurrency;
      double reach = Math.min(dt, Math.max(0, (cap - c0) / rise));
      // integral of min(cap, c0 + rise t) over [0, dt]
      double batchSeconds = c0 * reach + rise * reach * reach / 2 + cap * (dt - reach);
      double c1 = Math.min(cap, c0 + rise * dt);
      double receiveCapacity = batchSeconds * perBatchSecond;
      lastRetries = Math.min(retries, receiveCapacity);
      lastTaken = take((receiveCapacity - lastRetries) / atFull.perMessage());
      invoke((lastTaken * atFull.perMessage() + lastRetries) / full, full);
      trial.peak(CONSUMER_MAX_CONCURRENCY, c1);
      busy = batchSeconds / dt;
      concurrency = c1;
      return atFull;
    }

    /** The batch size while keeping up with {@code receives} per second at the concurrency now. */
    private double keepUpBatch(double receives) {
      int full = lambda.batchSize();
      double window = Math.min(full, Math.max(1, receives * lambda.batchWindowSeconds()));
      double spare = concurrency - receives * lambda.messageMs() / 1000;
      double smallest =
          spare > 0 ? receives * lambda.invocationMs() / 1000 / spare : Double.POSITIVE_INFINITY;
      return Math.min(full, Math.max(window, smallest));
    }

    /**
     * {@code calls} invocations of {@code batch} messages: their GB-seconds, and the SQS requests
     * of their pollers, a ReceiveMessage per 10 messages (billed per 64 KB chunk of what it
     * returns) and a DeleteMessageBatch per 10.
     */
    private void invoke(double calls, double batch) {
      invocations += calls;
      gbSeconds += calls * lambda.batchMs(batch) / 1000 * lambda.memoryMb() / 1024.0;
      double perCall = Math.min(batch, AsyncQueue.MESSAGES_PER_CALL);
      double chunks = Math.max(1, Math.ceil(perCall * queue.messageKb() / AsyncQueue.CHUNK_KB));
      double receiveCalls = Math.ceil(batch / AsyncQueue.MESSAGES_PER_CALL);
      lambdaRequests = calls * receiveCalls * (chunks + 1);
      trial.count(CONSUMER_INVOCATIONS, calls);
    }

    @Override
    public void bill(double a, double dt, double offeredRate) {
      if (workers != null) {
        TierFleet.Usage u = workers.takeUsage(a + dt);
        u.bill(trial, workerFleet, "on-demand, queue workers", "spot, queue workers");
        trial.count(WORKERS_CREDIT_CAPPED_HOURS, u.cappedSeconds() / 3600);
      }
      bill(dt, offeredRate);
    }

    @Override
    public void bill(double dt, double offeredRate) {
      String region = trial.region();
      trial.cost("sqs", requests * Services.usd("sqs.request", region));
      if (queue.fanoutSubscribers() > 0) {
        double chunks = queue.chunks();
        if (queue.eventBridge()) {
          trial.cost("eventbridge", sent * chunks * Services.usd("eventbridge.event", region));
        } else {
          trial.cost("sns", sent * chunks * Services.usd("sns.publish", region));
        }
        trial.count(FANOUT_DELIVERIES, sent * queue.fanoutSubscribers());
        trial.cost(
            "sqs",
            sent * queue.fanoutSubscribers() * 2 * chunks * Services.usd("sqs.request", region));
      }
      if (lambda != null) {
        String name = "lambda:" + lambda.name();
        trial.cost(name + " (requests)", invocations * Services.usd("lambda.request", region));
        trial.cost(
            name + " (duration)",
            gbSeconds
                * Services.usd(
                    lambda.arm64() ? "lambda.gb-second.arm64" : "lambda.gb-second", region));
      }
      sent = 0;
      requests = 0;
      invocations = 0;
      gbSeconds = 0;
      lambdaRequests = 0;
    }
  }
}
