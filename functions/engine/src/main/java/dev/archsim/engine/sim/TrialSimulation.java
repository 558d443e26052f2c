package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.component.EcsComponent;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.TrialOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One trial of one stage: a discrete-event queue of infrastructure events (failures, detections,
 * repairs, boots, registrations, scaling, AZ outages, resizes, DNS changes, spot interruptions)
 * and, between events, a fluid/queueing model of the traffic ({@link Serving}).
 *
 * <p>Behind a load balancer the fleet is kept as counts of instances by state per Availability Zone
 * ({@link Fleet}); an object exists only per open incident. With client-bound entries (Elastic IPs,
 * Route 53 records) every address is a slot of its own ({@link Slots}), since clients are bound to
 * one address; those entries are limited to a few hundred instances.
 */
final class TrialSimulation {
  static final double SECONDS_PER_MONTH = 730 * 3600.0;

  final Scenario scenario;
  final Stage stage;
  final int stageIndex;
  final int trial;
  final SplittableRandom rng;
  final SimulationListener listener;
  final RunSettings run;
  final Workload workload;
  final RequestProfile profile;
  final Faults faults;
  final Architecture arch;
  final ComputeTier tier;
  final double horizon;
  final Serving serving;
  final CostLedger costs = new CostLedger();
  final TrialMetrics metrics = new TrialMetrics();
  final Billing billing;
  final Topology topology;
  final Tiers tiers;

  /** Pending infrastructure events. */
  private final EventQueue events;

  private final boolean sampling;

  /** When the shard stops itself; read every {@link Deadline#CHECK_EVERY} events or steps. */
  private Deadline deadline = Deadline.NONE;

  private int sinceCheck;

  long incidents;
  long detections;
  double detectionSecondsSum;
  long recoveries;
  double recoverySecondsSum;
  double maxRecoverySeconds;

