package dev.archsim.engine.sim;

import java.util.HashMap;
import java.util.Map;

/**
 * A queue and this trial's pending requests of each latency mass of it, one per fixed offset. The
 * offsets carry the data tier's time, which moves with its load, so a queue meets many (hundreds in
 * a DR scenario's trial): they are found by hashing their bits, not by a scan.
 */
final class TrialQueue {
  final SharedQueues.SharedQueue shared;
  final OffsetTable<ResponseTimes.Pending> masses = new OffsetTable<>();

  TrialQueue(SharedQueues.SharedQueue shared) {
    this.shared = shared;
  }

  /**
   * The pending masses of each share of the last latency mix asked for: a mix's arrays are replaced
   * when it changes, never written, and most steps keep the last one.
   */
  private double[] mixOffsets;

  private Serving.Behind[] mixBehind;
  private ResponseTimes.Pending[] mixMasses;

  ResponseTimes.Pending[] forMix(double[] offsets, Serving.Behind[] behind, double timedOut) {
    if (offsets != mixOffsets || behind != mixBehind) {
      ResponseTimes.Pending[] found = new ResponseTimes.Pending[offsets.length];
      for (int k = 0; k < offsets.length; k++) {
        Serving.Behind b = behind == null ? null : behind[k];
        found[k] = b == null ? forOffset(offsets[k], timedOut) : forBehind(b, timedOut);
      }
      mixOffsets = offsets;
      mixBehind = behind;
      mixMasses = found;
    }
    return mixMasses;
  }

  /** Pending requests of the masses with tiers behind (an offset and the tiers' time). */
  private Map<Serving.Behind, ResponseTimes.Pending> behind;

  ResponseTimes.Pending forBehind(Serving.Behind b, double timedOut) {
    if (behind == null) {
      behind = new HashMap<>();
    }
    ResponseTimes.Pending p = behind.get(b);
    if (p == null) {
      p = new ResponseTimes.Pending(shared.mass(b, timedOut));
      behind.put(b, p);
    }
    return p;
  }

  ResponseTimes.Pending forOffset(double offset, double timedOut) {
    ResponseTimes.Pending p = masses.get(offset);
    if (p == null) {
      p = new ResponseTimes.Pending(shared.mass(offset, timedOut));
      masses.put(offset, p);
    }
    return p;
  }

  /**
   * A queue of this serving unit's type: its slack's bits (10 significant, see {@link Serving}'s
   * queueing) and the speed. Hashed by mixing the bits: the slack's low bits are all zero, which
   * left {@code Double.hashCode} with few distinct values and a hash table with long chains.
   */
  record Key(long slackBits, double speed, int servers, int order) {
    @Override
    public int hashCode() {
      long h =
          (slackBits + 31 * Double.doubleToLongBits(speed) + 961L * servers + 29_791L * order)
              * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 32));
    }

    /** Field by field (the record's generated equals was a tenth of a fleet's profile). */
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.slackBits == slackBits
          && k.servers == servers
          && k.order == order
          && Double.doubleToLongBits(k.speed) == Double.doubleToLongBits(speed);
    }

    boolean is(long slackBits, double speed, int servers, int order) {
      return this.slackBits == slackBits
          && this.servers == servers
          && this.order == order
          && Double.doubleToLongBits(this.speed) == Double.doubleToLongBits(speed);
    }
  }
}
