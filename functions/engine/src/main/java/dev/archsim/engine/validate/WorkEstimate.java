package dev.archsim.engine.validate;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.component.Components;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * How much simulating a scenario costs, estimated from the scenario alone before any trial runs, in
 * <em>work units</em>. The units follow the engine's structure, not a stopwatch: a trial is a queue
 * of infrastructure events with traffic integrated between them, so its cost is
 *
 * <pre>
 *   events × (EVENT + topology state + segment) + traffic steps × segment
 *   + set-up state + simulated requests × (REQUEST + vCPUs [+ instances with least
 *     outstanding requests])   (request mode only)
 *   where segment = SEGMENT + topology state + data state
 * </pre>
 *
 * where one unit is one visit of one piece of engine state: an event taken off and put on the
 * queue, a traffic segment's serving and billing, an Availability Zone's counts (behind a load
 * balancer), one instance's address (Elastic IPs and Route 53 records: every handler and every
 * segment walks all of them), a cache node, a read replica, a user region, a simulated request.
 *
 * <p>Events a trial takes: instance failures (instances × horizon / MTBF, four events each:
 * failure, detection, replacement or repair, back in service), spot interruptions (spot instances ×
 * interruptions per month × months), AZ outages (rate × years × AZs, two events plus one per
 * instance re-registering), region outages, database failures, scheduled faults, Auto Scaling's
 * one-minute evaluations and scheduled actions. Traffic segments: one per event, and one per step
 * when the traffic varies (a daily pattern, Auto Scaling, CPU credits); with Route 53 records every
 * change of a record moves the clients over its TTL in up to 20 finer steps. Request mode adds
 * every request (peak rate × horizon, as arrivals are drawn) on its instance's vCPUs, and the free
 * time of every vCPU of the fleet.
 *
 * <p>The estimate is an upper-leaning approximation (an Auto Scaling group counts at its maximum);
 * it exists to refuse scenarios that would hold a machine for hours, not to predict run times.
 */
public record WorkEstimate(double total, List<StageWork> stages) {

  /** An event: off the queue, its handler, and what it schedules back onto the queue. */
  static final double EVENT = 4;

  /** A traffic segment: offered load, billing, the serving unit's queue and latency mass. */
  static final double SEGMENT = 4;

  /** A simulated request in request mode, besides the scan of its instance's vCPUs. */
  static final double REQUEST = 2;

  /** Events of one instance failure: failure, detection, replacement or repair, in service. */
  static final double EVENTS_PER_FAILURE = 4;

  /** The finer steps of one move of clients between Route 53 records (TTL / 20, at least 1 s). */
  static final double STEPS_PER_DNS_MOVE = 20;

  private static final double HOUR = 3600;
  private static final double YEAR = 365 * 86_400.0;
  private static final double MONTH = 730 * HOUR;

  /**
   * The work of one stage.
   *
   * @param perTrial units of one trial
   * @param terms what the units are spent on, largest first
   */
  public record StageWork(int index, String name, int trials, double perTrial, List<Term> terms) {
    public double total() {
      return perTrial * trials;
    }
  }

  /**
   * One part of a trial's work.
   *
   * @param path where the scenario sets what drives it
   * @param what the driver in the user's terms, e.g. "instance failures: 100000 instances × 720 h /
   *     mtbfHours 1"
   * @param count how many (events, segments or requests) a trial takes
   * @param units what they cost
   */
  public record Term(String path, String what, double count, double units) {}

  /**
   * The terms with the most units first (a stable sort keeps equal ones in order). A class rather
   * than a comparator built of lambdas: each lambda's class is spun at its first call, and every
   * command that reads a scenario estimates its work.
   */
  private static final Comparator<Term> MOST_UNITS_FIRST =
      new Comparator<>() {
        @Override
        public int compare(Term a, Term b) {
          return Double.compare(b.units(), a.units());
        }
      };

  /** Estimates the work of every stage of the scenario; invalid numbers count as nothing. */
  public static WorkEstimate of(Scenario scenario) {
    List<StageWork> stages = new ArrayList<>();
    double total = 0;
    for (int i = 0; i < scenario.stages().size(); i++) {
      StageWork w = stage(scenario, i);
      stages.add(w);
      total += w.total();
    }
    return new WorkEstimate(total, List.copyOf(stages));
  }

