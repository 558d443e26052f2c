package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.component.EcsComponent;
import dev.archsim.engine.component.FunctionsComponent;
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
final class TrialSimulation implements TrafficIntegration {
  static final double SECONDS_PER_MONTH = 730 * 3600.0;

  private final Scenario scenario;
  private final Stage stage;
  private final int stageIndex;
  private final int trial;
  private final SplittableRandom rng;
  private final SimulationListener listener;
  private final RunSettings run;
  private final Workload workload;
  private final Faults faults;
  private final Architecture arch;
  private final ComputeTier tier;
  private final double horizon;
  private final Serving serving;
  private final CostLedger costs = new CostLedger();
  private final TrialMetrics metrics = new TrialMetrics();
  private final IncidentLog incidents = new IncidentLog();
  private final InfrastructureLog log;
  private final Billing billing;
  private final Topology topology;
  private final Tiers tiers;
  private final Regions regions;

  /**
   * Instances in service over the whole horizon, time-weighted: the stage's fleet while its region
   * is up (none while it is down) and the other regions' instances (docs/decisions/063).
   */
  private final CountStats inService = new CountStats();

  private final CountStats workers = new CountStats();

  /** Pending infrastructure events. */
  private final EventQueue events;

  private final boolean sampling;

  /** When the shard stops itself; read every {@link Deadline#CHECK_EVERY} events or steps. */
  private Deadline deadline = Deadline.NONE;

  private int sinceCheck;

