package dev.archsim.engine.sim;

import dev.archsim.engine.queueing.LatencyLattice;
import dev.archsim.engine.queueing.MmcdQueue;
import dev.archsim.engine.result.LatencyHistogram;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Queues shared by all trials of the JVM with their per-request latency masses ({@link
 * SharedQueue}): a queue is a pure function of its servers, arrival order, service rate, arrival
 * rate and patience, and a mass of the queue and a fixed offset, so sharing them changes no result.
 * Bounded; cleared when full.
 */
final class SharedQueues {
  private SharedQueues() {}

  /** Bound on the queues shared by all trials of the JVM; cleared when full. */
  private static final int SHARED_LIMIT = 16_384;

  /** Bound on a queue's masses with tiers behind its fleet; cleared when full. */
  private static final int CACHE_LIMIT = 4096;

  /**
   * Queues shared by all trials of the JVM, like the latency masses: a queue is a pure function of
   * its servers, order, service rate, arrival rate and patience, so sharing it changes no result,
   * and each trial no longer solves the same roots again (a round-robin queue's root σ and its
   * embedded chain are the costly part). Bounded; cleared when full.
   */
  private static final ConcurrentHashMap<SharedQueueKey, SharedQueue> SHARED_QUEUES =
      new ConcurrentHashMap<>();

  private static final AtomicLong SHARED_QUEUE_INSERTS = new AtomicLong();

  private static final AtomicLong QUEUES_SOLVED = new AtomicLong();

  /** Queues solved so far in this JVM (their roots and embedded chains): the work a test counts. */
  static long solved() {
    return QUEUES_SOLVED.get();
  }

  private record SharedQueueKey(int servers, int order, double mu, double lambda, double timeout) {
    /** Mixed bits (the rates' low bits are mostly zero: see Serving's queue key). */
    @Override
    public int hashCode() {
      return mix(
          mix(mix(Double.doubleToLongBits(mu), Double.doubleToLongBits(lambda)), servers),
          Double.doubleToLongBits(timeout) + 31L * order);
    }

    /**
     * Field by field, as the record's generated equals compares (a double's bits): the generated
     * one, through its bootstrap method, was 2 % of a ten-million-users run's CPU samples.
     */
    @Override
    public boolean equals(Object o) {
      return o instanceof SharedQueueKey k
          && k.servers == servers
          && k.order == order
          && Double.doubleToLongBits(k.mu) == Double.doubleToLongBits(mu)
          && Double.doubleToLongBits(k.lambda) == Double.doubleToLongBits(lambda)
          && Double.doubleToLongBits(k.timeout) == Double.doubleToLongBits(timeout);
    }
  }

  /**
   * Two keys' bits mixed into one hash: {@code Double.hashCode} of a rate or a latency rounded to a
   * few significant bits folds onto few values, and a record's hash of such fields left hash tables
   * with long chains (a profile of ten-million-users: 5 % of a one-trial run in their equals).
   */
  static int mix(long a, long b) {
    long h = (a * 0x9E3779B97F4A7C15L + b) * 0xC2B2AE3D27D4EB4FL;
    return (int) (h ^ (h >>> 29) ^ (h >>> 47));
  }

  /**
   * The queue of {@code servers} servers at rate {@code mu} each, {@code lambda} arrivals/s in an
   * Erlang-{@code order} stream and a patience of {@code timeout} seconds, solved once per JVM.
   */
  static SharedQueue of(int servers, double mu, double lambda, double timeout, int order) {
    SharedQueueKey key = new SharedQueueKey(servers, order, mu, lambda, timeout);
    SharedQueue q = SHARED_QUEUES.get(key);
    if (q == null) {
      q = new SharedQueue(MmcdQueue.erlangArrivals(servers, mu, lambda, timeout, order));
      QUEUES_SOLVED.incrementAndGet();
      if (SHARED_QUEUE_INSERTS.incrementAndGet() % SHARED_LIMIT == 0) {
        SHARED_QUEUES.clear();
      }
      SHARED_QUEUES.put(key, q);
    }
    return q;
  }

  /**
   * A queue shared by all trials of the JVM and its per-request latency masses, one per fixed
   * offset added to the response: a mass depends only on the queue (servers, service rate, arrival
   * rate, timeout) and the offset, so sharing it changes no result. The masses are kept with their
   * queue, found by the offset's bits.
   */
  static final class SharedQueue {
    final MmcdQueue queue;

    /** The masses by offset (guarded by this; a trial asks only when its own table misses). */
    private final OffsetTable<LatencyMass> masses = new OffsetTable<>();

    /** The masses with tiers behind the queue's fleet; cleared when full. */
    private final ConcurrentHashMap<Serving.Behind, LatencyMass> behind = new ConcurrentHashMap<>();

    SharedQueue(MmcdQueue queue) {
      this.queue = queue;
    }

    /**
     * The mass of a response of this queue plus the time of the tiers behind it, which are
     * independent of it (each its own queue): the queue's and the tiers' lattices convolved, at
     * {@code b}'s fixed offset.
     */
    LatencyMass mass(Serving.Behind b, double timedOut) {
      LatencyMass mass = behind.get(b);
      if (mass == null) {
        LatencyLattice total = LatencyLattice.sum(LatencyLattice.served(queue), b.tiers());
        double[] values = new double[LatencyHistogram.SIZE];
        LatencyHistogram.addLattice(values, 1 - timedOut, b.offsetMs(), total);
        mass = LatencyMass.of(values);
        if (behind.size() > CACHE_LIMIT) {
          behind.clear();
        }
        behind.put(b, mass);
      }
      return mass;
    }

    LatencyMass mass(double offset, double timedOut) {
      synchronized (this) {
        LatencyMass known = masses.get(offset);
        if (known != null) {
          return known;
        }
      }
      double[] values = new double[LatencyHistogram.SIZE];
      LatencyHistogram.addDistribution(values, 1.0, offset, 1 - timedOut, queue::servedCdf);
      LatencyMass mass = LatencyMass.of(values);
      synchronized (this) {
        LatencyMass known = masses.get(offset);
        if (known != null) {
          return known;
        }
        masses.put(offset, mass);
      }
      return mass;
    }
  }

  /** A slack 1 − ρ kept to 10 significant bits: the key of a queue (Serving's queueing). */
  static double slackKey(double slack) {
    return Double.longBitsToDouble(Double.doubleToLongBits(slack) & ~((1L << 42) - 1));
  }

  /**
   * The M/M/c+D queue of one instance of {@code servers} vCPUs serving {@code mu} requests/s each,
   * at {@code lambda} requests/s (Poisson) kept to its slack's key as Serving's queueing keeps it,
   * shared by the JVM's trials: a fleet beside the compute fleet ({@link ExtraFleet}) solves the
   * same queues once.
   */
  static MmcdQueue keyed(int servers, double mu, double lambda, double timeoutSeconds) {
    double capacity = servers * mu;
    double keyed = capacity * (1 - slackKey(1 - lambda / capacity));
    return of(servers, mu, keyed, timeoutSeconds, 1).queue;
  }
}
