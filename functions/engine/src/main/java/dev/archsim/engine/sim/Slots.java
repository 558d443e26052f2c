package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.result.FailureCause;

/**
 * Instances reached by their own address: an Elastic IP each, or a Route 53 record each. Clients
 * are bound to one address, so every instance is a slot with its own share of the clients; these
 * entries are limited to a few hundred instances.
 *
 * <p>With Elastic IPs every slot keeps 1/N of the clients; while its instance is down they fail
 * ({@code eip-instance-down}) unless an operator remaps the address to a healthy instance. With
 * Route 53 a client keeps its cached answer for up to the TTL (cache ages spread evenly), so after
 * a record is removed or added the slot's share of clients moves linearly over one TTL; requests
 * still sent to a dead address fail as {@code dns-stale}.
 */
final class Slots implements TrialSimulation.Topology {
  /** What an instance behind its address is doing. */
  private enum State {
    /** In service. */
    UP,
    /** Failed, until it is repaired or replaced. */
    FAILED,
    /** Stopped for a resize. */
    STOPPED,
    /** Down with its AZ. */
    AZ_DOWN,
    /** Removed from DNS and terminated: gone for the rest of the trial. */
    TERMINATED
  }

  private final TrialSimulation sim;
  private final Entry.ElasticIps eips;
  private final Entry.Route53 dns;
  private final Slot[] slots;
  private final TrialSimulation.CountStats stats = new TrialSimulation.CountStats();
  private long failureVersion;

  /** The pending next failure, cancelled when the number of instances up changes. */
  private EventQueue.Event nextFailure;

  private Faults.Resize resize;
  private int resizeNext;

  /** One instance and its address. */
  private static final class Slot {
    final int zone;
    State state = State.UP;
    boolean remapped;
    boolean recordPresent = true;
    double shareFrom;
    double shareTo;
    double rampStart = Double.NEGATIVE_INFINITY;
    long version;
    final Serving.Unit unit = new Serving.Unit();

    Slot(int zone) {
      this.zone = zone;
    }
  }

  Slots(TrialSimulation sim) {
    this.sim = sim;
    this.eips = sim.arch.entry() instanceof Entry.ElasticIps e ? e : null;
    this.dns = sim.arch.entry() instanceof Entry.Route53 r ? r : null;
    int n = sim.tier.totalInstances();
    this.slots = new Slot[n];
    int i = 0;
    for (int zone = 0; zone < sim.arch.azs().size(); zone++) {
      int count = sim.tier.placement().getOrDefault(sim.arch.azs().get(zone), 0);
      for (int k = 0; k < count; k++) {
        slots[i++] = new Slot(zone);
      }
    }
  }

  @Override
  public void start() {
    double credits = sim.serving.initialCredits();
    for (int i = 0; i < slots.length; i++) {
      Slot s = slots[i];
      s.unit.credits = credits;
      s.shareFrom = failover() ? (i == 0 ? 1.0 : 0.0) : 1.0 / slots.length;
      s.shareTo = s.shareFrom;
    }
    Faults.InstanceFaults f = sim.faults.instance();
    if (f != null && sim.run.initialState() == RunSettings.InitialState.STEADY_STATE) {
      double mtbf = f.mtbfHours() * 3600.0;
      double outage =
          switch (f.recovery()) {
            case Faults.ManualRepair m -> m.mttrMinutes() * 60.0;
            case Faults.Replacement r -> r.detectionSeconds() + r.bootSeconds();
          };
      for (Slot s : slots) {
        if (sim.rng.nextDouble() < outage / (mtbf + outage)) {
          s.state = State.FAILED;
          s.version++;
          long v = s.version;
          double at =
              f.recovery() instanceof Faults.ManualRepair m
                  ? RandomStreams.exponential(sim.rng, m.mttrMinutes() * 60.0)
                  : sim.rng.nextDouble() * outage;
          sim.at(at, () -> back(s, v, Double.NaN, at));
          if (dns != null) {
            setRecord(s, false, 0.0); // a dead instance's record was removed long ago
            s.shareFrom = s.shareTo;
          }
        }
      }
      if (dns != null) {
        for (Slot s : slots) {
          s.shareFrom = s.shareTo;
        }
      }
    }
    scheduleNextFailure(0.0);
  }