  /**
   * An error when the estimate exceeds {@code maxWork}: the estimate, the budget, and the stage and
   * driver that cost most, at that driver's path. Empty within the budget.
   */
  public List<Violation> check(double maxWork) {
    if (!(total > maxWork)) {
      return List.of();
    }
    StageWork worst = stages.get(0);
    for (StageWork s : stages) {
      if (Double.compare(s.total(), worst.total()) > 0) {
        worst = s;
      }
    }
    Term top = worst.terms().isEmpty() ? null : worst.terms().get(0);
    String path = top != null ? top.path() : "$.stages[" + worst.index() + "]";
    StringBuilder m = new StringBuilder();
    m.append(
        String.format(
            Locale.ROOT,
            "the simulation is estimated at %s work units, over the budget of %s"
                + " (--max-work, or archsim.max-work on the API); stage '%s' takes %s units a"
                + " trial × %d trials",
            units(total),
            units(maxWork),
            worst.name(),
            units(worst.perTrial()),
            worst.trials()));
    if (top != null) {
      m.append(
          String.format(
              Locale.ROOT,
              ", %.0f%% of them for %s ≈ %s a trial",
              100 * top.units() / worst.perTrial(),
              top.what(),
              units(top.count())));
    }
    m.append("; fewer trials, a shorter horizon, a coarser step or rarer faults reduce it");
    return List.of(Violation.error(path, m.toString()));
  }

  /** A count in a short form: 4.3e+08. */
  public static String units(double v) {
    return String.format(Locale.ROOT, "%.2g", v);
  }

  // ------------------------------------------------------------------ one stage

