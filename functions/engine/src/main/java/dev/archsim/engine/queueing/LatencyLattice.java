package dev.archsim.engine.queueing;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleUnaryOperator;

/**
 * The distribution of a time (a request's response time in one queue, or its sum over several
 * queues it passes in turn) on a geometric lattice, so that independent times add by convolution.
 * Cell k is [x_k, x_{k+1}) with x_k = 0.01 ms · 10^(k/{@value #CELLS_PER_DECADE}), five cells to
 * each bucket of the latency histogram, up to 10^7 ms; it holds the probability that the time falls
 * in it, placed at the cell's geometric centre. Two cells i ≥ j add to a cell max(i, j) + a(i − j)
 * with a(d) the nearest integer to log_R(1 + R^−d) (R = 10^(1/{@value #CELLS_PER_DECADE})), so the
 * sum of two centres lands within a factor √R of its cell's centre.
 *
 * <p>Error bound. Putting a time at its cell's centre moves it by a factor within R^±1/2 (1.16 %);
 * a sum of times each so moved moves by the same factor at most, and each convolution moves the
 * partial sum by at most √R again. So a request's time through a fleet and n tiers behind it, each
 * placed on the lattice and added (n convolutions), is within a factor R^±(n+1)/2 of its exact
 * value (2.3 % for one tier, 3.5 % for two), and so is every percentile of it; in practice the
 * rounding of each sum goes either way and the percentiles land within 0.1 % (LatencyLatticeTest,
 * ChainLatencyTest). Tails are lumped: the time below a distribution's {@value #LOW_TAIL} quantile
 * into the cell holding that quantile (moving it by no more than the quantile itself), the time
 * above its 1 − {@value #HIGH_TAIL} quantile into the cell holding that one (which changes no
 * percentile below it), and in a sum the times below {@value #LUMP} of the larger median into the
 * cell holding that (moving no percentile from the sum's median up by more than 1.02 %).
 *
 * <p>A lattice is a pure function of its {@link #key()} (a queue's parameters, or the keys of the
 * lattices it adds), by which lattices are compared and shared by all trials of the JVM.
 */
public final class LatencyLattice {
  public static final int CELLS_PER_DECADE = 100;

  /** The lowest edge, ms: times below it are counted in cell 0. */
  public static final double MIN_MS = 0.01;

  /** Cells up to 10^7 ms; longer times are counted in the last. */
  public static final int CELLS = 9 * CELLS_PER_DECADE;

  /** The share of a distribution below its first cell, lumped into it. */
  static final double LOW_TAIL = 1e-4;

  /** The share of a distribution above its last cell, lumped into it. */
  static final double HIGH_TAIL = 1e-9;

  /** Cell edges x_k in ms, k = 0..CELLS. */
  private static final double[] EDGE_MS = new double[CELLS + 1];

  /** Cell centres in ms. */
  private static final double[] CENTRE_MS = new double[CELLS];

  /** a(d): how many cells above the larger the sum of two centres d cells apart lands. */
  private static final int[] ADD;

  static {
    for (int k = 0; k <= CELLS; k++) {
      EDGE_MS[k] = MIN_MS * Math.pow(10, (double) k / CELLS_PER_DECADE);
    }
    for (int k = 0; k < CELLS; k++) {
      CENTRE_MS[k] = MIN_MS * Math.pow(10, (k + 0.5) / CELLS_PER_DECADE);
    }
    int[] add = new int[4 * CELLS_PER_DECADE];
    int n = 0;
    for (int d = 0; d < add.length; d++) {
      add[d] =
          (int)
              Math.round(
                  CELLS_PER_DECADE * Math.log10(1 + Math.pow(10, (double) -d / CELLS_PER_DECADE)));
      if (add[d] > 0) {
        n = d + 1;
      }
    }
    ADD = Arrays.copyOf(add, n);
  }

  /** Lattices derived from queues and sums, shared by all trials of the JVM; cleared when full. */
  private static final int SHARED_LIMIT = 4096;

  private static final ConcurrentHashMap<Object, LatencyLattice> SHARED = new ConcurrentHashMap<>();

  private static final AtomicLong SHARED_INSERTS = new AtomicLong();

  private static final AtomicLong CELL_PAIRS = new AtomicLong();

