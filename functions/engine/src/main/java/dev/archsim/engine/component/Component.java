package dev.archsim.engine.component;

import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Defaults;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.validate.Violation;
import java.util.List;

/**
 * An AWS component as one module: everything the engine knows about it, in one place. The
 * validator, the static analyzer, {@code archsim explain}, the work estimate and the trial engine
 * ask every registered component ({@link Components#all()}) rather than naming it, so adding a
 * component is writing one of these and registering it.
 *
 * <p>Every method but {@link #section()}, {@link #read}, {@link #config} and the two {@code
 * ...Without} is called only for a stage whose architecture has the component ({@code config(a) !=
 * null}), with that configuration.
 *
 * @param <C> the component's configuration record in the scenario model
 */
public interface Component<C> {
  /**
   * The property of {@code architecture} the component owns in the scenario JSON and its schema
   * (e.g. {@code "cache"}); every property of the schema's architecture is owned by one component.
   */
  String section();

  /**
   * Reads the component's section of a stage's architecture into its configuration, with the
   * defaults of the fields left out. The codec calls it for every registered component whose
   * section a stage has, after the JSON Schema has accepted the document (the lenient pass that
   * lists semantic problems beside schema ones calls it on documents the schema rejected: it must
   * not fail on a field of the wrong type, which reads as its default). The result is kept in the
   * architecture ({@link Architecture#part}).
   */
  C read(Section s);

  /**
   * The single-valued defaults of its section (what {@link #read} gives a field left out), each at
   * its JSON pointer in the schema, declared with {@link Defaults#section}; {@code
   * DefaultsTableTest} checks every one against the schema's {@code default} keywords, and fails on
   * a schema default no module lists.
   */
  default List<Defaults.Entry> defaults() {
    return List.of();
  }

  /** The component's configuration in a stage, or null when the stage has none. */
  default C config(Architecture a) {
    return a.part(this);
  }

  /**
   * Semantic rules of the section (the schema has checked its shape): each problem as a violation
   * at its JSON path under {@code path}, the section's path (e.g. {@code
   * $.stages[0].architecture.cache}).
   */
  void rules(C c, Architecture a, String path, List<Violation> out);

  /**
   * Bounds on the counts the engine allocates state for, checked before anything else so that an
   * absurd number is refused before it is used (e.g. at most 500 cache nodes).
   */
  default void bounds(C c, String path, List<Violation> out) {}

  /**
   * How many units of state a trial keeps for the component (nodes, replicas), for the estimate.
   */
  default double stateUnits(C c) {
    return 0;
  }

  /**
   * The {@code type}s of the scheduled faults it owns in the scenario JSON (e.g. {@code
   * "cache-node-failure"}), each read by {@link #readFault}; the schema's {@code scheduledFault}
   * has each.
   */
  default List<String> faultTypes() {
    return List.of();
  }

  /**
   * Reads a scheduled fault of one of its {@link #faultTypes} (its {@code type} and {@code at} are
   * in {@code s}; the schema has checked it). The record implements {@link Faults.ComponentFault},
   * and {@link #owns} is true of it.
   */
  default Faults.ScheduledFault readFault(Section s) {
    throw new IllegalArgumentException(section() + " owns no fault " + s.text("type"));
  }

  /** Whether the scheduled fault is this component's (then the methods below handle it). */
  default boolean owns(Faults.ScheduledFault f) {
    return false;
  }

  /**
   * Rules of an owned scheduled fault in a stage; {@code c} is null when the stage lacks the
   * component, which is usually the problem to report.
   */
  default void faultRules(Faults.ScheduledFault f, C c, String path, List<Violation> out) {}

  /** An owned scheduled fault in words, for {@code archsim explain} ("a cache node fails"). */
  default String describe(Faults.ScheduledFault f) {
    throw new IllegalArgumentException(section() + " does not own " + f);
  }

  /**
   * The price-book keys the component owns: the services it alone bills (its own constants, e.g.
   * {@code "nat-gateway.hour"}), each a row of the shipped price book with its unit, source and
   * date. {@code PriceKeysTest} reads every module's and checks each is priced with its source, so
   * a new component names its keys here rather than in the catalog. The keys the catalog reads
   * itself (instances, database and cache classes, Fargate sizes) are not listed.
   */
  default List<String> priceKeys() {
    return List.of();
  }

