package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.model.ComputeTier;
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
final class Slots implements Topology {
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

  private final FleetTrial trial;
  private final ComputeTier tier;
  private final Serving serving;
  private final Entry.ElasticIps eips;
  private final Entry.Route53 dns;
  private final Slot[] slots;
  private final CountStats stats = new CountStats();

  /** Which address each client uses. */
  private final ClientBinding binding;

  /** The same binding when it is Route 53's; null with Elastic IPs. */
  private final ClientBinding.Dns records;

  /** The next failure of the instances up, redrawn when their number changes. */
  private final FailureClock failures;

  private Faults.Resize resize;
  private int resizeNext;

  /** One instance and its address. */
  private static final class Slot {
    final int index;
    final int zone;
    State state = State.UP;
    boolean remapped;
    long version;
    final Serving.Unit unit = new Serving.Unit();

    Slot(int index, int zone) {
      this.index = index;
      this.zone = zone;
    }
  }

  /**
   * The instances of the compute {@code tier} behind the stage's {@code entry} (Elastic IPs or
   * Route 53 records), each an address of its own, served by {@code serving}.
   */
  Slots(FleetTrial trial, Entry entry, ComputeTier tier, Serving serving) {
    this.trial = trial;
    this.tier = tier;
    this.serving = serving;
    this.eips = entry instanceof Entry.ElasticIps e ? e : null;
    this.dns = entry instanceof Entry.Route53 r ? r : null;
    int n = tier.totalInstances();
    this.slots = new Slot[n];
    int i = 0;
    for (int zone = 0; zone < trial.azs().size(); zone++) {
      int count = tier.placement().getOrDefault(trial.az(zone), 0);
      for (int k = 0; k < count; k++) {
        slots[i] = new Slot(i, zone);
        i++;
      }
    }
    this.binding = ClientBinding.of(entry, n, trial.events());
    this.records = binding instanceof ClientBinding.Dns d ? d : null;
    this.failures = new FailureClock(trial.events(), trial.random(), trial.faults().instance());
  }

