package dev.archsim.engine.queueing;

/**
 * The M/M/c+D queue in closed form: c servers, Poisson arrivals λ, exponential services μ, and
 * every client's patience a deterministic τ (the client or load balancer timeout). A request whose
 * wait would pass τ gives up and leaves the queue, so it takes no server; defined for any load, on
 * both sides of saturation (λ ≥ cμ included).
 *
 * <p>Derivation (virtual waiting time V, the wait an arrival would have): below c busy servers V =
 * 0 and the busy count is a birth-death chain, p_n ∝ a^n / n! (a = λ/μ, n < c). With all servers
 * busy each request that joins adds one Exp(cμ) departure gap to V, which falls at rate 1; an
 * arrival joins when V ≤ τ. Level crossing gives the density of V: f(x) = λ p_{c−1} e^{−θx} on (0,
 * τ] and f(τ) e^{−cμ(x−τ)} beyond, with θ = cμ − λ (of either sign). So the share that gives up is
 * P(V > τ) = λ p_{c−1} e^{−θτ} / (cμ), and a served request waits 0 with probability Σ_{n<c} p_n or
 * x ∈ (0, τ] with density f(x). Everything is computed with non-positive exponents (scaled by
 * e^{−s}, s = max(0, −θτ)), so loads far above saturation do not overflow.
 */
public final class MmcdQueue {
  private final int servers;
  private final double mu;
  private final double lambda;
  private final double theta;
  private final double tau;
  private final double s;

  /** What the queue is a function of: equal keys, equal queues. */
  private final Key key;

  /** κ / D' so that the waiting density is f(x) = k e^{−s−θx} on (0, τ]. */
  private final double k;

  /** P(no wait) = Σ_{n<c} p_n. */
  private final double noWait;

  private final double abandoned;

  /**
   * @param servers c
   * @param serviceRate μ per server, per second
   * @param arrivalRate λ per second (any value ≥ 0)
   * @param patienceSeconds τ, finite and ≥ 0 (or +∞ when λ < cμ)
   */
  public MmcdQueue(int servers, double serviceRate, double arrivalRate, double patienceSeconds) {
    this(
        servers,
        serviceRate,
        arrivalRate,
        patienceSeconds,
        arrivalRate,
        servers * serviceRate - arrivalRate,
        Double.NaN,
        1.0,
        1);
  }

  /**
   * E_n/M/c+D: the same queue fed by an Erlang-n stream of rate λ (one of n targets of a
   * round-robin load balancer). The waiting density seen by an arrival keeps the level-crossing
   * form above, with the GI/M/c quantities of {@link ErlangArrivalQueue} in place of the Poisson
   * ones: λ p_{c−1} becomes σcμ π_{c−1}, θ becomes η = cμ(1 − σ) and Σ_{n<c} p_n becomes Σ_{j<c}
   * π_j; the mass that gives up, κ e^{−ητ}/(cμ), is scaled by θ/η (θ = cμ − λ), which keeps the
   * throughput far above saturation at cμ (abandoned share 1 − cμ/λ) and is (1 + c_a²)/2 = (1 +
   * 1/n)/2 in heavy traffic, the diffusion's ratio of arrival variability. Exact for n = 1
   * (M/M/c+D), for infinite patience (E_n/M/c) and far above saturation; in between an
   * approximation: against the request mode with 4 targets of 2 servers, τ 0.5 s and 2 s, ρ 0.8 to
   * 1.5, the abandoned share is within 6 % of the simulated one (LoadBalancerAlgorithmTest,
   * docs/decisions/015).
   */
  public static MmcdQueue erlangArrivals(
      int servers, double serviceRate, double arrivalRate, double patienceSeconds, int order) {
    if (order <= 1) {
      return new MmcdQueue(servers, serviceRate, arrivalRate, patienceSeconds);
    }
    ErlangArrivalQueue g = new ErlangArrivalQueue(servers, serviceRate, arrivalRate, order);
    double cmu = servers * serviceRate;
    double theta = cmu - arrivalRate;
    // θ/η: 1 for Poisson arrivals, (1 + 1/n)/2 in heavy traffic (where η ≈ 2θ / (1 + c_a²))
    double scale =
        Math.abs(theta) < 1e-6 * cmu || g.decayRate() == 0
            ? (1 + 1.0 / order) / 2
            : theta / g.decayRate();
    return new MmcdQueue(
        servers,
        serviceRate,
        arrivalRate,
        patienceSeconds,
        g.sigma() * cmu,
        g.decayRate(),
        g.noWaitMassRelative(),
        scale,
        order);
  }