  private static StageWork stage(Scenario scenario, int index) {
    Stage stage = scenario.stage(index);
    RunSettings run = scenario.run();
    String sp = "$.stages[" + index + "]";
    String fp = stage.faults() != null ? sp + ".faults" : "$.faults";
    Architecture a = stage.architecture();
    Faults f = scenario.faultsOf(stage);
    Workload w = scenario.workloadOf(stage);
    double horizon = positive(run.horizonSeconds());
    double hours = horizon / HOUR;
    int azs = Math.max(1, a.azs().size());
    ComputeTier c = a.compute();
    ComputeTier.AutoScaling asg = c == null ? null : c.autoScaling();
    double instances =
        c == null ? 0 : Math.max(c.totalInstances(), asg == null ? 0 : Math.max(0, asg.max()));
    boolean perAddress = c != null && !(a.entry() instanceof Entry.LoadBalancer);
    double topology = c == null ? 1 : perAddress ? instances : azs;
    double components = 0;
    for (Components.Present<?> p : Components.in(a)) {
      components += p.stateUnits();
    }
    double data = components + (w == null ? 1 : Math.max(1, w.users().size()));
    double segment = SEGMENT + topology + data;
    // an event is handled, and ends the traffic segment before it
    double event = EVENT + topology + segment;

    List<Term> terms = new ArrayList<>();
    double events = 0;
    double dnsSegments = 0;
    Entry.Route53 dns = a.entry() instanceof Entry.Route53 r ? r : null;

    if (f.instance() != null && c != null && f.instance().mtbfHours() > 0) {
      double failures = instances * hours / f.instance().mtbfHours();
      double e = failures * EVENTS_PER_FAILURE;
      events += e;
      terms.add(
          new Term(
              fp + ".instance.mtbfHours",
              String.format(
                  Locale.ROOT,
                  "instance failures (%s instances × %s h / mtbfHours %s)",
                  num(instances),
                  num(hours),
                  num(f.instance().mtbfHours())),
              failures,
              e * event));
      if (dns != null) {
        // the record is removed, then added back: two moves of the clients, each in finer steps
        dnsSegments += failures * 2 * Math.min(STEPS_PER_DNS_MOVE, Math.max(1, dns.ttlSeconds()));
      }
    }
    if (c != null && c.purchase() != null && c.purchase().spot() != null && asg != null) {
      ComputeTier.Spot s = c.purchase().spot();
      double spot = finite(s.share()) * Math.max(0, instances - Math.max(0, s.onDemandBase()));
      double interruptions = spot * positive(s.interruptionsPerMonth()) * horizon / MONTH;
      double e = interruptions * EVENTS_PER_FAILURE;
      events += e;
      terms.add(
          new Term(
              sp + ".architecture.compute.purchase.spot.interruptionsPerMonth",
              String.format(
                  Locale.ROOT,
                  "spot interruptions (%s spot instances × %s a month × %s months)",
                  num(spot),
                  num(s.interruptionsPerMonth()),
                  num(horizon / MONTH)),
              interruptions,
              e * event));
    }
    if (f.az() != null && f.az().ratePerYear() > 0) {
      double outages = positive(f.az().ratePerYear()) * horizon / YEAR * azs;
      double e = outages * (2 + instances / azs);
      events += e;
      terms.add(
          new Term(
              fp + ".az.ratePerYear",
              String.format(
                  Locale.ROOT,
                  "AZ outages (ratePerYear %s × %s years × %d AZs)",
                  num(f.az().ratePerYear()),
                  num(horizon / YEAR),
                  azs),
              outages,
              e * event));
    }
    if (f.region() != null && f.region().ratePerYear() > 0) {
      // each region of the stage fails on its own clock
      int regions = 1 + (a.dr() == null ? 0 : a.dr().regions().size());
      double outages = positive(f.region().ratePerYear()) * horizon / YEAR * regions;
      double e = outages * 4;
      events += e;
      terms.add(
          new Term(
              fp + ".region.ratePerYear",
              String.format(
                  Locale.ROOT,
                  "region outages (ratePerYear %s × %s years × %d regions)",
                  num(f.region().ratePerYear()),
                  num(horizon / YEAR),
                  regions),
              outages,
              e * event));
    }
    if (f.database() != null && f.database().mtbfHours() > 0) {
      double failures = hours / f.database().mtbfHours();
      double e = failures * 2;
      events += e;
      terms.add(
          new Term(
              fp + ".database.mtbfHours",
              String.format(
                  Locale.ROOT,
                  "database failures (%s h / mtbfHours %s)",
                  num(hours),
                  num(f.database().mtbfHours())),
              failures,
              e * event));
    }
    if (!f.scheduled().isEmpty()) {
      double e = 0;
      for (Faults.ScheduledFault s : f.scheduled()) {
        e +=
            switch (s) {
              case Faults.Resize r -> 2 + 2 * instances;
              case Faults.AzOutage o -> 2 + instances / azs;
              default -> 2;
            };
        if (s instanceof Faults.DnsRemoval && dns != null) {
          dnsSegments += Math.min(STEPS_PER_DNS_MOVE, Math.max(1, dns.ttlSeconds()));
        }
      }
      events += e;
      terms.add(
          new Term(
              fp + ".scheduled",
              f.scheduled().size() + " scheduled faults",
              f.scheduled().size(),
              e * event));
    }
    if (asg != null) {
      double ticks = horizon / 60;
      double actions = 0;
      for (ComputeTier.ScheduledAction s : asg.scheduled()) {
        actions += s.daily() ? Math.ceil(horizon / 86_400) : 1;
      }
      double e = ticks + actions;
      events += e;
      terms.add(
          new Term(
              sp + ".architecture.compute.autoScaling",
              String.format(
                  Locale.ROOT,
                  "Auto Scaling evaluations (one a minute over %s h, up to %s instances)",
                  num(hours),
                  num(instances)),
              e,
              e * (event + asg.policies().size())));
    }

    boolean varies =
        (w != null && !w.pattern().isConstant())
            || asg != null
            || (c != null
                && Catalog.instanceType(c.instanceType()).orElse(null) instanceof InstanceType t
                && t.burstable());
    double step = positive(run.stepSeconds());
    double steps = varies && step > 0 ? horizon / step : 0;
    double segments = steps + 1;
    terms.add(
        new Term(
            "$.run.step",
            String.format(
                Locale.ROOT,
                "traffic steps (horizon %s h / step %s s, each over %s pieces of state)",
                num(hours),
                num(step),
                num(topology + data)),
            segments,
            segments * segment));
    if (dnsSegments > 0) {
      terms.add(
          new Term(
              sp + ".architecture.entry.ttlSeconds",
              "clients moving between Route 53 records (up to 20 finer steps over each TTL)",
              dnsSegments,
              dnsSegments * segment));
    }

    if (run.mode() == RunSettings.Mode.REQUESTS && w != null && c != null) {
      double requests =
          positive(w.requestsPerSecond()) * w.pattern().maxFactor(0, horizon) * horizon;
      int vcpu =
          Catalog.instanceType(c.instanceType()).orElse(null) instanceof InstanceType t
              ? t.vcpu()
              : 1;
      // least outstanding requests looks at every instance's requests in flight per request
      boolean leastOutstanding =
          a.entry() instanceof Entry.LoadBalancer lb
              && lb.algorithm() == Entry.LoadBalancer.Algorithm.LEAST_OUTSTANDING_REQUESTS;
      terms.add(
          new Term(
              stage.workload() != null
                  ? sp + ".workload.requestsPerSecond"
                  : "$.workload.requestsPerSecond",
              String.format(
                  Locale.ROOT,
                  "simulated requests (%s a second at peak × %s s, request mode)",
                  num(w.requestsPerSecond() * w.pattern().maxFactor(0, horizon)),
                  num(horizon)),
              requests,
              requests * (REQUEST + vcpu + (leastOutstanding ? instances : 0)) + instances * vcpu));
    }
    terms.add(
        new Term(
            sp + ".architecture",
            "setting up each trial's instances and cache nodes",
            instances + components,
            instances + components));

    double perTrial = 0;
    for (Term t : terms) {
      perTrial += t.units();
    }
    terms.sort(MOST_UNITS_FIRST);
    return new StageWork(
        index, stage.name(), Math.max(0, run.trials()), perTrial, List.copyOf(terms));
  }

  private static double positive(double v) {
    return v > 0 && Double.isFinite(v) ? v : 0;
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
  }

  private static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e7) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
