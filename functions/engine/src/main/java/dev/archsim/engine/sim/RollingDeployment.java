package dev.archsim.engine.sim;

/**
 * An ECS rolling update of a service's units, in batches: the scheduler starts new units while
 * fewer than {@code maximumPercent} of the desired count are running or starting, stops old ones
 * while more than {@code minimumHealthyPercent} stay healthy (to make room, or once the new ones
 * have passed their health checks), and waits for a batch to be healthy before the next ([AWS] ECS
 * API reference, DeploymentConfiguration: "if your service has a desiredCount of four tasks and a
 * minimumHealthyPercent of 50%, the service scheduler may stop two existing tasks to free up
 * cluster capacity before starting two new tasks"; "a maximumPercent value of 200%, the scheduler
 * may start four new tasks before stopping the four older tasks"; the minimum rounds up, the
 * maximum down).
 *
 * <p>So with 4 tasks at 50 % / 100 %, two are stopped and two started, and when those are healthy
 * the other two: the service serves on 2 tasks for two task starts and health checks. At 100 % /
 * 200 % four new tasks start beside the old ones, which stop once the new ones are healthy: no
 * capacity is lost, twice the tasks are billed meanwhile.
 */
final class RollingDeployment {
  /** What the deployment does to the fleet. */
  interface Units {
    /** Starts one new unit (it reports back through {@link #healthy} once in service). */
    void launch(double now);

    /** Takes one old unit out of service (deregistered, drained, stopped). */
    void stop(double now);

    /** Reports a step of the deployment to the trial's listener. */
    void note(double now, InfrastructureEvent.Deployment what);
  }

  private final Units units;
  private final int desired;
  private final int minHealthy;
  private final int maxRunning;
  private int old;
  private int pending;
  private int fresh;
  private int toLaunch;
  private boolean done;

  /**
   * A deployment of {@code desired} units with {@code live} old ones running, keeping at least
   * {@code minHealthy} healthy and at most {@code maxRunning} running or starting (the bounds in
   * units: {@link dev.archsim.engine.component.EcsComponent#deploymentBounds}).
   */
  RollingDeployment(Units units, int desired, int live, int minHealthy, int maxRunning) {
    this.units = units;
    this.desired = desired;
    this.minHealthy = minHealthy;
    this.maxRunning = maxRunning;
    this.old = live;
    this.toLaunch = desired;
  }

  boolean done() {
    return done;
  }

  /** The scheduler's next batch (at the start, and each time a batch is healthy). */
  void step(double now) {
    if (done || pending > 0) {
      return;
    }
    int excess = Math.min(old, old + fresh - desired);
    stop(excess, now);
    if (toLaunch > 0) {
      int room = maxRunning - old - fresh;
      if (room <= 0) {
        stop(Math.min(Math.min(old, old + fresh - minHealthy), toLaunch), now);
        room = maxRunning - old - fresh;
      }
      int batch = Math.max(0, Math.min(room, toLaunch));
      if (batch == 0) {
        units.note(now, new InfrastructureEvent.DeploymentBlocked(minHealthy, maxRunning));
        done = true;
        return;
      }
      units.note(now, new InfrastructureEvent.DeploymentBatch(batch, old));
      for (int i = 0; i < batch; i++) {
        units.launch(now);
      }
      pending += batch;
      toLaunch -= batch;
    } else {
      stop(old, now);
    }
    if (toLaunch == 0 && pending == 0 && old == 0) {
      units.note(now, new InfrastructureEvent.DeploymentComplete());
      done = true;
    }
  }

  private void stop(int n, double now) {
    for (int i = 0; i < n; i++) {
      units.stop(now);
      old--;
    }
  }

  /** A unit passed its health checks: a new one, while the deployment waits for its batch. */
  void healthy(double now) {
    if (done || pending == 0) {
      return;
    }
    pending--;
    fresh++;
    if (pending == 0) {
      step(now);
    }
  }

  /** The deployment is abandoned (an AZ lost under it); the service reconciles from there. */
  void abandon(double now) {
    if (!done) {
      units.note(now, new InfrastructureEvent.DeploymentStopped());
      done = true;
    }
  }
}
