package dev.archsim.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioOverrides;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.ShardPlan;
import dev.archsim.engine.validate.ScenarioRejectedException;
import dev.archsim.engine.validate.Violation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Submit a run: validate the scenario, split it into shards, store the run, enqueue the shards. A
 * retried submission with the same idempotency key returns the run created the first time, and
 * finishes its enqueueing if the first submission died before it was done.
 */
public final class SubmitRun {

  /**
   * @param trialsPerShard trials a worker runs per message
   * @param retention how long a run is kept before the store may expire it
   * @param maxShards the most shards one run may have
   */
  public record Settings(int trialsPerShard, Duration retention, int maxShards) {
    public static final Settings DEFAULT = new Settings(25, Duration.ofDays(30), 10_000);
  }

  /**
   * What the caller asked for besides the document.
   *
   * @param requestHash the fingerprint of the request as sent (an HTTP caller's: method, path,
   *     query and body, {@link dev.archsim.core.http.RunsHttp}); null: the fingerprint of the
   *     scenario, trials and seed
   */
  public record Request(
      String owner,
      String scenarioJson,
      String idempotencyKey,
      Integer trials,
      Long seed,
      String requestHash) {
    public Request(
        String owner, String scenarioJson, String idempotencyKey, Integer trials, Long seed) {
      this(owner, scenarioJson, idempotencyKey, trials, seed, null);
    }

    /** The fingerprint stored with a keyed run and compared on its retries. */
    String fingerprint() {
      return requestHash != null
          ? requestHash
          : Fingerprints.sha256(
              "submit",
              scenarioJson,
              trials == null ? null : trials.toString(),
              seed == null ? null : seed.toString());
    }
  }

  /**
   * The id of the run an owner creates under an idempotency key: a UUID from the SHA-256 of the
   * length-prefixed owner and key, so that no two (owner, key) pairs share an id by construction.
   */
  public static String runIdFor(String owner, String idempotencyKey) {
    return Fingerprints.uuid("run", owner, idempotencyKey).toString();
  }

  /**
   * The accepted run.
   *
   * @param scenario the scenario the run simulates, as accepted (overrides applied)
   */
  public record Submitted(
      String runId, boolean created, int shards, List<Violation> warnings, Scenario scenario) {}

  /** The run's mark once every shard is on the queue. */
  public static final String ENQUEUED = "enqueued";

  /**
   * How long after a run is stored its first submission may still be enqueueing: longer than API
   * Gateway's 30 s integration timeout and the API function's 30 s timeout.
   */
  public static final Duration ENQUEUE_GRACE = Duration.ofSeconds(60);

  private static final ObjectMapper MAPPER = ScenarioCodec.strict(new ObjectMapper());

  private final RunStore store;
  private final ShardQueue queue;
  private final ScenarioCodec codec;
  private final Clock clock;
  private final Supplier<String> ids;
  private final Settings settings;
  private final ScenarioCache scenarios;

  public SubmitRun(
      RunStore store,
      ShardQueue queue,
      ScenarioCodec codec,
      Clock clock,
      Supplier<String> ids,
      Settings settings) {
    this(store, queue, codec, clock, ids, settings, null);
  }

  /**
   * The same, in a process that also runs the shards ({@code completeRun}'s and its shard
   * processor's): each accepted scenario is handed to them as parsed, so the workers of this
   * process do not parse it again.
   */
  public SubmitRun(
      RunStore store,
      ShardQueue queue,
      ScenarioCodec codec,
      Clock clock,
      Supplier<String> ids,
      Settings settings,
      CompleteRun completeRun) {
    this.store = store;
    this.queue = queue;
    this.codec = codec;
    this.clock = clock;
    this.ids = ids;
    this.settings = settings;
    this.scenarios = completeRun == null ? null : completeRun.scenarios();
  }

  /** The codec this use case parses with: the process's one, for the others to share. */
  public ScenarioCodec codec() {
    return codec;
  }

  /**
   * @throws ScenarioRejectedException listing every problem when the scenario is invalid
   */
  public Submitted submit(Request request) {
    JsonNode tree = ScenarioCodec.readJsonTree(MAPPER, request.scenarioJson());
    if (tree == null || !tree.isObject()) {
      throw new ScenarioRejectedException(List.of(Violation.error("$", "expected a JSON object")));
    }
    ScenarioOverrides overrides = ScenarioOverrides.of(request.trials(), request.seed());
    ScenarioParseResult parsed = codec.parseTree(tree, overrides, ScenarioOverrides.Terms.REQUEST);
    return accept(
        request,
        parsed.orThrow(),
        tree,
        overrides,
        ScenarioOverrides.Terms.REQUEST,
        parsed.warnings());
  }