  /**
   * The price-book items its costs use, in the order it bills them (the stage's price sheet shows
   * each price with its source, and which are missing).
   */
  void prices(C c, Architecture a, PriceList out);

  /**
   * {@link #prices(Object, Architecture, PriceList)} in a stage with these scheduled faults, for a
   * component whose faults bill something of their own (a resize bills the type it moves to).
   */
  default void prices(C c, Architecture a, Faults faults, PriceList out) {
    prices(c, a, out);
  }

  /**
   * Static findings (single points of failure, quotas, posture) of the component in a stage of a
   * scenario, in the order they should be listed.
   */
  void findings(C c, Scenario scenario, Stage stage, List<Finding> out);

  /**
   * Findings that need the stage's simulated bill (what a line costs against the whole stage), in a
   * run's results after the static findings; {@code archsim explain}, which simulates nothing,
   * cannot list them.
   */
  default void billFindings(
      C c,
      Scenario scenario,
      Stage stage,
      dev.archsim.engine.findings.Bill bill,
      List<Finding> out) {}

  /**
   * The compute tier the component brings, when it is the stage's compute (a container service's
   * tasks, run on the engine's fleet); null for the others. The codec sets it as the stage's {@code
   * compute} when the stage has no compute section.
   */
  default dev.archsim.engine.model.ComputeTier computeTier(C c, List<String> azs) {
    return null;
  }

  /**
   * Findings of a stage that lacks the component (everything in one region without a recovery
   * plan); called instead of {@link #findings} there.
   */
  default void findingsWithout(Scenario scenario, Stage stage, List<Finding> out) {}

  /**
   * Semantic rules of a stage that lacks the component, for what the rest of the stage needs it for
   * (private instances whose requests call out of the VPC need a NAT gateway), each problem as a
   * violation; {@code path} is the stage's architecture ({@code $.stages[0].architecture}). It gets
   * the scenario because such a rule may depend on the stage's workload.
   */
  default void rulesWithout(Scenario scenario, Stage stage, String path, List<Violation> out) {}

  /** Well-Architected checks the component answers on its own. */
  default void checks(C c, Architecture a, List<PillarCheck> out) {}

  /**
   * {@link #checks(Object, Architecture, List)} in a stage of a scenario, for checks that depend on
   * the stage's workload or faults (the fleet's peak CPU, its automatic recovery).
   */
  default void checks(C c, Scenario scenario, Stage stage, List<PillarCheck> out) {
    checks(c, stage.architecture(), out);
  }

  /** Well-Architected checks it answers in a stage that lacks it (as not met). */
  default void checksWithout(Architecture a, List<PillarCheck> out) {}

  /** The component in words for {@code archsim explain}: at least one line. */
  List<String> explain(C c, Architecture a, Workload w);

  /**
   * Its boxes in the architecture diagram of a stage, with their arrows: where on the request path
   * each sits ({@link DiagramNode.Place}), its column and lane, whether the path goes on from it,
   * and its arrows to the nodes in front of it ({@link DiagramNode#FRONT}), to the compute tier or
   * the tier the data is reached from, or to another component's node by its key. The report lays
   * out what the modules give ({@code Diagram}); {@code DiagramTest} fails for a component present
   * in a library stage without a node, and {@code DiagramGoldenTest} holds every library stage's
   * picture.
   */
  default List<DiagramNode> diagram(C c, Architecture a, Workload w) {
    return List.of();
  }

  /**
   * The regions its diagram nodes sit in other than the stage's ({@link DiagramNode#region}), each
   * with the note of its label (e.g. "DR, pilot-light"), and a note for the stage's own region when
   * it has one to add (which share of the users it is nearest for).
   */
  default List<DiagramNode.Region> diagramRegions(C c, Architecture a, Workload w) {
    return List.of();
  }

  /**
   * The component's stage of the request path for one trial, holding its state (nodes up, warming,
   * backlog) for that trial only; null when the engine's fleet keeps the component's trial state
   * with the instances (the entry's health checks and client binding, decision 020), so that it has
   * no stage of its own.
   */
  PathStage stage(C c, TrialContext trial);
}
