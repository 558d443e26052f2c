package dev.archsim.engine.sim;

import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.Metric;

/**
 * Sticky sessions on a load balancer: when instances leave service their open sessions go with
 * them. Sessions on an instance = its session arrival rate × mean session length (Little's law);
 * those still open after a grace time (a drain or a spot notice; exponential lengths) are lost, and
 * each lost session's next request fails as {@code session-lost}. Without stickiness nothing is
 * lost.
 */
final class StickySessions {
  /** Sessions lost with the target that held them. */
  private static final Metric LOST = Metric.Tier.SESSIONS.metric("lost");

  private final RequestProfile profile;
  private final TrialMetrics metrics;
  private final Serving serving;
  private final boolean sticky;

  /** Requests per second each target received in the last traffic step. */
  private double lastPerTarget;

  /**
   * Next requests of lost sessions not yet arrived: they fail as {@code session-lost} out of the
   * traffic that comes next ({@link #take}), so each is offered once and fails instead of being
   * served (counting them at the event on top of the traffic made served + failed exceed the
   * offered requests).
   */
  private double pending;

  /**
   * The sessions of {@code profile}'s users, sticky or not; lost ones are counted in {@code
   * metrics} and their next requests fail on {@code serving}.
   */
  StickySessions(RequestProfile profile, TrialMetrics metrics, Serving serving, boolean sticky) {
    this.profile = profile;
    this.metrics = metrics;
    this.serving = serving;
    this.sticky = sticky;
  }

  /** No sticky sessions: nothing is lost when instances leave service. */
  static StickySessions none() {
    return new StickySessions(null, null, null, false);
  }

  /** A target received {@code perTarget} requests per second in the step just routed. */
  void observed(double perTarget) {
    lastPerTarget = perTarget;
  }

  /**
   * {@code instances} leave service now; their sessions open after {@code graceSeconds} are lost.
   */
  void lose(int instances, double graceSeconds) {
    if (!sticky || instances <= 0) {
      return;
    }
    var p = profile;
    double open = lastPerTarget / p.requestsPerSession() * p.sessionSeconds();
    double lost = instances * open * Math.exp(-graceSeconds / p.sessionSeconds());
    pending += lost;
    metrics.count(LOST, lost);
  }

  /**
   * Fails the pending lost sessions' requests out of the {@code servable} requests of a step (those
   * reaching an in-service target; a request to a failed target fails as that anyway) and returns
   * the share of them still to serve.
   */
  double take(double servable) {
    if (pending <= 0 || servable <= 0) {
      return 1.0;
    }
    double take = Math.min(pending, servable);
    serving.fail(FailureCause.SESSION_LOST, take);
    pending -= take;
    return 1.0 - take / servable;
  }
}