  private int up() {
    int n = 0;
    for (Slot s : slots) {
      n += s.state == State.UP ? 1 : 0;
    }
    return n;
  }

  private void scheduleNextFailure(double now) {
    failureVersion++;
    sim.cancel(nextFailure);
    nextFailure = null;
    Faults.InstanceFaults f = sim.faults.instance();
    int up = up();
    if (f == null || up == 0) {
      return;
    }
    long version = failureVersion;
    double at = now + RandomStreams.exponential(sim.rng, f.mtbfHours() * 3600.0 / up);
    nextFailure =
        sim.scheduled(
            at,
            () -> {
              if (version == failureVersion) {
                fail(at);
              }
            });
  }

  private void fail(double now) {
    int pick = (int) (sim.rng.nextDouble() * up());
    for (Slot s : slots) {
      if (s.state == State.UP && pick-- == 0) {
        failSlot(s, now);
        break;
      }
    }
    scheduleNextFailure(now);
  }

  @Override
  public void instanceFails(int az, double now) {
    for (Slot s : slots) {
      if (s.zone == az && s.state == State.UP) {
        failSlot(s, now);
        scheduleNextFailure(now);
        return;
      }
    }
    sim.note(now, "scheduled instance failure in " + sim.arch.azs().get(az) + ": none in service");
  }

  /** The instance of {@code s} fails now: recovered as the stage's instance faults say. */
  private void failSlot(Slot s, double now) {
    sim.incidents++;
    s.state = State.FAILED;
    s.version++;
    long v = s.version;
    sim.note(now, "instance failed in " + sim.arch.azs().get(s.zone));
    Faults.Recovery recovery =
        sim.faults.instance() == null ? null : sim.faults.instance().recovery();
    switch (recovery) {
      case null -> {} // nothing brings it back
      case Faults.ManualRepair m -> {
        double at = now + RandomStreams.exponential(sim.rng, m.mttrMinutes() * 60.0);
        sim.at(at, () -> back(s, v, now, at));
      }
      case Faults.Replacement r -> {
        sim.recordDetection(now, now + r.detectionSeconds());
        double at = now + r.detectionSeconds() + r.bootSeconds();
        sim.at(at, () -> back(s, v, now, at));
      }
    }
    if (eips != null && eips.remapMinutes() != null) {
      double at = now + RandomStreams.exponential(sim.rng, eips.remapMinutes() * 60.0);
      sim.at(
          at,
          () -> {
            if (s.version == v && s.state == State.FAILED) {
              s.remapped = true;
              sim.note(at, "Elastic IP remapped");
            }
          });
    }
    removeRecordOnDetection(s, v, State.FAILED, now);
  }

  /**
   * With Route 53, the record of the instance that went down now (into {@code state}) is removed
   * when the failure is detected, if it is still down then.
   */
  private void removeRecordOnDetection(Slot s, long v, State state, double now) {
    if (dns == null) {
      return;
    }
    double at = now + dnsDetection();
    if (!Double.isNaN(at)) {
      sim.at(
          at,
          () -> {
            if (s.version == v && s.state == state) {
              sim.recordDetection(now, at);
              setRecord(s, false, at);
            }
          });
    }
  }

  /** Seconds from a failure to the record's removal, or NaN when nothing removes it. */
  private double dnsDetection() {
    if (dns.healthCheck() != null) {
      Entry.DnsHealthCheck hc = dns.healthCheck();
      return HealthChecks.route53Unhealthy(
          hc.intervalSeconds(), hc.failureThreshold(), sim.rng.nextDouble());
    }
    if (dns.removalMinutes() != null) {
      return RandomStreams.exponential(sim.rng, dns.removalMinutes() * 60.0);
    }
    return Double.NaN;
  }

