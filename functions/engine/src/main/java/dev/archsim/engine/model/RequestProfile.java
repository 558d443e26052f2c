package dev.archsim.engine.model;

/**
 * What one request needs.
 *
 * @param cpuMsPerRequest CPU time of one request on one vCPU running at full speed
 * @param bytesOut response size sent to the client
 * @param networkLatencyMs round trip between the client and the nearest region, added to every
 *     response
 * @param timeoutMs how long a client (or the load balancer) waits before giving up; requests whose
 *     wait in queue passes it fail as {@code overload}
 * @param staticFraction share of requests for static content (images, scripts), which a CDN can
 *     serve at the edge
 * @param dbReadsPerRequest mean database reads of a dynamic request (Poisson)
 * @param dbWritesPerRequest mean database writes of a dynamic request (Poisson)
 * @param sessionSeconds mean length of a user session (exponential); with sticky sessions its state
 *     lives on one instance
 * @param requestsPerSession requests a session makes
 * @param egressShare share of the dynamic requests that call out of the VPC (the internet, an AWS
 *     API) from the private instances, through a NAT gateway or a VPC endpoint
 * @param egressKb data such a call sends and receives through the NAT gateway or endpoint, in KB
 */
public record RequestProfile(
    double cpuMsPerRequest,
    double bytesOut,
    double networkLatencyMs,
    double timeoutMs,
    double staticFraction,
    double dbReadsPerRequest,
    double dbWritesPerRequest,
    double sessionSeconds,
    double requestsPerSession,
    double egressShare,
    double egressKb) {
  public static final double DEFAULT_NETWORK_LATENCY_MS = Defaults.NETWORK_LATENCY_MS;
  public static final double DEFAULT_TIMEOUT_MS = Defaults.TIMEOUT_MS;

  /** UNSOURCED defaults: a 30-minute session of 20 requests. */
  public static final double DEFAULT_SESSION_SECONDS = Defaults.SESSION_SECONDS;

  public static final double DEFAULT_REQUESTS_PER_SESSION = Defaults.REQUESTS_PER_SESSION;

  /** UNSOURCED default: a call out of the VPC moves 10 KB through the NAT gateway. */
  public static final double DEFAULT_EGRESS_KB = Defaults.EGRESS_KB;

  public RequestProfile(
      double cpuMsPerRequest, double bytesOut, double networkLatencyMs, double timeoutMs) {
    this(
        cpuMsPerRequest,
        bytesOut,
        networkLatencyMs,
        timeoutMs,
        Defaults.STATIC_FRACTION,
        Defaults.DB_READS_PER_REQUEST,
        Defaults.DB_WRITES_PER_REQUEST);
  }

  /** A profile with the default sessions whose requests make no call out of the VPC. */
  public RequestProfile(
      double cpuMsPerRequest,
      double bytesOut,
      double networkLatencyMs,
      double timeoutMs,
      double staticFraction,
      double dbReadsPerRequest,
      double dbWritesPerRequest) {
    this(
        cpuMsPerRequest,
        bytesOut,
        networkLatencyMs,
        timeoutMs,
        staticFraction,
        dbReadsPerRequest,
        dbWritesPerRequest,
        DEFAULT_SESSION_SECONDS,
        DEFAULT_REQUESTS_PER_SESSION,
        Defaults.EGRESS_SHARE,
        DEFAULT_EGRESS_KB);
  }
}
