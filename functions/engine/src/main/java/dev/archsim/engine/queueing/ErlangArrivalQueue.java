package dev.archsim.engine.queueing;

/**
 * The E_n/M/c queue in closed form: c exponential servers (rate μ each) fed by an Erlang-n arrival
 * stream of rate λ, the stream one target of a round-robin load balancer sees when it deals a
 * Poisson stream of rate nλ over n targets (every n-th request). A GI/M/c queue (Kleinrock,
 * Queueing Systems vol. 1, §6.4; Gross and Harris, Fundamentals of Queueing Theory, §6.2): seen by
 * an arrival, the number in system at or above c − 1 is geometric, π_{c−1+m} = π_{c−1} σ^m, where σ
 * is the root in (0, 1) of σ = A*(cμ(1 − σ)) and A*(s) = (nλ / (nλ + s))^n is the Laplace transform
 * of the interarrival time; an arrival finding c − 1 + m in system (m ≥ 1) waits Erlang(m, cμ), so
 * the wait given a wait is exponential with rate η = cμ(1 − σ). The states below c − 1 come from
 * the embedded chain's balance equations (backward recursion from π_{c−1}).
 *
 * <p>Above saturation (λ ≥ cμ) the same equation has a root σ > 1 (η < 0), which the abandoning
 * queue built on it ({@link MmcdQueue#erlangArrivals}) uses; the waiting probability and mean wait
 * of this class are then undefined. For n = 1 it is M/M/c: σ = ρ and the waits are Erlang C's.
 *
 * <p>The transition probabilities of the embedded chain are computed by uniformisation: the number
 * of service events (rate cμ) during an Erlang-n interarrival time is negative binomial, and the
 * number in system between arrivals is a pure-death chain; every term is positive, so no
 * alternating binomial sums are needed.
 */
public final class ErlangArrivalQueue {
  private static final double CAP = 1e300;

  private final int servers;
  private final double mu;
  private final double lambda;
  private final int order;
  private final double sigma;
  private final double noWaitMass;

  /**
   * @param servers c
   * @param serviceRate μ per server, per second
   * @param arrivalRate λ per second to this queue (any value ≥ 0)
   * @param order n ≥ 1, the Erlang order of the interarrival time (targets in the rotation)
   */
  public ErlangArrivalQueue(int servers, double serviceRate, double arrivalRate, int order) {
    if (servers < 1 || !(serviceRate > 0) || !(arrivalRate >= 0) || order < 1) {
      throw new IllegalArgumentException("need c >= 1, mu > 0, lambda >= 0, n >= 1");
    }
    this.servers = servers;
    this.mu = serviceRate;
    this.lambda = arrivalRate;
    this.order = order;
    this.sigma = arrivalRate == 0 ? 0 : root(servers * serviceRate, arrivalRate, order);
    this.noWaitMass = arrivalRate == 0 ? 1 : noWaitMass();
  }

  /** A*(s) = (nλ / (nλ + s))^n for s > −nλ. */
  private static double transform(double s, double lambda, int n) {
    return Math.exp(-n * Math.log1p(s / (n * lambda)));
  }

