package dev.archsim.engine.sim;

/**
 * One instance reached by its own address (an Elastic IP or a Route 53 record) and what it is
 * doing; its clients are bound to the address ({@link ClientBinding}). The version is bumped at
 * each change of state, so that an event scheduled for the instance before does nothing after.
 */
final class AddressSlot {
  /** What an instance behind its address is doing. */
  enum State {
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

  /** The instance's place among the stage's addresses (its record or Elastic IP). */
  final int index;

  /** The index of its AZ among the stage's. */
  final int zone;

  State state = State.UP;

  /** An operator remapped its Elastic IP to a healthy instance while it is down. */
  boolean remapped;

  long version;
  final Serving.Unit unit = new Serving.Unit();

  AddressSlot(int index, int zone) {
    this.index = index;
    this.zone = zone;
  }

  /** Instances in service among {@code slots}. */
  static int up(AddressSlot[] slots) {
    int n = 0;
    for (AddressSlot s : slots) {
      n += s.state == State.UP ? 1 : 0;
    }
    return n;
  }
}
