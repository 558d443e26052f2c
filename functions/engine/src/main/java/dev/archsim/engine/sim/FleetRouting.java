package dev.archsim.engine.sim;

import dev.archsim.engine.model.Entry;
import dev.archsim.engine.result.FailureCause;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * How a load balancer spreads each traffic step over a fleet's zones: across every routed target
 * with cross-zone load balancing, else evenly over the AZs' load balancer nodes and within each AZ
 * over its targets. A target that failed but is not yet marked unhealthy still gets its share and
 * fails it; the serving targets' arrival stream follows the load balancer's algorithm.
 */
final class FleetRouting {
  private final Serving serving;
  private final Entry.LoadBalancer lb;
  private final FleetZone[] zones;

  /** The group whose metrics the step feeds; null without one. */
  private final AutoScalingGroup group;

  private final StickySessions sessions;

  /** Why requests fail when no target is routed to. */
  private final Supplier<FailureCause> nothingRouted;

  private final CountStats stats = new CountStats();

  /** Requests per second each target of a zone receives in a step, and whether it receives any. */
  private final double[] perTarget;

  private final boolean[] routedTo;

  /** Each zone's targets' arrival stream in a step. */
  private final Serving.Spread[] spreads;

  FleetRouting(
      Serving serving,
      Entry.LoadBalancer lb,
      FleetZone[] zones,
      AutoScalingGroup group,
      StickySessions sessions,
      Supplier<FailureCause> nothingRouted) {
    this.serving = serving;
    this.lb = lb;
    this.zones = zones;
    this.group = group;
    this.sessions = sessions;
    this.nothingRouted = nothingRouted;
    this.perTarget = new double[zones.length];
    this.routedTo = new boolean[zones.length];
    this.spreads = new Serving.Spread[zones.length];
  }

  CountStats stats() {
    return stats;
  }

  /** The group's metrics are fed by {@link #feedGroup} alone, not by each step routed. */
  private boolean metricsApart;

  void feedMetricsApart() {
    metricsApart = true;
  }

  /**
   * Feeds the group's metrics of {@code dt} seconds at {@code lambda} requests/s on average, the
   * fleet unchanged, as {@link #route} would have: the requests routed to its targets and the CPU
   * of those in service at the mean rate (without sticky sessions every routed request is served).
   */
  void feedGroup(double lambda, double dt) {
    if (lb.crossZone()) {
      int routed = 0;
      for (FleetZone z : zones) {
        routed += z.routed() + z.azFailedUndetected;
      }
      if (routed > 0) {
        for (FleetZone z : zones) {
          feed(z, lambda / routed, 1.0, dt);
        }
      }
      return;
    }
    int nodes = 0;
    for (FleetZone z : zones) {
      nodes += z.out ? 0 : 1;
    }
    for (FleetZone z : zones) {
      if (!z.out && z.routed() > 0) {
        feed(z, lambda / nodes / z.routed(), 1.0, dt);
      }
    }
  }

  /** The group's share of a zone's step: requests routed to it, CPU of those in service. */
  private void feed(FleetZone z, double perTarget, double servedShare, double dt) {
    group.routed(perTarget * dt * (z.routed() + z.azFailedUndetected));
    if (z.inService > 0) {
      group.observe(z.inService, serving.utilisation(perTarget * servedShare), dt);
    }
  }

  /**
   * The load ρ of the busiest target's queue per request/s routed now ({@link
   * Topology#loadPerRate}); NaN under least outstanding requests, whose pooled queue has every
   * target's servers.
   */
  double loadPerRate() {
    if (lb.algorithm() == Entry.LoadBalancer.Algorithm.LEAST_OUTSTANDING_REQUESTS) {
      return Double.NaN;
    }
    double perRequest = serving.loadPerRequest();
    if (lb.crossZone()) {
      int routed = 0;
      for (FleetZone z : zones) {
        routed += z.routed() + z.azFailedUndetected;
      }
      return routed == 0 ? 0 : perRequest / routed;
    }
    int nodes = 0;
    int fewest = Integer.MAX_VALUE;
    for (FleetZone z : zones) {
      if (!z.out) {
        nodes++;
        if (z.routed() > 0) {
          fewest = Math.min(fewest, z.routed());
        }
      }
    }
    return fewest == Integer.MAX_VALUE ? 0 : perRequest / nodes / fewest;
  }

  /** Routes {@code lambda} requests/s over [a, b). */
  void route(double a, double b, double lambda) {
    double dt = b - a;
    int inService = 0;
    for (FleetZone z : zones) {
      inService += z.inService;
    }
    stats.observe(inService, dt);
    Arrays.fill(perTarget, 0.0);
    Arrays.fill(routedTo, false);
    if (lb.crossZone()) {
      int routed = 0;
      for (FleetZone z : zones) {
        routed += z.routed() + z.azFailedUndetected;
      }
      if (routed == 0) {
        serving.fail(nothingRouted.get(), lambda * dt);
        idle(dt);
        return;
      }
      Arrays.fill(perTarget, lambda / routed);
      Arrays.fill(routedTo, true);
      Arrays.fill(spreads, spread(routed, inService));
    } else {
      int nodes = 0;
      for (FleetZone z : zones) {
        nodes += z.out ? 0 : 1;
      }
      if (nodes == 0) {
        serving.fail(FailureCause.AZ_OUTAGE, lambda * dt);
        return;
      }
      double perNode = lambda / nodes;
      for (FleetZone z : zones) {
        if (z.out) {
          continue;
        }
        int routed = z.routed();
        if (routed == 0) {
          serving.fail(nothingRouted.get(), perNode * dt);
          continue;
        }
        perTarget[z.index] = perNode / routed;
        routedTo[z.index] = true;
        spreads[z.index] = spread(routed, z.inService);
      }
    }
    double servable = 0;
    for (FleetZone z : zones) {
      servable += perTarget[z.index] * z.inService * dt;
    }
    double servedShare = sessions.take(servable);
    for (FleetZone z : zones) {
      if (routedTo[z.index]) {
        serveZone(z, perTarget[z.index], servedShare, dt, spreads[z.index]);
      }
    }
  }

  /**
   * The arrival stream of a target that shares a load balancer node's requests with {@code routed}
   * targets ({@code inService} of them serving): round robin deals every routed-th request to it,
   * least outstanding requests pools the serving targets, random picks independently.
   */
  private Serving.Spread spread(int routed, int inService) {
    return switch (lb.algorithm()) {
      case RANDOM -> Serving.Spread.POISSON;
      case ROUND_ROBIN -> new Serving.Spread(lb.algorithm(), routed);
      case LEAST_OUTSTANDING_REQUESTS -> new Serving.Spread(lb.algorithm(), inService);
    };
  }

  private void serveZone(
      FleetZone z, double perTarget, double servedShare, double dt, Serving.Spread spread) {
    sessions.observed(perTarget);
    serving.fail(FailureCause.UNHEALTHY_TARGET, perTarget * dt * z.failedUndetected);
    serving.fail(FailureCause.AZ_OUTAGE, perTarget * dt * z.azFailedUndetected);
    if (group != null && !metricsApart) {
      feed(z, perTarget, servedShare, dt);
    }
    if (z.inService > 0) {
      serving.serve(z.unit, z.inService, perTarget * servedShare, dt, spread);
    } else {
      serving.idle(z.unit, dt);
    }
  }

  private void idle(double dt) {
    for (FleetZone z : zones) {
      serving.idle(z.unit, dt);
    }
  }
}