  /**
   * The root σ ≠ 1 of σ = A*(cμ(1 − σ)): bisection on h(σ) = (σ − A*(cμ(1 − σ))) / (1 − σ), which
   * has the trivial root divided out; h rises through zero at σ in (0, 1) below saturation and in
   * (1, 1 + nλ/(cμ)) above it.
   */
  private static double root(double cmu, double lambda, int n) {
    double rho = lambda / cmu;
    if (rho == 1) {
      return 1;
    }
    double lo = rho < 1 ? 0 : 1;
    double hi = rho < 1 ? 1 : 1 + n * lambda / cmu;
    for (int i = 0; i < 200 && hi - lo > 1e-16 * hi; i++) {
      double mid = 0.5 * (lo + hi);
      double h = (mid - transform(cmu * (1 - mid), lambda, n)) / (1 - mid);
      if (h < 0) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  /**
   * Σ_{j<c} π_j with π_{c−1} = 1: the relative mass of arrivals that find a free server. The
   * balance equation of state j (1 ≤ j ≤ c − 1) gives π_{j−1} = (π_j − Σ_{i=j}^{c−1} π_i p_{ij} −
   * t_j) / p_{j−1,j}, where t_j = Σ_{m≥1} σ^m p_{c−1+m, j} collects the geometric states.
   */
  private double noWaitMass() {
    int c = servers;
    if (c == 1) {
      return 1;
    }
    double cmu = c * mu;
    double nl = order * lambda;
    double logQ = Math.log(cmu / (nl + cmu));
    double logW = -order * Math.log1p(cmu / nl); // log P(no service event in an interarrival)
    double mean = c / (lambda / mu); // mean service events per interarrival
    // p[i][j]: from i in system just before an arrival (i + 1 after it) to j before the next
    double[][] p = new double[c][c + 1];
    double[][] state = new double[c][c + 1];
    for (int i = 0; i < c; i++) {
      state[i][i + 1] = 1;
    }
    // t_j, with the σ^m weights kept as u_k = Σ_{m=1}^{k} σ^{m−k} P^{k−m} e_c (bounded for σ > 1)
    // or Σ σ^m P^{k−m} e_c (bounded for σ < 1)
    boolean scaled = sigma > 1;
    double[] u = new double[c + 1];
    double[] tail = new double[c + 1];
    double sigmaPow = 1; // σ^k when not scaled
    double logSigma = Math.log(sigma);
    double cumulative = 0;
    double[] next = new double[c + 1];
    for (int k = 0; ; k++) {
      if (k > 0) {
        logW += Math.log((order + k - 1.0) / k) + logQ;
        for (int i = 0; i < c; i++) {
          step(state[i], next);
          System.arraycopy(next, 0, state[i], 0, c + 1);
        }
        step(u, next);
        if (scaled) {
          for (int j = 0; j <= c; j++) {
            u[j] = next[j] / sigma;
          }
          u[c] += 1;
        } else {
          sigmaPow *= sigma;
          System.arraycopy(next, 0, u, 0, c + 1);
          u[c] += sigmaPow;
        }
      }
      double w = Math.exp(logW);
      cumulative += w;
      for (int i = 0; i < c; i++) {
        for (int j = 0; j <= i + 1; j++) {
          p[i][j] += w * state[i][j];
        }
      }
      double tw = scaled ? Math.exp(logW + k * logSigma) : w;
      for (int j = 0; j < c; j++) {
        tail[j] += tw * u[j];
      }
      // past the mean the negative binomial only falls; stop once neither sum can move
      if (k > mean && w < 1e-18 * cumulative && tw < 1e-18 * (tail[c - 1] + 1e-300)
          || k > 10_000_000) {
        break;
      }
    }
    double[] pi = new double[c];
    pi[c - 1] = 1;
    double sum = 1;
    for (int j = c - 1; j >= 1; j--) {
      double rest = pi[j] - tail[j];
      for (int i = j; i < c; i++) {
        rest -= pi[i] * p[i][j];
      }
      pi[j - 1] = Math.min(CAP, Math.max(0, rest / p[j - 1][j]));
      sum = Math.min(CAP, sum + pi[j - 1]);
    }
    return sum;
  }

  /** One uniformised step (rate cμ) of the pure-death chain: from m, one leaves w.p. m / c. */
  private void step(double[] from, double[] to) {
    int c = servers;
    java.util.Arrays.fill(to, 0);
    for (int m = 0; m <= c; m++) {
      double v = from[m];
      if (v == 0) {
        continue;
      }
      double leave = (double) m / c;
      to[m] += v * (1 - leave);
      if (m > 0) {
        to[m - 1] += v * leave;
      }
    }
  }

  /** σ, the root of σ = A*(cμ(1 − σ)) other than 1 (ρ for Poisson arrivals). */
  public double sigma() {
    return sigma;
  }

  /** η = cμ(1 − σ): the rate of the exponential wait of those who wait (negative above cμ). */
  public double decayRate() {
    return servers * mu * (1 - sigma);
  }

  /**
   * Relative mass of arrivals finding a free server, with π_{c−1} = 1 (M/M/c: Σ_{n<c} p_n/p_{c−1}).
   */
  double noWaitMassRelative() {
    return noWaitMass;
  }

  /** P(an arrival waits) = (σ/(1 − σ)) / (Σ_{j<c} π_j + σ/(1 − σ)); below saturation only. */
  public double waitProbability() {
    requireStable();
    double waiting = sigma / (1 - sigma);
    return waiting / (noWaitMass + waiting);
  }

  /** Mean wait in queue, P(wait) / η. */
  public double meanWait() {
    return waitProbability() / decayRate();
  }

  /** P(W > t) = P(wait) e^{−ηt}. */
  public double waitTail(double t) {
    return t < 0 ? 1 : waitProbability() * Math.exp(-decayRate() * t);
  }

  public int servers() {
    return servers;
  }

  public int order() {
    return order;
  }

  private void requireStable() {
    if (lambda >= servers * mu) {
      throw new IllegalStateException("unstable: lambda >= c * mu");
    }
  }
}
