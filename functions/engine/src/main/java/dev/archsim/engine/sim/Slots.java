package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.sim.AddressSlot.State;

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
 *
 * <p>The instances' failures and recovery are {@link SlotFailures}'; the slots hold the AZ events,
 * the rolling resize, the records removed on purpose and the routing of each traffic step.
 */
final class Slots implements Topology {
  private final FleetTrial trial;
  private final ComputeTier tier;
  private final Serving serving;
  private final Entry.Route53 dns;
  private final AddressSlot[] slots;
  private final CountStats stats = new CountStats();

  /** Which address each client uses. */
  private final ClientBinding binding;

  /** The same binding when it is Route 53's; null with Elastic IPs. */
  private final ClientBinding.Dns records;

  /** The instances' failures and their recovery. */
  private final SlotFailures failures;

  private Faults.Resize resize;
  private int resizeNext;

  /**
   * The instances of the compute {@code tier} behind the stage's {@code entry} (Elastic IPs or
   * Route 53 records), each an address of its own, served by {@code serving}.
   */
  Slots(FleetTrial trial, Entry entry, ComputeTier tier, Serving serving) {
    this.trial = trial;
    this.tier = tier;
    this.serving = serving;
    this.dns = entry instanceof Entry.Route53 r ? r : null;
    int n = tier.totalInstances();
    this.slots = new AddressSlot[n];
    int i = 0;
    for (int zone = 0; zone < trial.azs().size(); zone++) {
      int count = tier.placement().getOrDefault(trial.az(zone), 0);
      for (int k = 0; k < count; k++) {
        slots[i] = new AddressSlot(i, zone);
        i++;
      }
    }
    this.binding = ClientBinding.of(entry, n, trial.events());
    this.records = binding instanceof ClientBinding.Dns d ? d : null;
    this.failures =
        new SlotFailures(trial, slots, entry instanceof Entry.ElasticIps e ? e : null, records);
  }

  @Override
  public void start() {
    double credits = serving.initialCredits();
    for (AddressSlot s : slots) {
      s.unit.credits = credits;
    }
    failures.downAtStart();
    failures.restart(0.0);
  }

  @Override
  public void instanceFails(int az, double now) {
    failures.instanceFails(az, now);
  }

  // ---------------------------------------------------------------- scheduled faults

  @Override
  public void azDown(int az, double now) {
    trial.incidents().incident();
    for (AddressSlot s : slots) {
      if (s.zone == az && s.state == State.UP) {
        s.state = State.AZ_DOWN;
        s.version++;
        long v = s.version;
        failures.removeRecordOnDetection(s, v, State.AZ_DOWN, now);
      }
    }
    failures.restart(now);
  }

  @Override
  public void azUp(int az, double now) {
    for (AddressSlot s : slots) {
      if (s.zone == az && s.state == State.AZ_DOWN) {
        s.state = State.UP;
        s.version++;
        if (records != null) {
          records.restore(s.index, now);
        }
      }
    }
    failures.restart(now);
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
    AddressSlot s = slots[resizeNext++];
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
                failures.restart(at);
                resizeStep(at);
              }
            });
    failures.restart(now);
  }

  @Override
  public void dnsRemoval(Faults.DnsRemoval d, double now) {
    for (AddressSlot s : slots) {
      if (s.state == State.UP && records.present(s.index)) {
        trial.log().note(now, new InfrastructureEvent.RecordRemoved(d.terminate()));
        records.setRecord(s.index, false, now);
        if (d.terminate()) {
          s.state = State.TERMINATED;
          s.version++;
          failures.restart(now);
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
    int up = AddressSlot.up(slots);
    stats.observe(up, dt);
    double remappedShare = 0;
    for (AddressSlot s : slots) {
      if (s.state != State.UP && s.remapped) {
        remappedShare += binding.share(s.index, mid);
      }
    }
    double total = 0;
    for (AddressSlot s : slots) {
      total += binding.share(s.index, mid);
    }
    if (total < 1 - 1e-9) {
      serving.fail(FailureCause.NO_CAPACITY, lambda * (1 - total) * dt);
    }
    for (AddressSlot s : slots) {
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

  private FailureCause cause(AddressSlot s) {
    return switch (s.state) {
      case AZ_DOWN -> FailureCause.AZ_OUTAGE;
      case STOPPED -> FailureCause.RESIZE_DOWNTIME;
      default -> dns != null ? FailureCause.DNS_STALE : FailureCause.EIP_INSTANCE_DOWN;
    };
  }

  @Override
  public int[] billed() {
    int n = 0;
    for (AddressSlot s : slots) {
      n += s.state == State.STOPPED || s.state == State.TERMINATED ? 0 : 1;
    }
    return new int[] {n, 0};
  }

  @Override
  public CountStats countStats() {
    return stats;
  }
}
