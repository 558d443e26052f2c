package dev.archsim.engine.model;

/**
 * CloudFront in front of the origin: static requests ({@link RequestProfile#staticFraction}) hit
 * the edge with {@code hitRatio} and never reach the origin; misses go to S3 when {@code s3Origin},
 * else to the compute tier.
 *
 * @param hitRatio share of static requests answered at the edge
 * @param edgeLatencyMs response time at an edge location, near the user
 * @param s3Origin static content lives in S3 (otherwise the compute tier serves it)
 */
public record Cdn(double hitRatio, double edgeLatencyMs, boolean s3Origin) {
  /** The defaults of the {@code cdn} section. */
  public static final Defaults.Table DEFAULTS = Defaults.section("cdn");

  /** UNSOURCED assumption: an edge hit, including the user's round trip to the edge. */
  public static final double DEFAULT_EDGE_LATENCY_MS = DEFAULTS.d("edgeLatencyMs", 15.0);

  public static final boolean DEFAULT_S3_ORIGIN = DEFAULTS.d("s3Origin", true);

  /** UNSOURCED assumption: S3 GET first-byte latency from the origin region. */
  public static final double S3_MS = 30;
}
