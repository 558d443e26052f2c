package dev.archsim.engine.sim;

import dev.archsim.engine.component.QueueBacklog;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.sim.scaling.MetricPeriod;
import dev.archsim.engine.sim.scaling.ScalingPolicy;
import dev.archsim.engine.sim.scaling.ScalingTimers;
import java.util.List;

/**
 * An Auto Scaling group's capacity: its minimum, maximum and desired count, the one-minute metrics
 * its policies read, the policies (one {@link ScalingPolicy} class each) evaluated every minute,
 * and its scheduled actions. It decides how many instances there should be; the fleet it manages
 * ({@link Instances}) launches and terminates them.
 */
final class AutoScalingGroup {
  /** Alarms evaluate one-minute datapoints. */
  static final double PERIOD_SECONDS = 60.0;

  /** What the group asks of the instances it manages. */
  interface Instances {
    /** Instances the group counts now. */
    int live();

    /** Instances in service now. */
    int inService();

    /** Launches or terminates instances until the live count is the desired one. */
    void reconcile(double now);

    /** Evens the AZs out if the group rebalances. */
    void rebalance(double now);
  }

  private final Schedule events;
  private final TrafficIntegration traffic;
  private final InfrastructureLog log;
  private final ComputeTier.AutoScaling config;
  private final Instances instances;
  private final List<ScalingPolicy> policies;
  private final ScalingTimers timers;
  private final QueueBacklog queue;
  private final ScheduledActions scheduled;

  private int min;
  private int max;
  private int desired;

  // the current minute's metrics
  private double busySeconds;
  private double inServiceSeconds;
  private double requests;

  AutoScalingGroup(
      Schedule events,
      TrafficIntegration traffic,
      InfrastructureLog log,
      ComputeTier.AutoScaling config,
      Instances instances,
      QueueBacklog queue) {
    this.events = events;
    this.traffic = traffic;
    this.log = log;
    this.config = config;
    this.instances = instances;
    this.policies = config.policies().stream().map(ScalingPolicy::of).toList();
    this.timers = new ScalingTimers(config.warmupSeconds());
    this.queue = queue;
    this.scheduled = new ScheduledActions(events, this);
  }

  ComputeTier.AutoScaling config() {
    return config;
  }

  int desired() {
    return desired;
  }

  /** Sets the capacity and schedules the first evaluation and the scheduled actions. */
  void start() {
    min = config.min();
    max = config.max();
    desired = config.desired();
    evaluateAt(PERIOD_SECONDS);
    scheduled.start();
  }

  /**
   * Over {@code dt} seconds, {@code inService} instances were in service at {@code utilisation}
   * (0..1) of their CPU.
   */
  void observe(int inService, double utilisation, double dt) {
    busySeconds += inService * utilisation * dt;
    inServiceSeconds += inService * dt;
  }

  /** The load balancer routed {@code n} requests to the group's targets. */
  void routed(double n) {
    requests += n;
  }

  /** Whether the metrics read are fed apart from the traffic steps ({@link #metricsApart}). */
  boolean readsCpuAndRequestsOnly() {
    return queue == null;
  }

  private void evaluateAt(double at) {
    events.at(at, (Schedule.Reading) () -> evaluate(at));
  }

  /** The minute ends: every policy reads it, the last decision sets the desired capacity. */
  private void evaluate(double now) {
    traffic.metricsUpTo(now);
    double cpu = inServiceSeconds > 0 ? 100.0 * busySeconds / inServiceSeconds : 0.0;
    MetricPeriod m =
        new MetricPeriod(
            cpu,
            inServiceSeconds,
            requests,
            PERIOD_SECONDS,
            queue == null ? Double.NaN : queue.visibleMessages(),
            instances.inService());
    busySeconds = 0;
    inServiceSeconds = 0;
    requests = 0;
    int live = instances.live();
    int target = desired;
    String reading = null;
    for (ScalingPolicy p : policies) {
      ScalingPolicy.Decision d = p.evaluate(now, m, live, timers);
      if (d != null) {
        target = clamp(d.capacity());
        reading = d.reading();
      }
    }
    if (target != desired) {
      if (target > desired) {
        timers.scaledOut(now);
      }
      log.note(now, new InfrastructureEvent.DesiredCapacityChanged(desired, target, reading));
      desired = target;
    }
    instances.reconcile(now);
    instances.rebalance(now);
    evaluateAt(now + PERIOD_SECONDS);
  }

  private int clamp(int capacity) {
    return Math.max(min, Math.min(max, capacity));
  }

  /** A scheduled action sets the bounds and the desired capacity now ({@link ScheduledActions}). */
  void apply(ComputeTier.ScheduledAction a, double at) {
    if (a.min() != null) {
      min = a.min();
    }
    if (a.max() != null) {
      max = a.max();
    }
    if (a.desired() != null) {
      desired = a.desired();
    }
    desired = clamp(desired);
    log.note(at, new InfrastructureEvent.ScheduledActionApplied(min, max, desired));
    instances.reconcile(at);
  }
}
