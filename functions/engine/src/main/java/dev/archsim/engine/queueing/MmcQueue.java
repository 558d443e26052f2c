package dev.archsim.engine.queueing;

/**
 * The M/M/c queue in closed form: Erlang C waiting probability, mean and distribution of the
 * response time, with a client timeout on the wait (requests that would wait longer than the
 * timeout give up and fail).
 *
 * <p>Response time T = W + S, S ~ Exp(μ); with probability 1 − C the request does not wait, with
 * probability C it waits W' ~ Exp(θ), θ = cμ − λ. Rates are per second, times in seconds.
 */
public final class MmcQueue {
  private final int servers;
  private final double mu;
  private final double lambda;
  private final double theta;
  private final double waitProbability;
  private final double timeout;

  /**
   * @param servers c, the number of servers
   * @param serviceRate μ, requests per second one server completes
   * @param arrivalRate λ, requests per second offered; must be below cμ
   * @param timeoutSeconds a request waiting longer than this fails (use +∞ for no timeout)
   */
  public MmcQueue(int servers, double serviceRate, double arrivalRate, double timeoutSeconds) {
    if (servers < 1 || !(serviceRate > 0) || !(arrivalRate >= 0)) {
      throw new IllegalArgumentException("need c >= 1, mu > 0, lambda >= 0");
    }
    if (arrivalRate >= servers * serviceRate) {
      throw new IllegalArgumentException("unstable: lambda >= c * mu");
    }
    this.servers = servers;
    this.mu = serviceRate;
    this.lambda = arrivalRate;
    this.theta = servers * serviceRate - arrivalRate;
    this.waitProbability = erlangC(servers, arrivalRate / serviceRate);
    this.timeout = timeoutSeconds;
  }

  /** Erlang B blocking probability for c servers and offered load a = λ/μ (stable recursion). */
  public static double erlangB(int c, double a) {
    double b = 1.0;
    for (int k = 1; k <= c; k++) {
      b = a * b / (k + a * b);
    }
    return b;
  }

  /** Erlang C: probability an arrival waits, for c servers and offered load a = λ/μ < c. */
  public static double erlangC(int c, double a) {
    if (a <= 0) {
      return 0.0;
    }
    double rho = a / c;
    double b = erlangB(c, a);
    return b / (1 - rho * (1 - b));
  }

  public int servers() {
    return servers;
  }

  public double utilisation() {
    return lambda / (servers * mu);
  }

  /** Probability an arrival has to wait (Erlang C). */
  public double waitProbability() {
    return waitProbability;
  }

  /** Fraction of arrivals whose wait would pass the timeout: C e^{−θτ}. */
  public double timeoutFraction() {
    if (Double.isInfinite(timeout)) {
      return 0.0;
    }
    return waitProbability * Math.exp(-theta * timeout);
  }

  /** Mean response time without a timeout: 1/μ + C/(cμ − λ). */
  public double meanResponseTime() {
    return 1.0 / mu + waitProbability / theta;
  }

  /** Mean waiting time without a timeout: C/(cμ − λ). */
  public double meanWait() {
    return waitProbability / theta;
  }

  /** Mean response time of the requests that are served (wait within the timeout). */
  public double meanServedResponseTime() {
    if (Double.isInfinite(timeout)) {
      return meanResponseTime();
    }
    double e = Math.exp(-theta * timeout);
    double waitPart = waitProbability * (1 - e * (1 + theta * timeout)) / theta;
    return 1.0 / mu + waitPart / (1 - waitProbability * e);
  }

  /**
   * P(T ≤ t and the request is served), the unnormalised distribution of served response times; its
   * limit as t → ∞ is 1 − {@link #timeoutFraction()}.
   */
  public double servedCdf(double t) {
    if (t <= 0) {
      return 0.0;
    }
    double noWait = (1 - waitProbability) * (1 - Math.exp(-mu * t));
    return noWait + waitProbability * waitedCdf(t);
  }

  /** P(W' + S ≤ t, W' ≤ τ) for W' ~ Exp(θ), S ~ Exp(μ). */
  private double waitedCdf(double t) {
    if (t <= timeout) {
      return hypoexponentialCdf(theta, mu, t);
    }
    // ∫_0^τ θe^{−θw}(1 − e^{−μ(t−w)}) dw, written with non-positive exponents only.
    double head = 1 - Math.exp(-theta * timeout);
    double diff = mu - theta;
    double tail;
    if (Math.abs(diff) < 1e-12 * mu) {
      tail = theta * timeout * Math.exp(-mu * t);
    } else {
      tail = theta * (Math.exp(-mu * (t - timeout) - theta * timeout) - Math.exp(-mu * t)) / diff;
    }
    return head - tail;
  }

  /** CDF of the sum of independent Exp(a) and Exp(b). */
  static double hypoexponentialCdf(double a, double b, double t) {
    if (Math.abs(a - b) < 1e-9 * Math.max(a, b)) {
      return 1 - Math.exp(-a * t) * (1 + a * t);
    }
    return 1 - (b * Math.exp(-a * t) - a * Math.exp(-b * t)) / (b - a);
  }
}