  /** The AZs out now: an outage and its return are reported once, whatever the stage runs. */
  private final boolean[] azOut;

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
    this.faults = scenario.faultsOf(stage);
    this.arch = stage.architecture();
    this.azOut = new boolean[arch.azs().size()];
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
    RequestProfile profile = workload.profile();
    this.log = new InfrastructureLog(listener, stageIndex, trial);
    this.serving = new Serving(profile, tier == null ? null : tier.credits(), type);
    FleetTrial fleetTrial =
        new FleetTrial(events, this, rng, incidents, log, metrics, faults, run, arch.azs());
    this.tiers = new Tiers(fleetTrial, arch, workload, serving, costs);
    this.regions = tiers.regions();
    this.billing =
        new Billing(
            costs, arch, tier, profile, horizon, serving, tiers.cdnInFront(), this::billedNow);
    if (tiers.compute() != null) {
      this.topology = new StageTopology(tiers.compute());
    } else if (arch.entry() == null) {
      this.topology = new StageTopology(tiers.queueIntake());
    } else if (arch.entry() instanceof Entry.LoadBalancer lb) {
      this.topology =
          new Fleet(
              fleetTrial,
              lb,
              tier,
              EcsComponent.of(arch),
              serving,
              billing,
              tiers.queueBacklog(),
              profile);
    } else {
      this.topology = new Slots(fleetTrial, arch.entry(), tier, serving);
    }
    this.sampling = listener.wantsSamples(stageIndex, trial);
  }

  /** The topology's billed instances now, by purchase: [on-demand, spot]. */
  private int[] billedNow() {
    return topology.billed();
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
    double step = run.stepSeconds();
    metricsApart =
        step < STEADY_MAX_SECONDS
            && topology.maxStep(step) == step
            && topology.stepsOnlyForTheRate()
            && tiers.computeOnly()
            && topology.metricsApart();
    while (true) {
      EventQueue.Event next = events.peek();
      if (next != null
          && next.time() < horizon
          && next.action() instanceof Schedule.Reading
          && metricsApart
          && !tiers.varies()) {
        // it reads the fleet and the metrics fed apart; the traffic stays open until something
        // changes the fleet (settleTraffic)
        events.pop();
        tick();
        next.action().run();
        continue;
      }
      settleTraffic(next == null ? horizon : Math.min(next.time(), horizon));
      if (next == null || next.time() >= horizon) {
        break;
      }
      events.pop();
      tick();
      next.action().run();
    }
    return outcome();
  }

  /** Traffic is integrated up to here. */
  private double trafficTo;

  /** The topology's Auto Scaling metrics are fed apart ({@link #metricsUpTo}), up to here. */
  private boolean metricsApart;

  private double metricsTo;

  /**
   * Integrates the traffic up to {@code now} with the fleet as it is: called before each event that
   * may change the fleet, and by a {@link Reading} event before it does.
   */
  @Override
  public void settleTraffic(double now) {
    if (now <= trafficTo) {
      return;
    }
    metricsUpTo(now);
    integrate(trafficTo, now);
    trafficTo = now;
  }

  /**
   * When the metrics are fed apart, feeds the Auto Scaling group's metrics up to {@code now}: the
   * rate reaching the fleet is the offered rate (nothing else on the path), integrated exactly, and
   * the fleet has not changed since the metrics were fed last.
   */
  @Override
  public void metricsUpTo(double now) {
    if (!metricsApart || now <= metricsTo) {
      return;
    }
    double lambda = regions.primaryUp() ? workload.meanRate(metricsTo, now) : 0.0;
    topology.feedMetrics(lambda, now - metricsTo);
    metricsTo = now;
  }

  // ---------------------------------------------------------------- events

  private void at(double at, Runnable action) {
    events.at(at, action);
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
          at(at, () -> regions.down(o.region(), at));
          at(end, () -> regions.back(o.region(), end));
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
      // every region of the stage fails on its own clock: the primary's draws from the trial's
      // stream, each other region's from a stream of its own
      List<String> names = regions.names();
      for (int r = 0; r < names.size(); r++) {
        SplittableRandom clock =
            r == 0
                ? rng
                : RandomStreams.forRegionClock(
                    run.seed(), scenario.stageNumber(stageIndex), trial, r);
        scheduleRandomRegionOutage(r == 0 ? null : names.get(r), clock, 0.0);
      }
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

  /**
   * The next outage of {@code region} (null: the primary) after {@code from}, on its own clock:
   * exponential gaps at the fault's rate, exponential durations of its mean.
   */
  private void scheduleRandomRegionOutage(String region, SplittableRandom clock, double from) {
    double meanGap = 365 * 86_400.0 / faults.region().ratePerYear();
    double start = from + RandomStreams.exponential(clock, meanGap);
    double end =
        start + RandomStreams.exponential(clock, faults.region().meanDurationHours() * 3600.0);
    at(start, () -> regions.down(region, start));
    at(
        end,
        () -> {
          regions.back(region, end);
          scheduleRandomRegionOutage(region, clock, end);
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

  /**
   * AZ {@code az} goes down (an outage already under way there goes on: the fleets ignore a second
   * one, and its end brings the zone back).
   */
  private void azDown(int az, double now) {
    if (!azOut[az]) {
      azOut[az] = true;
      log.note(now, new InfrastructureEvent.AzOutage(arch.azs().get(az)));
    }
    topology.azDown(az, now);
    tiers.azDown(az, now);
  }

  private void azUp(int az, double now) {
    if (azOut[az]) {
      azOut[az] = false;
      log.note(now, new InfrastructureEvent.AzBack(arch.azs().get(az)));
    }
    topology.azUp(az, now);
    tiers.azUp(az, now);
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
    // over which the rate stays within a tolerance of itself is one step: the rate is integrated
    // exactly and the queue taken at the stretch's mean rate, so finer steps would only repeat
    // nearly the same queue (docs/performance.md, "Steps where only the rate moves").
    boolean steady =
        step == run.stepSeconds()
            && step < STEADY_MAX_SECONDS
            && topology.stepsOnlyForTheRate()
            && !tiers.varies();
    // with nothing but the fleet on the path, the tolerance follows from the fleet's queues
    double perRate = steady && tiers.computeOnly() ? topology.loadPerRate() : Double.NaN;
    double a = from;
    while (a < to) {
      double b = Math.min(to, (Math.floor(a / step) + 1) * step);
      if (steady && b < to) {
        double tolerance = STEADY_TOLERANCE;
        double longest = STEADY_MAX_SECONDS;
        if (!Double.isNaN(perRate)) {
          tolerance = stretchTolerance(perRate * workload.meanRate(a, a), serving.type().vcpu());
          longest = STRETCH_MAX_SECONDS;
        }
        double limit = Math.min(to, Math.max(b, a + longest));
        b = Math.max(b, workload.pattern().steadyUntil(a, limit, tolerance));
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

  /**
   * The widest relative change of the rate within one step that {@link #stretchTolerance} allows.
   */
  static final double STRETCH_MAX_TOLERANCE = 1.0 / 64;

  /** The longest step when the tolerance follows from the fleet's queues: ten minutes. */
  static final double STRETCH_MAX_SECONDS = 600;

  /**
   * How far the rate may move within one step when the fleet's queues are all that is nonlinear in
   * it, for a busiest queue of {@code servers} servers at load {@code rho} at the step's start.
   *
   * <p>A step takes the queue at its mean rate. Over a step whose rate ranges over a relative δ,
   * the arrival-weighted wait W differs from W at the mean rate by at most ½ W''(λ) Var(λ) ≤ ½ W''
   * (δλ/2)² (Jensen, second order). Near saturation W ∝ 1/(cμ − λ), so the relative error is at
   * most ρ δ² / (4 s²) with slack s = 1 − ρ; with c servers Erlang C adds a curvature of the order
   * of c (1/ρ − 1)², which the factor 1/√c keeps in the same bound. δ = |s| / (32 √(c ρ)) keeps the
   * error below 2^-12 (0.024 %), a quarter of the 0.1 % to which the queue's key already rounds the
   * slack; δ stays within [2^-10, 2^-6], the former tolerance and a cap for the rest of the step's
   * work. ρ is taken at the rate's start times 1 + 2^-6, above any rate the step reaches.
   */
  static double stretchTolerance(double rho, int servers) {
    double load = rho * (1 + STRETCH_MAX_TOLERANCE);
    if (!(load > 0)) {
      return STRETCH_MAX_TOLERANCE;
    }
    double tolerance = Math.abs(1 - load) / (32 * Math.sqrt(servers * load));
    return Math.max(STEADY_TOLERANCE, Math.min(STRETCH_MAX_TOLERANCE, tolerance));
  }

  private void segment(double a, double b) {
    double dt = b - a;
    double lambda = workload.meanRate(a, b);
    serving.offer(lambda * dt);
    billing.accrue(a, dt, lambda);
    if (sampling) {
      double failedBefore = serving.failedSoFar();
      double throttledBefore = throttledSoFar();
      tiers.route(a, b, lambda, topology);
      countInService(a, dt);
      int primaryInService = topology.countStats().last;
      listener.sample(
          stageIndex,
          trial,
          a,
          b,
          primaryInService,
          lambda,
          (serving.failedSoFar() - failedBefore) / dt);
      listener.gauges(
          stageIndex,
          trial,
          a,
          b,
          new SimulationListener.Gauges(
              regions.secondaryInService(a),
              regions.primaryUp(),
              (throttledSoFar() - throttledBefore) / dt,
              tiers.backlog(),
              topology.concurrency(),
              tiers.workersInService(),
              tiers.consumerConcurrency(),
              tiers.oldestMessageAgeSeconds(b)));
    } else {
      tiers.route(a, b, lambda, topology);
      countInService(a, dt);
    }
  }

  /**
   * Counts the instances in service over [a, a + dt), whose regions and fleets change at events
   * only: the fleet's (none while its region is down) and the other regions'.
   */
  private void countInService(double a, double dt) {
    int primary = regions.primaryUp() ? topology.countStats().last : 0;
    inService.observe(primary + regions.secondaryInService(a), dt);
    if (arch.queue() != null && arch.queue().workers() != null) {
      workers.observe(tiers.workersInService(), dt);
    } else if (arch.queue() != null && arch.queue().lambda() != null) {
      workers.observe(tiers.consumerConcurrency(), dt);
    }
  }

  /** Requests throttled so far by API Gateway or Lambda. */
  private double throttledSoFar() {
    return metrics.counter(FunctionsComponent.APIGW_THROTTLED)
        + metrics.counter(FunctionsComponent.LAMBDA_THROTTLED);
  }

  // ---------------------------------------------------------------- result

  private TrialOutcome outcome() {
    double monthScale = SECONDS_PER_MONTH / horizon;
    tiers.finish(horizon);
    billing.settle();
    TreeMap<String, Long> cost = costs.monthlyMicroUsd(monthScale);
    return serving.outcome(
        trial,
        cost,
        billing.instanceSeconds(),
        inService,
        workers,
        stageIndex,
        workload.meanRate(0, horizon) * horizon,
        incidents,
        metrics.counters(),
        metrics.peaks());
  }
}
