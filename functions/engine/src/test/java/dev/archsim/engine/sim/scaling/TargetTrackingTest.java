package dev.archsim.engine.sim.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The target-tracking alarms on datapoints given by hand, one a minute. */
class TargetTrackingTest {
  /** A minute with {@code perTarget} requests on each of {@code n} targets in service all along. */
  static MetricPeriod requests(int n, double perTarget) {
    return new MetricPeriod(10, 60.0 * n, perTarget * n, 60, Double.NaN, n);
  }

  static MetricPeriod backlog(int n, double visible) {
    return new MetricPeriod(10, 60.0 * n, 0, 60, visible, n);
  }

  @Test
  void threeDatapointsAboveTheTargetScaleOutToTheProportionalCapacity() {
    RequestCountTargetTracking p = new RequestCountTargetTracking(1000);
    ScalingTimers t = new ScalingTimers(0);
    assertThat(p.evaluate(60, requests(4, 2500), 4, t)).isNull();
    assertThat(p.evaluate(120, requests(4, 2500), 4, t)).isNull();
    // 4 × 2500 = 10 000 requests a minute over 1000 per target: 10
    assertThat(p.evaluate(180, requests(4, 2500), 4, t))
        .isEqualTo(new ScalingPolicy.Decision(10, "2500 requests per target"));
    // the count starts again after a scale-out
    assertThat(p.evaluate(240, requests(4, 2500), 4, t)).isNull();
  }

  @Test
  void aDatapointAtOrBelowTheTargetBreaksTheRun() {
    RequestCountTargetTracking p = new RequestCountTargetTracking(1000);
    ScalingTimers t = new ScalingTimers(0);
    p.evaluate(60, requests(4, 1200), 4, t);
    p.evaluate(120, requests(4, 1200), 4, t);
    assertThat(p.evaluate(180, requests(4, 1000), 4, t)).isNull(); // equal is not above
    assertThat(p.evaluate(240, requests(4, 1200), 4, t)).isNull();
    assertThat(p.evaluate(300, requests(4, 1200), 4, t)).isNull();
    // ceil(4 × 1200 / 1000) = ceil(4.8) = 5
    assertThat(p.evaluate(360, requests(4, 1200), 4, t).capacity()).isEqualTo(5);
  }

  @Test
  void noScaleOutWhileTheLastScaleOutWarmsUp() {
    RequestCountTargetTracking p = new RequestCountTargetTracking(1000);
    ScalingTimers t = new ScalingTimers(300);
    t.scaledOut(100);
    for (int m = 1; m <= 6; m++) {
      assertThat(p.evaluate(60 * m, requests(4, 3000), 4, t)).as("minute %d", m).isNull();
    }
    assertThat(p.evaluate(420, requests(4, 3000), 4, t).capacity()).isEqualTo(12);
  }

  @Test
  void fifteenDatapointsBelowNinetyPercentScaleInButNeverBelowOne() {
    RequestCountTargetTracking p = new RequestCountTargetTracking(1000);
    ScalingTimers t = new ScalingTimers(0);
    for (int m = 1; m < 15; m++) {
      assertThat(p.evaluate(60 * m, requests(10, 250), 10, t)).isNull();
    }
    // 10 × 250 = 2500 a minute: ceil(2.5) = 3
    assertThat(p.evaluate(900, requests(10, 250), 10, t).capacity()).isEqualTo(3);
    // 899 per target is below 900 = 0.9 × 1000; 900 is not
    BacklogTargetTracking b = new BacklogTargetTracking(100);
    for (int m = 1; m < 15; m++) {
      b.evaluate(60 * m, backlog(5, 0), 5, t);
    }
    assertThat(b.evaluate(900, backlog(5, 0), 5, t).capacity()).isEqualTo(1);
    RequestCountTargetTracking edge = new RequestCountTargetTracking(1000);
    for (int m = 1; m <= 20; m++) {
      assertThat(edge.evaluate(60 * m, requests(10, 900), 10, t)).isNull();
    }
  }

  @Test
  void backlogPerInstanceIsTheVisibleMessagesOverTheInstancesInService() {
    BacklogTargetTracking b = new BacklogTargetTracking(100);
    ScalingTimers t = new ScalingTimers(0);
    b.evaluate(60, backlog(3, 1000), 3, t);
    b.evaluate(120, backlog(3, 1000), 3, t);
    // 1000 / 3 = 333 per instance; ceil(1000 / 100) = 10
    assertThat(b.evaluate(180, backlog(3, 1000), 3, t))
        .isEqualTo(new ScalingPolicy.Decision(10, "333 messages per instance"));
    // none in service: the expression divides by zero and has no datapoint
    assertThat(backlog(0, 1000).backlogPerInstance()).isNaN();
    BacklogTargetTracking idle = new BacklogTargetTracking(100);
    for (int m = 1; m <= 5; m++) {
      assertThat(idle.evaluate(60 * m, backlog(0, 1000), 0, t)).isNull();
    }
  }
}
