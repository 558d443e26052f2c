package dev.archsim.engine.sim;

import dev.archsim.engine.model.Entry;
import java.util.SplittableRandom;

/**
 * The one timing model of health checks (docs/decisions/014-one-health-check-timing-model.md).
 * Every delay is a function of one uniform draw {@code u} in [0, 1), so each path draws exactly one
 * random number per detection, and each has a closed-form mean.
 *
 * <ul>
 *   <li><b>ALB target</b>: one checker per target, checking every {@code interval}. A failure is
 *       caught by the first check after it (uniform phase within the interval), then {@code
 *       unhealthyThreshold − 1} more; each failed check of a dead target ends when its {@code
 *       timeout} elapses. Delay = u·interval + (threshold − 1)·interval + timeout. A new or
 *       repaired target is healthy after {@code healthyThreshold} passing checks: u·interval +
 *       (threshold − 1)·interval.
 *   <li><b>Route 53 health check</b> (records and the DR failover record): about {@value
 *       #ROUTE53_CHECKERS} checkers in different locations check every {@code interval}, each on
 *       its own phase; a checker calls the endpoint unhealthy after {@code failureThreshold}
 *       consecutive failures, each ending when the TCP connection is not made within {@value
 *       #ROUTE53_CONNECT_TIMEOUT_SECONDS} s; Route 53 calls it unhealthy once no more than 18 % of
 *       the checkers call it healthy, i.e. when the {@link #ROUTE53_DECIDING}-th checker has. Delay
 *       = interval·U(k:n) + (threshold − 1)·interval + 4 s, where U(k:n) is the k-th smallest of n
 *       uniform phases (a Beta(k, n − k + 1) variable, mean k / (n + 1)), drawn by inverting its
 *       distribution function at u.
 * </ul>
 */
final class HealthChecks {
  /** Route 53 HTTP(S) checks: the TCP connection must be made within 4 s (AWS-documented). */
  static final double ROUTE53_CONNECT_TIMEOUT_SECONDS = 4;

  /** About 15 Route 53 checkers check an endpoint (a third-party figure; AWS gives none). */
  static final int ROUTE53_CHECKERS = 15;

  /** Healthy while more than 18 % of the checkers say so (AWS-documented, "may change"). */
  static final double ROUTE53_HEALTHY_SHARE = 0.18;

  /** Checkers that must call the endpoint unhealthy: 15 − floor(0.18 × 15) = 13. */
  static final int ROUTE53_DECIDING =
      ROUTE53_CHECKERS - (int) Math.floor(ROUTE53_HEALTHY_SHARE * ROUTE53_CHECKERS);

  private HealthChecks() {}

  // ------------------------------------------------------------------ ALB target groups

  static double albUnhealthy(Entry.HealthCheck hc, double u) {
    return u * hc.intervalSeconds()
        + (hc.unhealthyThreshold() - 1) * hc.intervalSeconds()
        + hc.timeoutSeconds();
  }

  static double albUnhealthyMean(Entry.HealthCheck hc) {
    return albUnhealthy(hc, 0.5);
  }

  static double albHealthy(Entry.HealthCheck hc, double u) {
    return u * hc.intervalSeconds() + (hc.healthyThreshold() - 1) * hc.intervalSeconds();
  }

  static double albHealthyMean(Entry.HealthCheck hc) {
    return albHealthy(hc, 0.5);
  }

  /**
   * An ALB target group's checks in one trial: each delay one draw from the trial's random stream.
   */
  static final class Targets {
    private final Entry.HealthCheck hc;
    private final SplittableRandom rng;

    Targets(Entry.HealthCheck hc, SplittableRandom rng) {
      this.hc = hc;
      this.rng = rng;
    }

    /** From a target's failure to its being marked unhealthy. */
    double unhealthyDelay() {
      return albUnhealthy(hc, rng.nextDouble());
    }

    double unhealthyMean() {
      return albUnhealthyMean(hc);
    }

    /** From a target's registration (or repair) to its being marked healthy. */
    double healthyDelay() {
      return albHealthy(hc, rng.nextDouble());
    }

    double healthyMean() {
      return albHealthyMean(hc);
    }
  }

  // ------------------------------------------------------------------ Route 53

  static double route53Unhealthy(double intervalSeconds, int failureThreshold, double u) {
    return intervalSeconds * orderStatisticQuantile(ROUTE53_DECIDING, ROUTE53_CHECKERS, u)
        + (failureThreshold - 1) * intervalSeconds
        + ROUTE53_CONNECT_TIMEOUT_SECONDS;
  }

  static double route53UnhealthyMean(double intervalSeconds, int failureThreshold) {
    return intervalSeconds * ROUTE53_DECIDING / (ROUTE53_CHECKERS + 1.0)
        + (failureThreshold - 1) * intervalSeconds
        + ROUTE53_CONNECT_TIMEOUT_SECONDS;
  }

  /**
   * The u-quantile of the k-th smallest of n independent uniforms on [0, 1): the x where P(at least
   * k of n uniforms ≤ x) = u, found by bisection (the distribution function is a binomial tail,
   * increasing in x).
   */
  static double orderStatisticQuantile(int k, int n, double u) {
    double lo = 0;
    double hi = 1;
    for (int i = 0; i < 60; i++) {
      double mid = (lo + hi) / 2;
      if (atLeast(k, n, mid) < u) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  /** P(Binomial(n, x) ≥ k). */
  static double atLeast(int k, int n, double x) {
    double p = 0;
    double coefficient = 1; // C(n, j), built up from j = 0
    for (int j = 0; j <= n; j++) {
      if (j > 0) {
        coefficient = coefficient * (n - j + 1) / j;
      }
      if (j >= k) {
        p += coefficient * Math.pow(x, j) * Math.pow(1 - x, n - j);
      }
    }
    return p;
  }
}
