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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The registry: every AWS component the engine models, once, in request-path order (edge, entry,
 * compute, cache, queue, database), then the components around the path (region failover). Adding a
 * component is one line here.
 *
 * <p>A component whose trial state the engine's fleet keeps (the compute tier, the entry in front
 * of it) has no {@link PathStage} of its own: its {@link Component#stage} is null, and the trial
 * engine leaves it out of the path's stages.
 */
public final class Components {
  /** The stages of the request path, in path order. */
  private static final List<Component<?>> PATH =
      List.of(
          new WafComponent(),
          new CdnComponent(),
          new EntryComponent(),
          new ComputeComponent(),
          new FunctionsComponent(),
          new EcsComponent(),
          new ChainComponent(),
          new NatComponent(),
          new VpcEndpointsComponent(),
          new FileSystemComponent(),
          new CacheComponent(),
          new S3StorageComponent(),
          new CloudWatchComponent(),
          new DatabaseComponent(),
          new QueueComponent());

  /**
   * Around the path: region failover, listed after every tier of the path (its prices, findings,
   * checks and explain lines come after the database's and the queue's).
   */
  private static final List<Component<?>> AROUND = List.of(new DisasterRecoveryComponent());

  private static final List<Component<?>> ALL = concat(PATH, AROUND);

  /**
   * The path's components in the order a stage's results list them (its price sheet, findings and
   * Well-Architected checks): the compute tier and the entry in front of it first, where results
   * have always listed them, then the others in path order.
   */
  private static final List<Component<?>> LISTED = listed(PATH);

  // the two lists built by loops rather than streams: each lambda's class is spun at its first
  // call, and every command that reads a scenario loads this class
  private static List<Component<?>> concat(List<Component<?>> a, List<Component<?>> b) {
    List<Component<?>> out = new ArrayList<>(a);
    out.addAll(b);
    return List.copyOf(out);
  }

  private static List<Component<?>> listed(List<Component<?>> path) {
    List<Component<?>> out = new ArrayList<>();
    for (Component<?> c : path) {
      if (c instanceof ComputeComponent) {
        out.add(c);
      }
    }
    for (Component<?> c : path) {
      if (c instanceof EntryComponent) {
        out.add(c);
      }
    }
    for (Component<?> c : path) {
      if (!(c instanceof ComputeComponent || c instanceof EntryComponent)) {
        out.add(c);
      }
    }
    return List.copyOf(out);
  }

  private Components() {}

  /** Every registered component: the path's in path order, then those around it. */
  public static List<Component<?>> all() {
    return ALL;
  }

  /** The components of the request path, in path order. */
  public static List<Component<?>> onThePath() {
    return PATH;
  }

  /**
   * The components of the request path in the order a stage's results list them: the compute tier,
   * its entry, then the rest in path order.
   */
  public static List<Component<?>> listed() {
    return LISTED;
  }

  /**
   * The sections a stage without an entry may have (docs/decisions/025): the queue that producers
   * outside the stage feed, and what its consumers use (the database they write to, S3,
   * CloudWatch).
   */
  private static final List<String> WITHOUT_AN_ENTRY =
      List.of("queue", "database", "s3", "cloudWatch");

  /** The sections a stage without an entry may have, in path order. */
  public static List<String> withoutAnEntry() {
    return WITHOUT_AN_ENTRY;
  }

  /** The components around the request path (region failover). */
  public static List<Component<?>> aroundThePath() {
    return AROUND;
  }

  /**
   * The one dispatch over components in a stage: {@code present} for each of {@code which} the
   * stage has (with its configuration, typed together), {@code absent} for each it lacks, in the
   * order of {@code which}. The findings, the rules and the Well-Architected checks of a stage are
   * each this walk with their hook and its {@code ...Without} counterpart.
   */
  public static void each(
      List<Component<?>> which,
      Architecture a,
      Consumer<Present<?>> present,
      Consumer<Component<?>> absent) {
    for (Component<?> c : which) {
      Present<?> p = Present.of(c, a);
      if (p != null) {
        present.accept(p);
      } else {
        absent.accept(c);
      }
    }
  }

  /**
   * The findings of {@code which} components in a stage: {@link Component#findings} of those it
   * has, {@link Component#findingsWithout} of the others.
   */
  public static void findings(
      List<Component<?>> which, Scenario scenario, Stage stage, List<Finding> out) {
    each(
        which,
        stage.architecture(),
        p -> p.findings(scenario, stage, out),
        c -> c.findingsWithout(scenario, stage, out));
  }

  /**
   * {@link Component#rulesWithout} of every registered component a stage lacks, at the stage's
   * architecture path.
   */
  public static void rulesWithout(
      Scenario scenario, Stage stage, String architecturePath, List<Violation> out) {
    each(
        ALL,
        stage.architecture(),
        p -> {},
        c -> c.rulesWithout(scenario, stage, architecturePath, out));
  }

  /** The Well-Architected checks of {@code which} components in a stage, present or not. */
  public static void checks(List<Component<?>> which, Architecture a, List<PillarCheck> out) {
    each(which, a, p -> p.checks(a, out), c -> c.checksWithout(a, out));
  }

  /**
   * The Well-Architected checks of {@code which} components in a stage of a scenario: {@link
   * Component#checks(Object, Scenario, Stage, List)} of those it has, {@link
   * Component#checksWithout} of the others (a stage serving the internet without AWS WAF).
   */
  public static void checks(
      List<Component<?>> which, Scenario scenario, Stage stage, List<PillarCheck> out) {
    Architecture a = stage.architecture();
    each(which, a, p -> p.checks(scenario, stage, out), c -> c.checksWithout(a, out));
  }

  /**
   * Every single-valued default of the scenario format: the table of the sections that are not
   * modules ({@link Defaults#table()}) and each module's ({@link Component#defaults}).
   */
  public static List<Defaults.Entry> defaults() {
    List<Defaults.Entry> out = new ArrayList<>(Defaults.table());
    ALL.forEach(c -> out.addAll(c.defaults()));
    return out;
  }

  /** The component that reads the scheduled faults of a {@code type} from JSON, if one does. */
  public static Optional<Component<?>> readerOf(String faultType) {
    for (Component<?> c : ALL) {
      if (c.faultTypes().contains(faultType)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The component owning a scheduled fault, if one does. */
  public static Optional<Component<?>> owner(Faults.ScheduledFault f) {
    for (Component<?> c : ALL) {
      if (c.owns(f)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * Rules of a scheduled fault owned by a component, in a stage with architecture {@code a}
   * (nothing when no component owns it).
   */
  public static void faultRules(
      Faults.ScheduledFault f, Architecture a, String path, List<Violation> out) {
    Component<?> c = owner(f).orElse(null);
    if (c != null) {
      faultRules(c, f, a, path, out);
    }
  }

  private static <C> void faultRules(
      Component<C> c, Faults.ScheduledFault f, Architecture a, String path, List<Violation> out) {
    c.faultRules(f, c.config(a), path, out);
  }

  /**
   * The components present in a stage with their configuration, in path order. A present component
   * with its configuration keeps the two typed together for the calls below.
   */
  public static List<Present<?>> in(Architecture a) {
    return in(a, ALL);
  }

  /** The {@code which} components present in a stage, with their configuration. */
  public static List<Present<?>> in(Architecture a, List<Component<?>> which) {
    List<Present<?>> out = new ArrayList<>();
    each(which, a, out::add, c -> {});
    return out;
  }

  /** A component present in a stage, with its configuration there. */
  public record Present<C>(Component<C> component, C config) {
    static <C> Present<C> of(Component<C> component, Architecture a) {
      C c = component.config(a);
      return c == null ? null : new Present<>(component, c);
    }

    /** {@link Component#rules} at the section under {@code architecturePath}. */
    public void rules(Architecture a, String architecturePath, List<Violation> out) {
      component.rules(config, a, architecturePath + "." + component.section(), out);
    }

    /** {@link Component#bounds} at the section under {@code architecturePath}. */
    public void bounds(String architecturePath, List<Violation> out) {
      component.bounds(config, architecturePath + "." + component.section(), out);
    }

    public double stateUnits() {
      return component.stateUnits(config);
    }

    public void prices(Architecture a, PriceList out) {
      component.prices(config, a, out);
    }

    /** {@link Component#prices} in a stage with these scheduled faults. */
    public void prices(Architecture a, Faults faults, PriceList out) {
      component.prices(config, a, faults, out);
    }

    public void findings(Scenario scenario, Stage stage, List<Finding> out) {
      component.findings(config, scenario, stage, out);
    }

    public void checks(Architecture a, List<PillarCheck> out) {
      component.checks(config, a, out);
    }

    /** {@link Component#billFindings} in a stage whose simulated bill is {@code bill}. */
    public void billFindings(
        Scenario scenario, Stage stage, dev.archsim.engine.findings.Bill bill, List<Finding> out) {
      component.billFindings(config, scenario, stage, bill, out);
    }

    /** {@link Component#checks} in a stage of a scenario. */
    public void checks(Scenario scenario, Stage stage, List<PillarCheck> out) {
      component.checks(config, scenario, stage, out);
    }

    public List<String> explain(Architecture a, Workload w) {
      return component.explain(config, a, w);
    }

    /** {@link Component#diagram}: its boxes in the stage's architecture diagram. */
    public List<DiagramNode> diagram(Architecture a, Workload w) {
      return component.diagram(config, a, w);
    }

    /** {@link Component#diagramRegions}: the regions its boxes sit in, with their notes. */
    public List<DiagramNode.Region> diagramRegions(Architecture a, Workload w) {
      return component.diagramRegions(config, a, w);
    }

    public PathStage stage(TrialContext trial) {
      return component.stage(config, trial);
    }
  }
}
