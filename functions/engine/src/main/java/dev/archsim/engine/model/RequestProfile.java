package dev.archsim.engine.model;

/**
 * What one request needs.
 *
 * @param cpuMsPerRequest CPU time of one request on one vCPU running at full speed
 * @param bytesOut response size sent to the client
 * @param networkLatencyMs round trip between the client and the region, added to every response
 * @param timeoutMs how long a client (or the load balancer) waits before giving up; requests whose
 *     wait in queue passes it fail as {@code overload}
 */
public record RequestProfile(
    double cpuMsPerRequest, double bytesOut, double networkLatencyMs, double timeoutMs) {
  public static final double DEFAULT_NETWORK_LATENCY_MS = 20.0;
  public static final double DEFAULT_TIMEOUT_MS = 10_000.0;
}
