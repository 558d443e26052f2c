package dev.archsim.engine.sim;

/**
 * What happened to a stage's infrastructure at a simulated time, as a typed record carrying its
 * data: the fleet, the addresses and the Auto Scaling group report these, a rolling deployment its
 * steps ({@link Deployment}) and a component's stage through {@link
 * dev.archsim.engine.component.TrialContext#note} (a region failover's moments: {@link Failover}).
 * The listener gets the record ({@link SimulationListener#infrastructureEvent}); {@link
 * #description()} is the one place an event becomes the words a timeline shows.
 */
public sealed interface InfrastructureEvent {
  /**
   * The event in words ("instance failed in us-east-1a"): one switch over every kind of event, so
   * that a new kind does not compile until it has its words.
   */
  default String description() {
    return switch (this) {
      case InstanceFailed e -> "instance failed in " + e.az();
      case NoInstanceToFail e -> "scheduled instance failure in " + e.az() + ": none in service";
      case AzOutage e -> "AZ outage " + e.az();
      case AzBack e -> "AZ back " + e.az();
      case RegionLost e -> "region outage " + e.region();
      case RegionBack e -> "region back " + e.region();
      case SpotInterruption e -> "spot interruption in " + e.az();
      case DesiredCapacityChanged e ->
          "auto scaling desired " + e.from() + " -> " + e.to() + " at " + e.reading();
      case ScheduledActionApplied e ->
          "scheduled action: min " + e.min() + " max " + e.max() + " desired " + e.desired();
      case ResizeStarted e -> "resize to " + e.instanceType();
      case ElasticIpRemapped e -> "Elastic IP remapped";
      case RecordRemoved e ->
          "record removed from DNS" + (e.terminated() ? " and instance terminated" : "");
      case DeploymentBatch e ->
          "deployment: starting " + e.starting() + " new, " + e.oldRunning() + " old running";
      case DeploymentBlocked e ->
          "deployment cannot proceed: "
              + e.minHealthy()
              + " tasks must stay healthy and at most "
              + e.maxRunning()
              + " may run";
      case DeploymentComplete e -> "deployment complete";
      case DeploymentStopped e -> "deployment stopped by the AZ outage";
      case SecondaryReady e -> "secondary region " + e.region() + " ready";
      case ClientsMoving e -> "clients start moving to " + e.region();
      case ClientsMoved e -> "every client moved to " + e.region();
      case SecondaryAtFullCapacity e -> "secondary region " + e.region() + " at full capacity";
      case SecondaryLostUnused e ->
          "secondary region " + e.region() + " lost: no failover target until it is back";
      case RegionDeclaredUnhealthy e ->
          "region " + e.region() + " declared unhealthy: its users start moving";
      case ConsumersStopped e ->
          "queue consumers down for " + dev.archsim.engine.component.Numbers.iso(e.duration());
      case ConsumersBack e -> "queue consumers back";
      case WorkerDeploymentStarted e -> "queue workers: a rolling deployment starts";
      case WorkerResizeStarted e -> "queue workers: resize to " + e.instanceType() + " starts";
      case RegionUsersMoved e ->
          "every client of "
              + e.region()
              + " moved to "
              + (e.toThePrimary() ? "the primary" : "its next nearest region");
    };
  }

  // ---------------------------------------------------------------- the fleet and its addresses

  /** An instance in service in {@code az} failed. */
  record InstanceFailed(String az) implements InfrastructureEvent {}

  /** A scheduled instance failure found no instance in service in {@code az}. */
  record NoInstanceToFail(String az) implements InfrastructureEvent {}

  /** Availability Zone {@code az} went down. */
  record AzOutage(String az) implements InfrastructureEvent {}

  /** Availability Zone {@code az} is back (its instances start registering again). */
  record AzBack(String az) implements InfrastructureEvent {}

  /** A spot instance in {@code az} got its two-minute interruption notice. */
  record SpotInterruption(String az) implements InfrastructureEvent {}