  private static final AtomicLong BUILT = new AtomicLong();

  private static final AtomicLong CONVOLUTIONS = new AtomicLong();

  /** Times below this share of the larger median are lumped when two lattices are added. */
  static final double LUMP = 0.01;

  private final Object key;
  private final int hash;
  private final int first;
  private final double[] p;
  private final double meanMs;
  private final double medianMs;

  private LatencyLattice(Object key, int first, double[] p) {
    this.key = key;
    this.hash = key.hashCode();
    this.first = first;
    this.p = p;
    double m = 0;
    for (int i = 0; i < p.length; i++) {
      m += p[i] * CENTRE_MS[first + i];
    }
    this.meanMs = m;
    double f = 0;
    int k = 0;
    while (k < p.length - 1 && (f += p[k]) < 0.5) {
      k++;
    }
    this.medianMs = CENTRE_MS[first + k];
  }

  /**
   * The response time of the requests a queue serves (those that give up are not counted: the
   * distribution is conditional on being served), shared by all trials. It is that of the queue
   * whose slack 1 − ρ is {@code q}'s to {@value #SLACK_BITS} significant bits (within 0.4 %, a
   * third of a half cell: waits scale with 1 / slack), so that the queues of nearby rates, which
   * differ by less than the lattice resolves, share one lattice and its sums.
   */
  public static LatencyLattice served(MmcdQueue q) {
    MmcdQueue.Key k = q.key();
    double capacity = k.servers() * k.mu();
    double slack = 1 - k.lambda() / capacity;
    if (slack != 0) {
      double quantum = Math.scalb(1.0, Math.getExponent(slack) - SLACK_BITS);
      slack = Math.min(1, Math.rint(slack / quantum) * quantum);
    }
    double lambda = capacity * (1 - slack);
    MmcdQueue.Key key = new MmcdQueue.Key(k.servers(), k.order(), k.mu(), lambda, k.tau());
    LatencyLattice l = SHARED.get(key);
    if (l == null) {
      MmcdQueue near =
          lambda == k.lambda()
              ? q
              : MmcdQueue.erlangArrivals(k.servers(), k.mu(), lambda, k.tau(), k.order());
      l = of(key, near::servedCdf, 1 - near.timeoutFraction());
      share(l);
    }
    return l;
  }

  /** Significant bits of a queue's slack its lattice is keyed by. */
  static final int SLACK_BITS = 7;

