package dev.archsim.engine.sim;

/**
 * What happened to a stage's instances at a simulated time, as a typed record: the fleet, the
 * addresses and the Auto Scaling group report these ({@link SimulationListener#infrastructureEvent(
 * int, long, double, InfrastructureEvent)}); {@link #description()} is the line a timeline shows.
 */
public sealed interface InfrastructureEvent {
  /** The event in words ("instance failed in us-east-1a"). */
  String description();

  /** An instance in service in {@code az} failed. */
  record InstanceFailed(String az) implements InfrastructureEvent {
    @Override
    public String description() {
      return "instance failed in " + az;
    }
  }

  /** A scheduled instance failure found no instance in service in {@code az}. */
  record NoInstanceToFail(String az) implements InfrastructureEvent {
    @Override
    public String description() {
      return "scheduled instance failure in " + az + ": none in service";
    }
  }

  /** Availability Zone {@code az} went down. */
  record AzOutage(String az) implements InfrastructureEvent {
    @Override
    public String description() {
      return "AZ outage " + az;
    }
  }

  /** Availability Zone {@code az} is back. */
  record AzBack(String az) implements InfrastructureEvent {
    @Override
    public String description() {
      return "AZ back " + az;
    }
  }

  /**
   * Region {@code region} of the stage (the primary, or a DR or active-active region) went down.
   */
  record RegionLost(String region) implements InfrastructureEvent {
    @Override
    public String description() {
      return "region outage " + region;
    }
  }

  /** Region {@code region} is back. */
  record RegionBack(String region) implements InfrastructureEvent {
    @Override
    public String description() {
      return "region back " + region;
    }
  }

  /** A spot instance in {@code az} got its two-minute interruption notice. */
  record SpotInterruption(String az) implements InfrastructureEvent {
    @Override
    public String description() {
      return "spot interruption in " + az;
    }
  }

  /**
   * A scaling policy moved the Auto Scaling group's desired capacity; {@code reading} is the metric
   * that decided it, in words ("75% CPU", "1250 requests per target").
   */
  record DesiredCapacityChanged(int from, int to, String reading) implements InfrastructureEvent {
    @Override
    public String description() {
      return "auto scaling desired " + from + " -> " + to + " at " + reading;
    }
  }

  /** A scheduled action set the group's bounds and desired capacity. */
  record ScheduledActionApplied(int min, int max, int desired) implements InfrastructureEvent {
    @Override
    public String description() {
      return "scheduled action: min " + min + " max " + max + " desired " + desired;
    }
  }

  /** A rolling resize to {@code instanceType} began. */
  record ResizeStarted(String instanceType) implements InfrastructureEvent {
    @Override
    public String description() {
      return "resize to " + instanceType;
    }
  }

  /** An operator remapped a dead instance's Elastic IP to a healthy instance. */
  record ElasticIpRemapped() implements InfrastructureEvent {
    @Override
    public String description() {
      return "Elastic IP remapped";
    }
  }

  /** An instance's Route 53 record was removed (and the instance terminated). */
  record RecordRemoved(boolean terminated) implements InfrastructureEvent {
    @Override
    public String description() {
      return "record removed from DNS" + (terminated ? " and instance terminated" : "");
    }
  }
}