  /**
   * A scaling policy moved the Auto Scaling group's desired capacity; {@code reading} is the metric
   * that decided it, in words ("75% CPU", "1250 requests per target").
   */
  record DesiredCapacityChanged(int from, int to, String reading) implements InfrastructureEvent {}

  /** A scheduled action set the group's bounds and desired capacity. */
  record ScheduledActionApplied(int min, int max, int desired) implements InfrastructureEvent {}

  /** A rolling resize to {@code instanceType} began. */
  record ResizeStarted(String instanceType) implements InfrastructureEvent {}

  /** An operator remapped a dead instance's Elastic IP to a healthy instance. */
  record ElasticIpRemapped() implements InfrastructureEvent {}

  /** An instance's Route 53 record was removed (and the instance terminated). */
  record RecordRemoved(boolean terminated) implements InfrastructureEvent {}

  // ---------------------------------------------------------------- a queue's consumers

  /**
   * A queue's consumers stopped (a scheduled consumer outage) for {@code duration}: an incident,
   * the backlog grows until they are back.
   */
  record ConsumersStopped(java.time.Duration duration) implements InfrastructureEvent {}

  /** A queue's consumers are back after their outage (an incident's end). */
  record ConsumersBack() implements InfrastructureEvent {}

  /** A rolling deployment of a queue's workers started: a change an operator made. */
  record WorkerDeploymentStarted() implements Deployment {}

  /** A rolling resize of a queue's EC2 workers to {@code instanceType} started: a change. */
  record WorkerResizeStarted(String instanceType) implements InfrastructureEvent {}

  // ---------------------------------------------------------------- regions

  /**
   * Region {@code region} of the stage (the primary, or a DR or active-active region) went down.
   */
  record RegionLost(String region) implements InfrastructureEvent {}

  /** Region {@code region} is back. */
  record RegionBack(String region) implements InfrastructureEvent {}

  // ---------------------------------------------------------------- a rolling deployment's steps

  /** A step of a rolling deployment (an ECS service's, or an instance refresh): a change. */
  sealed interface Deployment extends InfrastructureEvent {}

  /** The deployment starts {@code starting} new units while {@code oldRunning} old ones run. */
  record DeploymentBatch(int starting, int oldRunning) implements Deployment {}

  /**
   * The deployment cannot start a unit: {@code minHealthy} must stay healthy and at most {@code
   * maxRunning} may run.
   */
  record DeploymentBlocked(int minHealthy, int maxRunning) implements Deployment {}

  /** Every unit runs the new version. */
  record DeploymentComplete() implements Deployment {}

  /** An AZ was lost under the deployment, which is abandoned (the service reconciles). */
  record DeploymentStopped() implements Deployment {}

  // ---------------------------------------------------------------- a region failover's moments

  /** A moment of a region failover (disaster recovery, or active-active regions): an incident. */
  sealed interface Failover extends InfrastructureEvent {}

  /** The secondary region {@code region} can serve (its standby is up). */
  record SecondaryReady(String region) implements Failover {}

  /** Route 53 sends the primary's clients to {@code region}: they start moving (over one TTL). */
  record ClientsMoving(String region) implements Failover {}

  /** Every client of the primary has moved to {@code region}. */
  record ClientsMoved(String region) implements Failover {}

  /** The secondary region {@code region} runs its full capacity. */
  record SecondaryAtFullCapacity(String region) implements Failover {}

  /** The secondary region {@code region}, serving nobody, was lost: no failover target. */
  record SecondaryLostUnused(String region) implements Failover {}

  /** Route 53 declared region {@code region} unhealthy: its users start moving away. */
  record RegionDeclaredUnhealthy(String region) implements Failover {}

  /**
   * Every client of region {@code region} has moved: to the primary ({@code toThePrimary}), or to
   * its next nearest region (active-active).
   */
  record RegionUsersMoved(String region, boolean toThePrimary) implements Failover {}
}