  @Override
  public void start() {
    double credits = serving.initialCredits();
    for (Slot s : slots) {
      s.unit.credits = credits;
    }
    Faults.InstanceFaults f = trial.faults().instance();
    if (f != null && trial.run().initialState() == RunSettings.InitialState.STEADY_STATE) {
      double mtbf = f.mtbfHours() * 3600.0;
      double outage =
          switch (f.recovery()) {
            case Faults.ManualRepair m -> m.mttrMinutes() * 60.0;
            case Faults.Replacement r -> r.detectionSeconds() + r.bootSeconds();
          };
      for (Slot s : slots) {
        if (trial.random().nextDouble() < outage / (mtbf + outage)) {
          s.state = State.FAILED;
          s.version++;
          long v = s.version;
          double at =
              f.recovery() instanceof Faults.ManualRepair m
                  ? RandomStreams.exponential(trial.random(), m.mttrMinutes() * 60.0)
                  : trial.random().nextDouble() * outage;
          trial.events().at(at, () -> back(s, v, Double.NaN, at));
          if (records != null) {
            records.setRecord(s.index, false, 0.0); // a dead instance's record went long ago
            records.settle(s.index);
          }
        }
      }
      if (records != null) {
        for (Slot s : slots) {
          records.settle(s.index);
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
    failures.restart(now, up(), this::fail);
  }

  private void fail(double now) {
    int pick = (int) (trial.random().nextDouble() * up());
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
    trial.log().note(now, new InfrastructureEvent.NoInstanceToFail(trial.az(az)));
  }

  /** The instance of {@code s} fails now: recovered as the stage's instance faults say. */
  private void failSlot(Slot s, double now) {
    trial.incidents().incident();
    s.state = State.FAILED;
    s.version++;
    long v = s.version;
    trial.log().note(now, new InfrastructureEvent.InstanceFailed(trial.az(s.zone)));
    Faults.Recovery recovery =
        trial.faults().instance() == null ? null : trial.faults().instance().recovery();
    switch (recovery) {
      case null -> {} // nothing brings it back
      case Faults.ManualRepair m -> {
        double at = now + RandomStreams.exponential(trial.random(), m.mttrMinutes() * 60.0);
        trial.events().at(at, () -> back(s, v, now, at));
      }
      case Faults.Replacement r -> {
        trial.incidents().detected(now, now + r.detectionSeconds());
        double at = now + r.detectionSeconds() + r.bootSeconds();
        trial.events().at(at, () -> back(s, v, now, at));
      }
    }
    if (eips != null && eips.remapMinutes() != null) {
      double at = now + RandomStreams.exponential(trial.random(), eips.remapMinutes() * 60.0);
      trial
          .events()
          .at(
              at,
              () -> {
                if (s.version == v && s.state == State.FAILED) {
                  s.remapped = true;
                  trial.log().note(at, new InfrastructureEvent.ElasticIpRemapped());
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
    if (records == null) {
      return;
    }
    double at = now + dnsDetection();
    if (!Double.isNaN(at)) {
      trial
          .events()
          .at(
              at,
              () -> {
                if (s.version == v && s.state == state) {
                  trial.incidents().detected(now, at);
                  records.setRecord(s.index, false, at);
                }
              });
    }
  }

  /** Seconds from a failure to the record's removal, or NaN when nothing removes it. */
  private double dnsDetection() {
    if (dns.healthCheck() != null) {
      Entry.DnsHealthCheck hc = dns.healthCheck();
      return HealthChecks.route53Unhealthy(
          hc.intervalSeconds(), hc.failureThreshold(), trial.random().nextDouble());
    }
    if (dns.removalMinutes() != null) {
      return RandomStreams.exponential(trial.random(), dns.removalMinutes() * 60.0);
    }
    return Double.NaN;
  }

  private void back(Slot s, long version, double failedAt, double now) {
    if (s.version != version || s.state != State.FAILED) {
      return;
    }
    s.state = State.UP;
    s.remapped = false;
    trial.incidents().recovered(failedAt, now);
    if (records != null && !records.present(s.index)) {
      records.setRecord(s.index, true, now);
    }
    scheduleNextFailure(now);
  }

  // ---------------------------------------------------------------- scheduled faults

  @Override
  public void azDown(int az, double now) {
    trial.incidents().incident();
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
        if (records != null && !records.present(s.index)) {
          records.setRecord(s.index, true, now);
        }
      }
    }
    scheduleNextFailure(now);
  }

  @Override
  public void resize(Faults.Resize r, double now) {
    resize = r;
    resizeNext = 0;
    trial.log().note(now, new InfrastructureEvent.ResizeStarted(r.toInstanceType()));
    resizeStep(now);
  }

  /** Stops, changes and starts one instance after the other. */
  private void resizeStep(double now) {
    while (resizeNext < slots.length && slots[resizeNext].state != State.UP) {
      resizeNext++;
    }
    if (resizeNext >= slots.length) {
      serving.setType(Catalog.instanceType(resize.toInstanceType()).orElseThrow());
      resize = null;
      return;
    }
    Slot s = slots[resizeNext++];
    s.state = State.STOPPED;
    s.version++;
    long v = s.version;
    double at = now + resize.downtimeSeconds();
    trial
        .events()
        .at(
            at,
            () -> {
              if (s.version == v && s.state == State.STOPPED) {
                s.state = State.UP;
                s.unit.credits = serving.launchCredits();
                scheduleNextFailure(at);
                resizeStep(at);
              }
            });
    scheduleNextFailure(now);
  }

  @Override
  public void dnsRemoval(Faults.DnsRemoval d, double now) {
    for (Slot s : slots) {
      if (s.state == State.UP && records.present(s.index)) {
        trial.log().note(now, new InfrastructureEvent.RecordRemoved(d.terminate()));
        records.setRecord(s.index, false, now);
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
    return binding.moving();
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
        remappedShare += binding.share(s.index, mid);
      }
    }
    double total = 0;
    for (Slot s : slots) {
      total += binding.share(s.index, mid);
    }
    if (total < 1 - 1e-9) {
      serving.fail(FailureCause.NO_CAPACITY, lambda * (1 - total) * dt);
    }
    for (Slot s : slots) {
      double sh = binding.share(s.index, mid);
      if (s.state == State.UP) {
        double extra = up > 0 ? remappedShare / up : 0;
        serving.serve(s.unit, 1, lambda * (sh + extra), dt);
      } else {
        if (!s.remapped) {
          serving.fail(cause(s), lambda * sh * dt);
        }
        serving.idle(s.unit, dt);
      }
    }
    if (up == 0 && remappedShare > 0) {
      serving.fail(FailureCause.EIP_INSTANCE_DOWN, lambda * remappedShare * dt);
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
  public CountStats countStats() {
    return stats;
  }
}