  private void back(Slot s, long version, double failedAt, double now) {
    if (s.version != version || s.state != State.FAILED) {
      return;
    }
    s.state = State.UP;
    s.remapped = false;
    sim.recordRecovery(failedAt, now);
    if (dns != null && !s.recordPresent) {
      setRecord(s, true, now);
    }
    scheduleNextFailure(now);
  }

  /**
   * Adds or removes a slot's record; every slot's share of clients starts moving towards its new
   * weight.
   */
  private void setRecord(Slot changed, boolean present, double now) {
    if (!present) {
      int others = 0;
      for (Slot s : slots) {
        others += s != changed && s.recordPresent ? 1 : 0;
      }
      if (others == 0) {
        return; // Route 53 fails open: with every record unhealthy it answers with all of them
      }
    }
    changed.recordPresent = present;
    double[] target = targetShares();
    for (int i = 0; i < slots.length; i++) {
      Slot s = slots[i];
      double current = share(s, now);
      s.shareFrom = current;
      s.shareTo = target[i];
      s.rampStart = now;
    }
    double end = now + dns.ttlSeconds();
    sim.at(end, () -> endMoves(end));
  }

  /**
   * The clients that started moving one TTL before {@code now} have all moved: their slots stop
   * varying, so the traffic goes back to the scenario's step (and to one segment between events
   * when nothing else varies) instead of the short steps of a move. A move restarted later by
   * another record change ends at its own event.
   */
  private void endMoves(double now) {
    for (Slot s : slots) {
      if (s.shareFrom != s.shareTo && now - s.rampStart >= dns.ttlSeconds()) {
        s.shareFrom = s.shareTo;
      }
    }
  }

  /**
   * What a fresh resolution returns. Simple, multivalue and (equal) weighted routing spread clients
   * over every present record; failover answers with the first present record (the primary, then
   * the secondaries in order).
   */
  private double[] targetShares() {
    double[] target = new double[slots.length];
    if (failover()) {
      for (int i = 0; i < slots.length; i++) {
        if (slots[i].recordPresent) {
          target[i] = 1.0;
          return target;
        }
      }
      return target;
    }
    int records = 0;
    for (Slot s : slots) {
      records += s.recordPresent ? 1 : 0;
    }
    for (int i = 0; i < slots.length; i++) {
      target[i] = slots[i].recordPresent && records > 0 ? 1.0 / records : 0.0;
    }
    return target;
  }

  private boolean failover() {
    return dns != null && dns.routing() == Entry.Route53.Routing.FAILOVER;
  }

  /** The share of clients whose cached answer points at the slot at time {@code t}. */
  private double share(Slot s, double t) {
    if (dns == null) {
      return 1.0 / slots.length; // an Elastic IP per instance: its users stay bound to it
    }
    double f = Math.min(1.0, Math.max(0.0, (t - s.rampStart) / dns.ttlSeconds()));
    return s.shareFrom + (s.shareTo - s.shareFrom) * f;
  }

  // ---------------------------------------------------------------- scheduled faults

  @Override
  public void azDown(int az, double now) {
    sim.incidents++;
    sim.note(now, "AZ outage " + sim.arch.azs().get(az));
    for (Slot s : slots) {
      if (s.zone == az && s.state == State.UP) {
        s.state = State.AZ_DOWN;
        s.version++;
        long v = s.version;
        removeRecordOnDetection(s, v, State.AZ_DOWN, now);
      }
    }
    scheduleNextFailure(now);
  }

  @Override
  public void azUp(int az, double now) {
    for (Slot s : slots) {
      if (s.zone == az && s.state == State.AZ_DOWN) {
        s.state = State.UP;
        s.version++;
        if (dns != null && !s.recordPresent) {
          setRecord(s, true, now);
        }
      }
    }
    scheduleNextFailure(now);
  }