  TrialSimulation(
      Scenario scenario,
      int stageIndex,
      int trial,
      SplittableRandom rng,
      SimulationListener listener) {
    this.scenario = scenario;
    this.stage = scenario.stage(stageIndex);
    this.stageIndex = stageIndex;
    this.trial = trial;
    this.rng = rng;
    this.listener = listener;
    this.run = scenario.run();
    this.workload = scenario.workloadOf(stage);
    this.profile = workload.profile();
    this.faults = scenario.faultsOf(stage);
    this.arch = stage.architecture();
    this.tier = arch.compute();
    this.horizon = run.horizonSeconds();
    this.events = new EventQueue(horizon);
    InstanceType type =
        tier == null
            ? (arch.functions() == null
                ? new InstanceType("sqs", 1, 0, null) // no compute: a stage fed through its queue
                : new InstanceType("lambda", 1, arch.functions().memoryMb() / 1024.0, null))
            : Catalog.instanceType(tier.instanceType())
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "unknown instance type " + tier.instanceType()));
    this.serving = new Serving(this, type);
    this.billing = new Billing(this);
    this.tiers = new Tiers(this);
    if (tiers.compute() != null) {
      this.topology = new StageTopology(tiers.compute());
    } else if (arch.entry() == null) {
      this.topology = new StageTopology(tiers.queueIntake());
    } else {
      this.topology =
          arch.entry() instanceof Entry.LoadBalancer lb ? new Fleet(this, lb) : new Slots(this);
    }
    this.sampling = listener.wantsSamples(stageIndex, trial);
  }

  /** Stops the trial with {@link Deadline.Passed} once {@code d} passes. */
  TrialSimulation until(Deadline d) {
    this.deadline = d;
    return this;
  }

  private void tick() {
    if (++sinceCheck >= Deadline.CHECK_EVERY) {
      sinceCheck = 0;
      deadline.check();
    }
  }

  TrialOutcome run() {
    topology.start();
    scheduleFaults();
    double t = 0.0;
    while (true) {
      EventQueue.Event next = events.peek();
      double until = next == null ? horizon : Math.min(next.time(), horizon);
      integrate(t, until);
      t = until;
      if (next == null || next.time() >= horizon) {
        break;
      }
      events.pop();
      tick();
      next.action().run();
    }
    return outcome();
  }

  // ---------------------------------------------------------------- events

  /** Schedules {@code action} at simulated time {@code at} (dropped beyond the horizon). */
  void at(double at, Runnable action) {
    scheduled(at, action);
  }

  /**
   * Schedules {@code action} like {@link #at} and returns it, for {@link #cancel}; null when it
   * falls beyond the horizon.
   */
  EventQueue.Event scheduled(double at, Runnable action) {
    return events.schedule(at, action);
  }

  /**
   * Drops an event {@link #scheduled} earlier that has not run (nothing if null or already run). A
   * superseded event would do nothing when it ran; dropping it keeps the pending set small when
   * something is rescheduled often (a fleet's next failure, each time the fleet changes size).
   */
  void cancel(EventQueue.Event scheduled) {
    events.cancel(scheduled);
  }

  void note(double now, String what) {
    listener.infrastructureEvent(stageIndex, trial, now, what);
  }

  void note(double now, InfrastructureEvent what) {
    listener.infrastructureEvent(stageIndex, trial, now, what);
  }

  /** The name of AZ {@code index} of the architecture. */
  String az(int index) {
    return arch.azs().get(index);
  }

  private void scheduleFaults() {
    for (Faults.ScheduledFault f : faults.scheduled()) {
      double at = f.at().toMillis() / 1000.0;
      switch (f) {
        case Faults.AzOutage o -> {
          int az = arch.azs().indexOf(o.az());
          double end = at + o.duration().toMillis() / 1000.0;
          at(at, () -> azDown(az, at));
          at(end, () -> azUp(az, end));
        }
        case Faults.Resize r -> at(at, () -> topology.resize(r, at));
        case Faults.DnsRemoval d -> at(at, () -> topology.dnsRemoval(d, at));
        case Faults.RegionOutage o -> {
          double end = at + o.duration().toMillis() / 1000.0;
          at(at, () -> tiers.regionDown(o.region(), at));
          at(end, () -> tiers.regionUp(o.region(), end));
        }
        case Faults.InstanceFailure x -> {
          int az = arch.azs().indexOf(x.az());
          at(at, () -> topology.instanceFails(az, at));
        }
        case EcsComponent.Deployment d when EcsComponent.of(arch) != null -> {
          // the container service's tasks are the fleet's: the fleet runs the deployment
          int[] percent = EcsComponent.percentages(d, EcsComponent.of(arch));
          at(at, () -> topology.deploy(percent[0], percent[1], at));
        }
        default -> at(at, () -> tiers.inject(f, at));
      }
    }
    if (faults.region() != null && faults.region().ratePerYear() > 0) {
      scheduleRandomRegionOutage(0.0);
    }
    if (faults.database() != null && faults.database().mtbfHours() > 0) {
      scheduleRandomDatabaseFailure(0.0);
    }
    if (faults.az() != null && faults.az().ratePerYear() > 0) {
      for (int az = 0; az < arch.azs().size(); az++) {
        scheduleRandomAzOutage(az, 0.0);
      }
    }
  }

  private void scheduleRandomRegionOutage(double from) {
    double meanGap = 365 * 86_400.0 / faults.region().ratePerYear();
    double start = from + RandomStreams.exponential(rng, meanGap);
    double end =
        start + RandomStreams.exponential(rng, faults.region().meanDurationHours() * 3600.0);
    at(start, () -> tiers.regionDown(null, start));
    at(
        end,
        () -> {
          tiers.regionUp(null, end);
          scheduleRandomRegionOutage(end);
        });
  }

  private void scheduleRandomDatabaseFailure(double from) {
    double t = from + RandomStreams.exponential(rng, faults.database().mtbfHours() * 3600.0);
    at(
        t,
        () -> {
          tiers.writerFails(t);
          scheduleRandomDatabaseFailure(t);
        });
  }

  private void scheduleRandomAzOutage(int az, double from) {
    double meanGap = 365 * 86_400.0 / faults.az().ratePerYear();
    double start = from + RandomStreams.exponential(rng, meanGap);
    double end = start + RandomStreams.exponential(rng, faults.az().meanDurationHours() * 3600.0);
    at(start, () -> azDown(az, start));
    at(
        end,
        () -> {
          azUp(az, end);
          scheduleRandomAzOutage(az, end);
        });
  }

  private void azDown(int az, double now) {
    topology.azDown(az, now);
    tiers.azDown(az, now);
  }

  private void azUp(int az, double now) {
    topology.azUp(az, now);
    tiers.azUp(az, now);
  }

  // ---------------------------------------------------------------- incidents

  void recordDetection(double failedAt, double at) {
    if (!Double.isNaN(failedAt)) {
      detections++;
      detectionSecondsSum += at - failedAt;
    }
  }

  void recordRecovery(double failedAt, double at) {
    if (!Double.isNaN(failedAt)) {
      recoveries++;
      double d = at - failedAt;
      recoverySecondsSum += d;
      maxRecoverySeconds = Math.max(maxRecoverySeconds, d);
    }
  }

  // ---------------------------------------------------------------- traffic between events

  private void integrate(double from, double to) {
    if (to <= from) {
      return;
    }
    double step = topology.maxStep(run.stepSeconds());
    if (workload.pattern().isConstant()
        && !topology.varies()
        && !tiers.varies()
        && !serving.creditsMatter()
        && !sampling) {
      segment(from, to);
      return;
    }
    // Where only the rate moves (the fleet and the data tier change at events alone), a stretch
    // over
    // which the rate stays within STEADY_TOLERANCE of itself is one step, up to STEADY_MAX_SECONDS:
    // the rate is integrated exactly and the queue taken at the stretch's mean rate, so finer steps
    // would only repeat the same queue (docs/performance.md, "Steps where only the rate moves").
    boolean steady =
        step == run.stepSeconds()
            && step < STEADY_MAX_SECONDS
            && topology.stepsOnlyForTheRate()
            && !tiers.varies();
    double a = from;
    while (a < to) {
      double b = Math.min(to, (Math.floor(a / step) + 1) * step);
      if (steady && b < to) {
        double limit = Math.min(to, Math.max(b, a + STEADY_MAX_SECONDS));
        b = Math.max(b, workload.pattern().steadyUntil(a, limit, STEADY_TOLERANCE));
      }
      tick();
      segment(a, b);
      a = b;
    }
  }

  /** Relative change of the rate within one step where only the rate moves: 2^-10 (0.1 %). */
  static final double STEADY_TOLERANCE = 1.0 / 1024;

  /** The longest such step; scenarios with steps of this or more step as before. */
  static final double STEADY_MAX_SECONDS = 60;

  private void segment(double a, double b) {
    double dt = b - a;
    double lambda = workload.meanRate(a, b);
    serving.offer(lambda * dt);
    billing.accrue(a, dt, lambda);
    if (sampling) {
      double failedBefore = serving.failedSoFar();
      double throttledBefore = tiers.throttledSoFar();
      tiers.route(a, b, lambda);
      int inService = topology.countStats().last;
      listener.sample(
          stageIndex, trial, a, b, inService, lambda, (serving.failedSoFar() - failedBefore) / dt);
      listener.gauges(
          stageIndex,
          trial,
          a,
          b,
          new SimulationListener.Gauges(
              tiers.secondaryInService(a),
              tiers.primaryUp(),
              (tiers.throttledSoFar() - throttledBefore) / dt,
              tiers.backlog()));
    } else {
      tiers.route(a, b, lambda);
    }
  }

  // ---------------------------------------------------------------- result

  private TrialOutcome outcome() {
    double monthScale = SECONDS_PER_MONTH / horizon;
    tiers.finish(horizon);
    billing.settle();
    TreeMap<String, Long> cost = costs.monthlyMicroUsd(monthScale);
    return serving.outcome(trial, cost, billing.instanceSeconds(), topology.countStats(), this);
  }

  /** How requests reach instances and how instances come and go. */
  interface Topology {
    void start();

    /** Routes {@code lambda} requests/s over [a, b) to the serving instances. */
    void route(double a, double b, double lambda);

    /** True when routing shares change continuously (DNS caches expiring). */
    boolean varies();

    /** The longest traffic step allowed now. */
    double maxStep(double step);

    /**
     * True when between events nothing but the request rate changes how requests are routed, so a
     * stretch of steady rate can be one step.
     */
    boolean stepsOnlyForTheRate();

    void azDown(int az, double now);

    void azUp(int az, double now);

    void resize(Faults.Resize r, double now);

    void dnsRemoval(Faults.DnsRemoval d, double now);

    /** One instance in service in AZ {@code az} fails now (a scheduled instance failure). */
    void instanceFails(int az, double now);

    /**
     * A rolling deployment replaces every unit, keeping at least {@code minHealthyPercent} of the
     * desired count in service and at most {@code maximumPercent} running or starting (a container
     * service behind a load balancer).
     */
    default void deploy(int minHealthyPercent, int maximumPercent, double now) {}

    /** Billed instances now, by purchase: [on-demand, spot]. */
    int[] billed();

    /** In-service instances: time-weighted sum, min and max over the trial. */
    CountStats countStats();
  }

  /** Time-weighted in-service instance counts of a trial. */
  static final class CountStats {
    double weightedSum;
    double seconds;
    int min = Integer.MAX_VALUE;
    int max;
    int last;

    void observe(int inService, double dt) {
      last = inService;
      weightedSum += inService * dt;
      seconds += dt;
      min = Math.min(min, inService);
      max = Math.max(max, inService);
    }

    double mean() {
      return seconds > 0 ? weightedSum / seconds : 0;
    }
  }

  static List<Integer> indices(int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }
}