  /**
   * The lattice of a distribution whose (possibly defective) CDF {@code cdf} takes seconds and
   * tends to {@code total}, normalised to 1.
   */
  public static LatencyLattice of(Object key, DoubleUnaryOperator cdf, double total) {
    BUILT.incrementAndGet();
    if (!(total > 0)) {
      return new LatencyLattice(key, 0, new double[] {1.0});
    }
    // the first cell: the lowest whose upper edge holds at least the low tail (bisection)
    int lo = 0;
    int hi = CELLS - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cdf.applyAsDouble(EDGE_MS[mid + 1] / 1000.0) >= LOW_TAIL * total) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    int first = lo;
    double[] p = new double[CELLS - first];
    double prev = 0;
    int last = CELLS - 1;
    for (int k = first; k < CELLS; k++) {
      double f =
          k == CELLS - 1 ? total : Math.min(total, cdf.applyAsDouble(EDGE_MS[k + 1] / 1000.0));
      if (total - f <= HIGH_TAIL * total) {
        f = total; // the high tail, lumped here
      }
      p[k - first] = Math.max(0, f - prev) / total;
      prev = Math.max(prev, f);
      if (f >= total) {
        last = k;
        break;
      }
    }
    return new LatencyLattice(key, first, Arrays.copyOf(p, last - first + 1));
  }

  /**
   * The time of two independent parts in turn (their convolution, each pair of cells adding to the
   * cell of its sum), shared by all trials.
   */
  public static LatencyLattice sum(LatencyLattice a, LatencyLattice b) {
    Object key = List.of(a.key, b.key);
    LatencyLattice l = SHARED.get(key);
    if (l == null) {
      l = convolve(key, a, b);
      share(l);
    }
    return l;
  }

  private static LatencyLattice convolve(Object key, LatencyLattice a, LatencyLattice b) {
    // times below a hundredth of the larger median count at that cell: the sum's percentiles from
    // its median up are at least that median, so this moves none of them by more than 1 % × R
    int floor = Math.max(cellOf(LUMP * Math.max(a.medianMs, b.medianMs)), 0);
    double[] pa = lumped(a, floor);
    double[] pb = lumped(b, floor);
    int fa = Math.max(a.first, floor);
    int fb = Math.max(b.first, floor);
    int from = Math.max(fa, fb);
    int to = Math.min(CELLS - 1, Math.max(a.last(), b.last()) + ADD[0]);
    double[] out = new double[to - from + 1];
    int reach = ADD.length;
    for (int i = 0; i < pa.length; i++) {
      double pi = pa[i];
      if (pi == 0) {
        continue;
      }
      int ci = fa + i;
      for (int j = 0; j < pb.length; j++) {
        int cj = fb + j;
        int d = ci - cj;
        int cell = d >= 0 ? ci + (d < reach ? ADD[d] : 0) : cj + (-d < reach ? ADD[-d] : 0);
        out[Math.min(cell, CELLS - 1) - from] += pi * pb[j];
      }
    }
    CELL_PAIRS.addAndGet((long) pa.length * pb.length);
    CONVOLUTIONS.incrementAndGet();
    return new LatencyLattice(key, from, out);
  }

  /** The cells of {@code l} from {@code floor} on, what lies below counted in the first. */
  private static double[] lumped(LatencyLattice l, int floor) {
    if (floor <= l.first) {
      return l.p;
    }
    int skip = Math.min(floor - l.first, l.p.length - 1);
    double[] p = Arrays.copyOfRange(l.p, skip, l.p.length);
    for (int i = 0; i < skip; i++) {
      p[0] += l.p[i];
    }
    return p;
  }

  /** The cell holding a time in ms (cell 0 below the lattice, the last above it). */
  static int cellOf(double ms) {
    if (!(ms >= EDGE_MS[1])) {
      return 0;
    }
    int k = (int) Math.floor(Math.log10(ms / MIN_MS) * CELLS_PER_DECADE);
    k = Math.min(k, CELLS - 1);
    while (k > 0 && ms < EDGE_MS[k]) {
      k--;
    }
    while (k < CELLS - 1 && ms >= EDGE_MS[k + 1]) {
      k++;
    }
    return k;
  }

  private static void share(LatencyLattice l) {
    if (SHARED_INSERTS.incrementAndGet() % SHARED_LIMIT == 0) {
      SHARED.clear();
    }
    SHARED.put(l.key, l);
  }

  /** What the lattice is a function of: a queue's {@link MmcdQueue.Key}, or a list of keys. */
  public Object key() {
    return key;
  }

  /** The first cell holding any probability. */
  public int first() {
    return first;
  }

  /** The last cell holding any probability. */
  public int last() {
    return first + p.length - 1;
  }

  /** The probability of cell {@code k}. */
  public double probability(int k) {
    return k < first || k > last() ? 0 : p[k - first];
  }

  /** The centre of cell {@code k}, ms, where its probability is placed. */
  public static double centreMs(int k) {
    return CENTRE_MS[k];
  }

  /** The lower edge of cell {@code k} (k = 0..{@link #CELLS}), ms. */
  public static double edgeMs(int k) {
    return EDGE_MS[k];
  }

  /** The mean of the lattice's distribution (of the centres), ms. */
  public double meanMs() {
    return meanMs;
  }

  /** P(time ≤ t) for t in ms, counting each cell at its centre. */
  public double cdfMs(double t) {
    double f = 0;
    for (int k = first; k <= last() && CENTRE_MS[k] <= t; k++) {
      f += p[k - first];
    }
    return f;
  }

  /** Cell pairs added by convolutions so far in this JVM: the work a test counts. */
  public static long cellPairs() {
    return CELL_PAIRS.get();
  }

  /** Convolutions done so far in this JVM. */
  public static long convolutions() {
    return CONVOLUTIONS.get();
  }

  /** Lattices built from a distribution so far in this JVM. */
  public static long built() {
    return BUILT.get();
  }

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof LatencyLattice l && l.hash == hash && l.key.equals(key);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