  @Override
  public void resize(Faults.Resize r, double now) {
    resize = r;
    resizeNext = 0;
    sim.note(now, "resize to " + r.toInstanceType());
    resizeStep(now);
  }

  /** Stops, changes and starts one instance after the other. */
  private void resizeStep(double now) {
    while (resizeNext < slots.length && slots[resizeNext].state != State.UP) {
      resizeNext++;
    }
    if (resizeNext >= slots.length) {
      sim.serving.setType(Catalog.instanceType(resize.toInstanceType()).orElseThrow());
      resize = null;
      return;
    }
    Slot s = slots[resizeNext++];
    s.state = State.STOPPED;
    s.version++;
    long v = s.version;
    double at = now + resize.downtimeSeconds();
    sim.at(
        at,
        () -> {
          if (s.version == v && s.state == State.STOPPED) {
            s.state = State.UP;
            s.unit.credits = sim.serving.launchCredits();
            scheduleNextFailure(at);
            resizeStep(at);
          }
        });
    scheduleNextFailure(now);
  }

  @Override
  public void dnsRemoval(Faults.DnsRemoval d, double now) {
    for (Slot s : slots) {
      if (s.state == State.UP && s.recordPresent) {
        sim.note(
            now, "record removed from DNS" + (d.terminate() ? " and instance terminated" : ""));
        setRecord(s, false, now);
        if (d.terminate()) {
          s.state = State.TERMINATED;
          s.version++;
          scheduleNextFailure(now);
        }
        return;
      }
    }
  }

  // ---------------------------------------------------------------- routing

  @Override
  public boolean varies() {
    if (dns == null) {
      return false;
    }
    for (Slot s : slots) {
      if (s.shareFrom != s.shareTo) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean stepsOnlyForTheRate() {
    return !varies(); // during a DNS move the records' shares change continuously
  }

  @Override
  public double maxStep(double step) {
    return varies() ? Math.min(step, Math.max(1.0, dns.ttlSeconds() / 20)) : step;
  }

  @Override
  public void route(double a, double b, double lambda) {
    double dt = b - a;
    double mid = (a + b) / 2;
    int up = up();
    stats.observe(up, dt);
    double remappedShare = 0;
    for (Slot s : slots) {
      if (s.state != State.UP && s.remapped) {
        remappedShare += share(s, mid);
      }
    }
    double total = 0;
    for (Slot s : slots) {
      total += share(s, mid);
    }
    if (total < 1 - 1e-9) {
      sim.serving.fail(FailureCause.NO_CAPACITY, lambda * (1 - total) * dt);
    }
    for (Slot s : slots) {
      double sh = share(s, mid);
      if (s.state == State.UP) {
        double extra = up > 0 ? remappedShare / up : 0;
        sim.serving.serve(s.unit, 1, lambda * (sh + extra), dt);
      } else {
        if (!s.remapped) {
          sim.serving.fail(cause(s), lambda * sh * dt);
        }
        sim.serving.idle(s.unit, dt);
      }
    }
    if (up == 0 && remappedShare > 0) {
      sim.serving.fail(FailureCause.EIP_INSTANCE_DOWN, lambda * remappedShare * dt);
    }
  }

  private FailureCause cause(Slot s) {
    return switch (s.state) {
      case AZ_DOWN -> FailureCause.AZ_OUTAGE;
      case STOPPED -> FailureCause.RESIZE_DOWNTIME;
      default -> dns != null ? FailureCause.DNS_STALE : FailureCause.EIP_INSTANCE_DOWN;
    };
  }

  @Override
  public int[] billed() {
    int n = 0;
    for (Slot s : slots) {
      n += s.state == State.STOPPED || s.state == State.TERMINATED ? 0 : 1;
    }
    return new int[] {n, 0};
  }

  @Override
  public TrialSimulation.CountStats countStats() {
    return stats;
  }
}