  /**
   * @param kappa the waiting density's factor at x = 0, relative to the no-wait mass {@code q}
   * @param theta its decay rate
   * @param relativeNoWait q, or NaN for the Poisson Σ_{n<c} p_n / p_{c−1}
   * @param beyond the mass of waits beyond τ is κ e^{−θτ} · beyond / (cμ) (1 for Poisson)
   * @param order the arrival stream's Erlang order (1: Poisson)
   */
  private MmcdQueue(
      int servers,
      double serviceRate,
      double arrivalRate,
      double patienceSeconds,
      double kappa,
      double theta,
      double relativeNoWait,
      double beyond,
      int order) {
    if (servers < 1 || !(serviceRate > 0) || !(arrivalRate >= 0) || !(patienceSeconds >= 0)) {
      throw new IllegalArgumentException("need c >= 1, mu > 0, lambda >= 0, tau >= 0");
    }
    this.key = new Key(servers, order, serviceRate, arrivalRate, patienceSeconds);
    this.servers = servers;
    this.mu = serviceRate;
    this.lambda = arrivalRate;
    this.theta = theta;
    this.tau = patienceSeconds;
    if (Double.isInfinite(tau) && theta <= 0) {
      throw new IllegalArgumentException("unstable: lambda >= c * mu with infinite patience");
    }
    double q = relativeNoWait;
    if (Double.isNaN(q)) {
      double a = arrivalRate / serviceRate;
      // Q = Σ_{n<c} p_n / p_{c−1}: r_{c−1} = 1, r_{n−1} = r_n · n / a
      q = 0;
      double r = 1;
      for (int n = servers - 1; n >= 0; n--) {
        q += r;
        if (n > 0) {
          r = a > 0 ? r * n / a : 0;
          if (r > 1e300) {
            r = 1e300; // λ ≈ 0: p_0 dominates; the ratio is then what matters, not its size
          }
        }
      }
    }
    this.s = Double.isInfinite(tau) ? 0 : Math.max(0, -theta * tau);
    double es = Math.exp(-s);
    // D' = e^{−s} (Q + κ ∫_0^τ e^{−θx} dx + κ e^{−θτ} / (cμ)), κ = λ for Poisson arrivals
    double eTau = Double.isInfinite(tau) ? 0 : Math.exp(-s - theta * tau);
    double d = q * es + kappa * integralExp(0, tau) + kappa * eTau * beyond / (servers * mu);
    this.k = kappa / d;
    this.noWait = q * es / d;
    this.abandoned = arrivalRate == 0 ? 0 : k * eTau * beyond / (servers * mu);
  }

  /** ∫_from^to e^{−s−θx} dx for 0 ≤ from ≤ to ≤ τ. */
  private double integralExp(double from, double to) {
    if (Double.isInfinite(to)) {
      return Math.exp(-s - theta * from) / theta;
    }
    double len = to - from;
    if (Math.abs(theta * len) < 1e-9) {
      return Math.exp(-s - theta * from) * len;
    }
    if (theta > 0) {
      return Math.exp(-s - theta * from) * -Math.expm1(-theta * len) / theta;
    }
    // the larger end is at {@code to}: e^{−s−θ·to} ≤ 1 for to ≤ τ
    return Math.exp(-s - theta * to) * -Math.expm1(theta * len) / -theta;
  }

  /**
   * The queue's parameters: servers, the arrival stream's Erlang order (1 for Poisson), service
   * rate, arrival rate and patience.
   */
  public record Key(int servers, int order, double mu, double lambda, double tau) {}

  /** What the queue is a function of, for sharing what is derived from it. */
  public Key key() {
    return key;
  }

  public int servers() {
    return servers;
  }

  /** Offered load per server λ / (cμ); may exceed 1. */
  public double utilisation() {
    return lambda / (servers * mu);
  }

  /** Share of arrivals that give up (their wait would pass τ): λ p_{c−1} e^{−θτ} / (cμ). */
  public double timeoutFraction() {
    return abandoned;
  }

  /** Share of arrivals served at once (a free server). */
  public double noWaitProbability() {
    return noWait;
  }

  /** Mean response time (wait + service) of the requests served. */
  public double meanServedResponseTime() {
    double served = 1 - abandoned;
    if (served <= 0) {
      return 1.0 / mu;
    }
    return 1.0 / mu + k * firstMoment() / served;
  }

  /** ∫_0^τ x e^{−s−θx} dx. */
  private double firstMoment() {
    if (Double.isInfinite(tau)) {
      return 1 / (theta * theta);
    }
    double x = theta * tau;
    if (Math.abs(x) < 1e-4) {
      // e^{−s} = 1 here (s = 0 or tiny): τ²/2 − θτ³/3 + θ²τ⁴/8
      return Math.exp(-s) * tau * tau * (0.5 - x / 3 + x * x / 8);
    }
    // e^{−s} (1 − e^{−θτ}(1 + θτ)) / θ², with e^{−s−θτ} ≤ 1
    return (Math.exp(-s) - Math.exp(-s - x) * (1 + x)) / (theta * theta);
  }

  /**
   * P(T ≤ t and the request is served), T = wait + Exp(μ) service; its limit as t → ∞ is 1 − {@link
   * #timeoutFraction()}.
   */
  public double servedCdf(double t) {
    if (t <= 0) {
      return 0;
    }
    double m = Math.min(t, tau);
    double waited = k * (integralExp(0, m) - serviceAfter(t, m));
    return noWait * -Math.expm1(-mu * t) + waited;
  }

  /** ∫_0^m e^{−s−θx} e^{−μ(t−x)} dx, with non-positive exponents. */
  private double serviceAfter(double t, double m) {
    double g = mu - theta; // exponent e^{−s−μt + g x}
    double top = -s - mu * (t - m) - theta * m; // x = m
    if (Math.abs(g * m) < 1e-9) {
      return Math.exp(top) * m;
    }
    if (g > 0) {
      return Math.exp(top) * -Math.expm1(-g * m) / g;
    }
    return Math.exp(-s - mu * t) * Math.expm1(g * m) / g;
  }
}
