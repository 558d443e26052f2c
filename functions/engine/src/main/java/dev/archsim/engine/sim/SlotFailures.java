package dev.archsim.engine.sim;

import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.sim.AddressSlot.State;

/**
 * The failures of instances reached by their own address ({@link AddressSlot}) and their recovery.
 * The next failure of the instances up comes at the stage's MTBF ({@link FailureClock}); a failed
 * instance is repaired by an operator or replaced as the stage's recovery says. Meanwhile its
 * clients fail unless an operator remaps its Elastic IP to a healthy instance, or, with Route 53,
 * until its record is removed (by the record's health check or an operator, {@link
 * ClientBinding.Dns#detectionSeconds}) and the clients' caches expire. With a steady initial state
 * some instances are down at the start, their records long gone.
 */
final class SlotFailures {
  private final FleetTrial trial;
  private final AddressSlot[] slots;

  /** The Elastic IPs the instances are reached by; null with Route 53 records. */
  private final Entry.ElasticIps eips;

  /** The Route 53 records the instances are reached by; null with Elastic IPs. */
  private final ClientBinding.Dns records;

  /** The next failure of the instances up, redrawn when their number changes. */
  private final FailureClock clock;

  SlotFailures(
      FleetTrial trial, AddressSlot[] slots, Entry.ElasticIps eips, ClientBinding.Dns records) {
    this.trial = trial;
    this.slots = slots;
    this.eips = eips;
    this.records = records;
    this.clock = new FailureClock(trial.events(), trial.random(), trial.faults().instance());
  }

  /** With a steady initial state, each instance is down at the start with its outage share. */
  void downAtStart() {
    Faults.InstanceFaults f = trial.faults().instance();
    if (f == null || trial.run().initialState() != RunSettings.InitialState.STEADY_STATE) {
      return;
    }
    double mtbf = f.mtbfHours() * 3600.0;
    double outage =
        switch (f.recovery()) {
          case Faults.ManualRepair m -> m.mttrMinutes() * 60.0;
          case Faults.Replacement r -> r.detectionSeconds() + r.bootSeconds();
        };
    for (AddressSlot s : slots) {
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
      for (AddressSlot s : slots) {
        records.settle(s.index);
      }
    }
  }

  /** The number of instances up changed (or may have): the next failure is drawn again. */
  void restart(double now) {
    clock.restart(now, AddressSlot.up(slots), this::fail);
  }

  /** One instance up, picked at random, fails now. */
  private void fail(double now) {
    int pick = (int) (trial.random().nextDouble() * AddressSlot.up(slots));
    for (AddressSlot s : slots) {
      if (s.state == State.UP && pick-- == 0) {
        failSlot(s, now);
        break;
      }
    }
    restart(now);
  }

  /**
   * The first instance up in AZ {@code az} (an index into the stage's AZs) fails now; nothing but a
   * note when none is up there.
   */
  void instanceFails(int az, double now) {
    for (AddressSlot s : slots) {
      if (s.zone == az && s.state == State.UP) {
        failSlot(s, now);
        restart(now);
        return;
      }
    }
    trial.log().note(now, new InfrastructureEvent.NoInstanceToFail(trial.az(az)));
  }

  /** The instance of {@code s} fails now: recovered as the stage's instance faults say. */
  private void failSlot(AddressSlot s, double now) {
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
   * With Route 53, the record of the instance that went down now (into {@code state}, at version
   * {@code v}) is removed when the failure is detected, if it is still down then.
   */
  void removeRecordOnDetection(AddressSlot s, long v, State state, double now) {
    if (records == null) {
      return;
    }
    double at = now + records.detectionSeconds(trial.random());
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

  /** The failed instance of {@code s} is back in service (its record too, if it was removed). */
  private void back(AddressSlot s, long version, double failedAt, double now) {
    if (s.version != version || s.state != State.FAILED) {
      return;
    }
    s.state = State.UP;
    s.remapped = false;
    trial.incidents().recovered(failedAt, now);
    if (records != null) {
      records.restore(s.index, now);
    }
    restart(now);
  }
}
