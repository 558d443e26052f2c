package dev.archsim.engine.result;

import java.util.Objects;

/**
 * A figure of one tier of a stage that a trial counts (summed over the trial: the cache's hits, a
 * chain tier's requests served) or peaks (its largest value: the queue's backlog), typed by the
 * tier and the figure instead of a string built by concatenation. The result lists it in {@code
 * tiers.perTrial} or {@code tiers.peaks} under its {@link #name()}, {@code <tier>.<figure>} ({@code
 * cache.hits}, {@code tier.app.az-outage}, {@code region.eu-west-1.requests}): the one place the
 * name is written.
 *
 * <p>The owner of a figure declares it once, as a constant ({@code CacheComponent.HITS}) or, for a
 * tier known only in the scenario (a chain tier, a DR region), when its stage is made, and counts
 * through it; nothing builds a name at a call site.
 *
 * @param tier what the figure is of
 * @param figure the figure's own name, without a dot ({@code hits}, {@code served}, a failure
 *     cause's id)
 */
public record Metric(Tier tier, String figure) {
  public Metric {
    Objects.requireNonNull(tier, "tier");
    if (figure == null || figure.isEmpty() || figure.indexOf('.') >= 0) {
      throw new IllegalArgumentException("a metric's figure is a name without a dot: " + figure);
    }
  }

  /** The figure {@code figure} of the component tier {@code component} ({@code cache}, ...). */
  public static Metric of(String component, String figure) {
    return new Metric(Tier.component(component), figure);
  }

  /** The name the result lists the figure under: {@code <tier>.<figure>}. */
  public String name() {
    return tier.name() + "." + figure;
  }

  /**
   * A tier of the stage: a component's ({@code cache}, {@code queue}, {@code lambda}), a fleet's
   * ({@link #COMPUTE}, {@link #ECS}, {@link #WORKERS}, a {@link #chain} tier's) or a region's (the
   * requests each region of a failover served).
   *
   * @param name how the result names the tier (the prefix of its figures)
   */
  public record Tier(String name) {
    /** The stage's compute fleet (EC2 instances behind its entry). */
    public static final Tier COMPUTE = new Tier("compute");

    /** The stage's container service, when its compute tier is one. */
    public static final Tier ECS = new Tier("ecs");

    /** A queue's worker fleet. */
    public static final Tier WORKERS = new Tier("workers");

    /** The clients' sticky sessions. */
    public static final Tier SESSIONS = new Tier("sessions");

    /** The DR secondary region, whatever its name. */
    public static final Tier SECONDARY = new Tier("secondary");

    public Tier {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("a tier has a name");
      }
    }

    /**
     * A component's tier, by the component's name in the result ({@code cache}, {@code db}), or a
     * part of it ({@code efs.read}): names in lower camel case, parted by dots.
     */
    public static Tier component(String component) {
      if (component == null || !component.matches("[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)*")) {
        throw new IllegalArgumentException("a component's tier is a plain name: " + component);
      }
      return new Tier(component);
    }

    /** The chain tier named {@code tier} in the scenario ({@code tier.<name>}). */
    public static Tier chain(String tier) {
      return new Tier("tier." + tier);
    }

    /** The region {@code region} ({@code region.<name>}). */
    public static Tier region(String region) {
      return new Tier("region." + region);
    }

    /** The tier's figure {@code figure}. */
    public Metric metric(String figure) {
      return new Metric(this, figure);
    }

    /** The tier's figure {@code f}. */
    public Metric metric(FleetFigure f) {
      return new Metric(this, f.id);
    }

    /** The requests the tier failed with {@code cause} (the figure is the cause's id). */
    public Metric failed(FailureCause cause) {
      return new Metric(this, cause.id());
    }
  }

  /** The figures every fleet of instances or tasks reports (a tier of its own in the result). */
  public enum FleetFigure {
    /** Requests it served. */
    SERVED("served"),
    /** Rolling deployments it started. */
    DEPLOYMENTS("deployments"),
    /** Spot interruptions of its instances. */
    SPOT_INTERRUPTIONS("spotInterruptions"),
    /** Instance-hours a standard-mode burstable instance ran capped at its baseline. */
    CREDIT_CAPPED_HOURS("creditCappedHours"),
    /** Its most instances in service (a peak). */
    MAX_IN_SERVICE("maxInService");

    private final String id;

    FleetFigure(String id) {
      this.id = id;
    }
  }
}