  /**
   * Submits a scenario the command line has parsed, with its flags' changes ({@code overrides}):
   * they are applied to the model and the result checked against this use case's limits (the work
   * budget included), nothing parsed again; {@code document} (the document as the user wrote it) is
   * stored for the workers with the overrides beside it, and problems of what a flag set are said
   * as the flag ({@link ScenarioOverrides.Terms#COMMAND_LINE}).
   *
   * @param asParsed the model of {@code document}, overrides not applied
   * @throws ScenarioRejectedException listing every problem of the changed scenario
   */
  public Submitted submitParsed(
      String owner,
      Scenario asParsed,
      JsonNode document,
      ScenarioOverrides overrides,
      List<Violation> warnings) {
    ScenarioParseResult checked =
        codec.check(asParsed, document, overrides, ScenarioOverrides.Terms.COMMAND_LINE);
    List<Violation> all = new java.util.ArrayList<>(warnings);
    all.addAll(checked.warnings());
    return accept(
        new Request(owner, document.toString(), null, null, null),
        checked.orThrow(),
        document,
        overrides,
        ScenarioOverrides.Terms.COMMAND_LINE,
        all);
  }

  private Submitted accept(
      Request request,
      Scenario scenario,
      JsonNode doc,
      ScenarioOverrides overrides,
      ScenarioOverrides.Terms terms,
      List<Violation> warnings) {
    List<Shard> shards = ShardPlan.split(scenario, settings.trialsPerShard());
    if (shards.size() > settings.maxShards()) {
      Violation tooMany =
          Violation.error(
              "$.run.trials",
              "stages × trials need "
                  + shards.size()
                  + " shards of "
                  + settings.trialsPerShard()
                  + " trials; at most "
                  + settings.maxShards()
                  + " are allowed");
      throw new ScenarioRejectedException(overrides.said(List.of(tooMany), scenario, terms));
    }
    boolean keyed = request.idempotencyKey() != null;
    String runId = keyed ? runIdFor(request.owner(), request.idempotencyKey()) : ids.get();
    String fingerprint = keyed ? request.fingerprint() : null;
    Instant now = clock.instant();
    try {
      store.create(
          RunRecord.queued(
              runId,
              request.owner(),
              shards.size(),
              now,
              now.plus(settings.retention()),
              doc.toString(),
              request.idempotencyKey(),
              fingerprint,
              overrides));
    } catch (RunAlreadyExistsException e) {
      if (!keyed) {
        throw e;
      }
      RunRecord existing = store.find(runId).orElseThrow(() -> e);
      checkSameRequest(existing, request, fingerprint);
      resumeEnqueueing(existing, now);
      return new Submitted(existing.runId(), false, existing.totalShards(), warnings, scenario);
    }
    if (scenarios != null) {
      scenarios.put(runId, scenario, shards.size());
    }
    enqueue(runId, shards);
    return new Submitted(runId, true, shards.size(), warnings, scenario);
  }

  /**
   * A retry must come from the run's owner with the request that created the run (runs stored
   * before fingerprints were kept have none: they are not compared).
   */
  private static void checkSameRequest(RunRecord existing, Request request, String fingerprint) {
    if (!existing.owner().equals(request.owner())) {
      throw new IdempotencyKeyMismatchException(
          IdempotencyKeyMismatchException.Reason.OTHER_OWNER,
          "the Idempotency-Key cannot be used: choose another key");
    }
    if (existing.requestHash() != null && !existing.requestHash().equals(fingerprint)) {
      throw new IdempotencyKeyMismatchException(
          IdempotencyKeyMismatchException.Reason.OTHER_REQUEST,
          "the Idempotency-Key '"
              + request.idempotencyKey()
              + "' was first used with another request (body or query) for run "
              + existing.runId()
              + ": send that request again to get its run, or use a new key for a new run");
    }
  }

  /**
   * Puts every shard of the run on the queue, then marks the run {@link #ENQUEUED}. When the queue
   * refuses (some of) them, the run is stored and accepted all the same: without the mark, {@link
   * ReconcileRuns} enqueues its shards once {@link #ENQUEUE_GRACE} has passed (as does a retried
   * submission with the same key), or fails it with the queue's error if it never can. So a client
   * is never told 500 about a run that exists half-enqueued, and never submits it twice.
   */
  private void enqueue(String runId, List<Shard> shards) {
    try {
      queue.enqueue(shards.stream().map(s -> ShardTask.of(runId, s)).toList());
    } catch (ShardQueueException e) {
      return; // rolled forward by the reconciler
    }
    store.mark(runId, ENQUEUED);
  }

  /**
   * A retried submission of a run whose first submission died between storing it and enqueueing all
   * its shards (no {@link #ENQUEUED} mark, older than {@link #ENQUEUE_GRACE}) enqueues them again
   * from the stored scenario; shards already delivered are duplicates, recorded once.
   */
  private void resumeEnqueueing(RunRecord run, Instant now) {
    if (!run.open() // QUEUED, or RUNNING on the shards that did reach the queue
        || run.createdAt() == null
        || run.createdAt().plus(ENQUEUE_GRACE).isAfter(now)
        || store.marks(run.runId()).contains(ENQUEUED)) {
      return; // enqueued, finished, or its first submission may still be enqueueing
    }
    Scenario stored = run.scenario(codec).orThrow();
    List<Shard> shards = ShardPlan.split(stored, settings.trialsPerShard());
    if (shards.size() != run.totalShards()) {
      store.fail(
          run.runId(),
          "its submission died before enqueueing and the shard size has changed since ("
              + shards.size()
              + " shards now, "
              + run.totalShards()
              + " then): submit it again",
          now);
      return;
    }
    enqueue(run.runId(), shards);
  }
}
