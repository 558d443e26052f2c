package dev.archsim.core.result;

/**
 * The Wilson score interval of a proportion: k successes of n trials, at 95 %. Unlike the normal
 * approximation it stays inside [0, 1] and is not empty at k = 0 or k = n: 100 of 100 trials
 * meeting an objective gives [0.963, 1], not "P = 1.00".
 */
public record WilsonInterval(double low, double high) {
  private static final double Z = 1.959964;

  public static WilsonInterval of(long k, long n) {
    if (n <= 0) {
      return new WilsonInterval(0, 1);
    }
    double p = (double) k / n;
    double z2 = Z * Z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denominator;
    double half = Z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return new WilsonInterval(Math.max(0, centre - half), Math.min(1, centre + half));
  }
}
