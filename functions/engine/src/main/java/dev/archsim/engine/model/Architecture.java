package dev.archsim.engine.model;

import dev.archsim.engine.component.Component;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where the system runs and how requests reach it. A stage with an entry has exactly one of {@code
 * compute} (EC2 or Fargate instances) and {@code functions} (Lambda behind API Gateway); a stage
 * without one is fed through its queue and has neither (the validator says so when it has); the
 * other tiers are optional (absent when the stage has none).
 *
 * <p>The components that are modules ({@link dev.archsim.engine.component.Components}) keep their
 * configuration in {@code parts}, by the section they own ({@code "cache"}), each the record their
 * {@link Component#read} returned: {@link #part(Component)} reads one typed, {@link
 * #with(Component, Object)} copies the architecture with one set or removed, so a new component
 * adds no field here.
 *
 * @param parts the module components' configurations by section (absent ones are not keys)
 */
public record Architecture(String region, List<String> azs, Map<String, Object> parts) {
  /** The section of the entry (a module). */
  private static final String ENTRY = "entry";

  /** The section of the compute tier (a module). */
  private static final String COMPUTE = "compute";

  /** The section of the Lambda functions, the compute of a stage without a compute tier. */
  private static final String FUNCTIONS = "functions";

  /** The section of the database (a module). */
  private static final String DATABASE = "database";

  /** The section of disaster recovery (a module). */
  private static final String DR = "dr";

  /** The section of the queue (a module). */
  private static final String QUEUE = "queue";

  public Architecture {
    Objects.requireNonNull(region, "region");
    azs = List.copyOf(azs);
    TreeMap<String, Object> present = new TreeMap<>();
    for (Map.Entry<String, Object> e : parts.entrySet()) {
      if (e.getValue() != null) {
        present.put(e.getKey(), e.getValue());
      }
    }
    parts = Collections.unmodifiableMap(present);
    if (parts.get(COMPUTE) != null && parts.get(FUNCTIONS) != null) {
      throw new IllegalArgumentException("at most one of compute and functions may be set");
    }
    if (parts.get(ENTRY) != null && parts.get(COMPUTE) == null && parts.get(FUNCTIONS) == null) {
      throw new IllegalArgumentException("a stage with an entry needs compute or functions");
    }
  }

  /**
   * An architecture with the entry and the compute tier given positionally, as before they became
   * modules: they go into {@code parts} like every module's configuration.
   */
  public Architecture(
      String region,
      List<String> azs,
      Entry entry,
      ComputeTier compute,
      Map<String, Object> parts) {
    this(region, azs, plus(plus(parts, ENTRY, entry), COMPUTE, compute));
  }

  /**
   * An architecture with the database given beside the other sections that are not modules, as
   * before the database became one: it goes into {@code parts} like every module's configuration.
   */
  public Architecture(
      String region,
      List<String> azs,
      Entry entry,
      ComputeTier compute,
      Database database,
      AsyncQueue queue,
      DisasterRecovery dr,
      Map<String, Object> parts) {
    this(
        region,
        azs,
        entry,
        compute,
        plus(plus(plus(parts, DATABASE, database), QUEUE, queue), DR, dr));
  }

  /**
   * An architecture with the queue and disaster recovery given positionally, as before they became
   * modules: they go into {@code parts} like every module's configuration.
   */
  public Architecture(
      String region,
      List<String> azs,
      Entry entry,
      ComputeTier compute,
      AsyncQueue queue,
      DisasterRecovery dr,
      Map<String, Object> parts) {
    this(region, azs, entry, compute, plus(plus(parts, QUEUE, queue), DR, dr));
  }

  private static Map<String, Object> plus(Map<String, Object> parts, String section, Object c) {
    if (c == null) {
      return parts;
    }
    TreeMap<String, Object> out = new TreeMap<>(parts);
    out.put(section, c);
    return out;
  }

  /** A compute-only architecture (no data tier, edge, queue, DR or other component). */
  public Architecture(String region, List<String> azs, Entry entry, ComputeTier compute) {
    this(region, azs, entry, compute, Map.of());
  }

  /** A serverless architecture: Lambda functions behind the entry, no other component. */
  public Architecture(String region, List<String> azs, Entry entry, Functions functions) {
    this(region, azs, entry, null, Map.of(FUNCTIONS, functions));
  }

  /** The configuration of a module component in this architecture, or null when it has none. */
  @SuppressWarnings("unchecked") // with() is the only way in, and it keys each by its component
  public <C> C part(Component<C> component) {
    return (C) parts.get(component.section());
  }

  /** A copy with the component's configuration set to {@code config} (removed when null). */
  public <C> Architecture with(Component<C> component, C config) {
    TreeMap<String, Object> changed = new TreeMap<>(parts);
    changed.put(component.section(), config);
    return new Architecture(region, azs, changed);
  }

  /** A copy with disaster recovery set (removed when null). */
  public Architecture withDr(DisasterRecovery newDr) {
    TreeMap<String, Object> changed = new TreeMap<>(parts);
    changed.put(DR, newDr);
    return new Architecture(region, azs, changed);
  }

  public boolean serverless() {
    return compute() == null;
  }

  /** The compute tier (EC2 or Fargate instances), or null when Lambda functions serve the stage. */
  public ComputeTier compute() {
    return (ComputeTier) parts.get(COMPUTE);
  }

  // The components that were fields before the modules kept their configuration in parts: typed
  // shorthands for their callers. A new component needs none (a.part(component)).

  /**
   * How requests reach the stage; null for a stage without an entry, whose workload producers
   * outside it send to its queue (docs/decisions/025).
   */
  public Entry entry() {
    return (Entry) parts.get(ENTRY);
  }

  public Functions functions() {
    return (Functions) parts.get(FUNCTIONS);
  }

  public Cdn cdn() {
    return (Cdn) parts.get("cdn");
  }

  public Database database() {
    return (Database) parts.get(DATABASE);
  }

  public Cache cache() {
    return (Cache) parts.get("cache");
  }

  public NatGateways natGateways() {
    return (NatGateways) parts.get("natGateways");
  }

  public VpcEndpoints vpcEndpoints() {
    return (VpcEndpoints) parts.get("vpcEndpoints");
  }

  public CloudWatch cloudWatch() {
    return (CloudWatch) parts.get("cloudWatch");
  }

  public Waf waf() {
    return (Waf) parts.get("waf");
  }

  public DisasterRecovery dr() {
    return (DisasterRecovery) parts.get(DR);
  }

  public S3Storage s3() {
    return (S3Storage) parts.get("s3");
  }

  public AsyncQueue queue() {
    return (AsyncQueue) parts.get(QUEUE);
  }
}
