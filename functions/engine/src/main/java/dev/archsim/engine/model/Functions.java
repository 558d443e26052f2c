package dev.archsim.engine.model;

/**
 * A Lambda compute tier behind API Gateway. Concurrency is rate × duration; it is limited by the
 * reserved or account concurrency and by the scaling rate (1,000 environments every 10 s); beyond
 * them requests are throttled (429). New environments start cold.
 *
 * @param name function name, used for cost components
 * @param memoryMb memory, which also sets the CPU share (one vCPU at 1,769 MB)
 * @param durationMs mean duration of one invocation; null: the profile's CPU time at the memory's
 *     CPU share
 * @param accountConcurrency the region's concurrency limit (default 1,000)
 * @param reservedConcurrency reserved for this function (caps it), or null
 * @param provisionedConcurrency environments kept warm (billed), 0 for none
 * @param coldStartMs added to an invocation that lands on a new environment
 * @param snapStart Java SnapStart: cold starts up to 10× shorter
 * @param environmentLifetimeMinutes how long an environment lives before Lambda recycles it
 * @param arm64 Graviton pricing (20 % cheaper per GB-s)
 */
public record Functions(
    String name,
    int memoryMb,
    Double durationMs,
    int accountConcurrency,
    Integer reservedConcurrency,
    int provisionedConcurrency,
    double coldStartMs,
    boolean snapStart,
    double environmentLifetimeMinutes,
    boolean arm64) {
  /** The defaults of the {@code functions} section. */
  public static final Defaults.Table DEFAULTS = Defaults.section("functions");

  public static final String DEFAULT_NAME = DEFAULTS.d("name", "api");
  public static final int DEFAULT_MEMORY_MB = DEFAULTS.d("memoryMb", 1024);
  public static final int DEFAULT_ACCOUNT_CONCURRENCY = DEFAULTS.d("accountConcurrency", 1000);
  public static final int DEFAULT_PROVISIONED_CONCURRENCY = DEFAULTS.d("provisionedConcurrency", 0);

  /** AWS-FACTS §10 assumption: a plain Java function's cold start, p50 ~1–2 s. */
  public static final double DEFAULT_COLD_START_MS = DEFAULTS.d("coldStartMs", 1500.0);

  public static final boolean DEFAULT_SNAP_START = DEFAULTS.d("snapStart", false);

  /** UNSOURCED assumption: execution environments are recycled after a few hours. */
  public static final double DEFAULT_ENVIRONMENT_LIFETIME_MINUTES =
      DEFAULTS.d("environmentLifetimeMinutes", 120.0);

  public static final boolean DEFAULT_ARM64 = DEFAULTS.d("arm64", false);

  /** Memory at which a function has one full vCPU (AWS Lambda docs). */
  public static final double MB_PER_VCPU = 1769;

  /** Environments added per function every 10 s (AWS-FACTS §10). */
  public static final double SCALING_PER_10_SECONDS = 1000;

  public double coldStartEffectiveMs() {
    return snapStart ? coldStartMs / 10 : coldStartMs;
  }

  /** Mean duration of an invocation in milliseconds. */
  public double meanDurationMs(RequestProfile profile) {
    if (durationMs != null) {
      return durationMs;
    }
    double cpuShare = Math.min(1.0, memoryMb / MB_PER_VCPU);
    return profile.cpuMsPerRequest() / cpuShare;
  }

  public int concurrencyLimit() {
    return reservedConcurrency != null ? reservedConcurrency : accountConcurrency;
  }
}
