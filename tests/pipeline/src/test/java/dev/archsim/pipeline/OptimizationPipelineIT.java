package dev.archsim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.archsim.api.RunsApiHandler;
import dev.archsim.aws.DynamoDbOptimizationStore;
import dev.archsim.aws.SqsOptimizationSteps;
import dev.archsim.aws.SqsShardParking;
import dev.archsim.aws.SqsShardQueue;
import dev.archsim.core.optimize.OptimizationPlan;
import dev.archsim.core.optimize.OptimizationSteps;
import dev.archsim.core.optimize.OptimizationStore;
import dev.archsim.core.optimize.Optimizer;
import dev.archsim.core.optimize.ReconcileOptimizations;
import dev.archsim.core.optimize.RunOptimization;
import dev.archsim.core.optimize.Waiting;
import dev.archsim.core.run.CancelRun;
import dev.archsim.core.run.CompleteRun;
import dev.archsim.core.run.DeadLetterShard;
import dev.archsim.core.run.GetRun;
import dev.archsim.core.run.ProcessShard;
import dev.archsim.core.run.ReconcileRuns;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.sim.Simulator;
import dev.archsim.engine.validate.Limits;
import dev.archsim.worker.ShardWorkerHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code POST /optimizations} on the serverless pipeline against DynamoDB Local and ElasticMQ in
 * this JVM: the API handler accepts it, the worker handler (driven as the SQS event source drives
 * it, every batch delivered twice) simulates the evaluations' shards and takes the optimisation's
 * steps from the same queue, and the answer equals the optimiser's in one process.
 */
class OptimizationPipelineIT {
  static final String EVENT = "../../events/api/post-optimization.json";

  @BeforeAll
  static void emulators() {
    PipelineIT.emulators();
  }

  record Parts(RunsApiHandler api, ShardWorkerHandler worker, OptimizationStore store) {}

  static Parts parts() {
    return parts(new SqsOptimizationSteps(PipelineIT.sqs, PipelineIT.queueUrl));
  }

  /** The pipeline, its optimisations' steps sent through {@code steps}. */
  static Parts parts(OptimizationSteps steps) {
    Clock clock = Clock.systemUTC();
    ScenarioCodec codec = new ScenarioCodec();
    var queue = new SqsShardQueue(PipelineIT.sqs, PipelineIT.queueUrl);
    OptimizationStore store = new DynamoDbOptimizationStore(PipelineIT.dynamo, PipelineIT.table);
    RunOptimization optimizations =
        new RunOptimization(
            PipelineIT.store,
            queue,
            store,
            steps,
            codec,
            clock,
            () -> UUID.randomUUID().toString(),
            new RunOptimization.Settings(
                Duration.ofDays(30), OptimizationPlan.DEFAULT_MAX_BUDGET, Limits.DEFAULT_MAX_WORK));
    RunsApiHandler api =
        new RunsApiHandler(
            new SubmitRun(
                PipelineIT.store,
                queue,
                codec,
                clock,
                () -> UUID.randomUUID().toString(),
                SubmitRun.Settings.DEFAULT),
            new GetRun(PipelineIT.store),
            new CancelRun(PipelineIT.store, clock),
            1 << 20,
            Limits.DEFAULT,
            optimizations);
    CompleteRun complete =
        new CompleteRun(
                PipelineIT.store,
                codec,
                clock,
                () -> UUID.randomUUID().toString(),
                Duration.ofMinutes(5))
            .followedBy(optimizations.followUp());
    ShardWorkerHandler worker =
        new ShardWorkerHandler(
            new ProcessShard(PipelineIT.store, new Simulator(), complete, clock),
            new DeadLetterShard(
                    PipelineIT.store,
                    new SqsShardParking(PipelineIT.sqs, PipelineIT.failedUrl),
                    clock)
                .followedBy(optimizations.followUp()),
            PipelineIT.dlqArn,
            dev.archsim.worker.ShardMetrics.NONE,
            optimizations);
    return new Parts(api, worker, store);
  }

  static APIGatewayV2HTTPResponse call(
      RunsApiHandler api, String method, String path, String body, Map<String, String> query) {
    APIGatewayV2HTTPEvent e = EventLoader.loadApiGatewayHttpEvent(EVENT);
    e.setRawPath(path);
    e.getRequestContext().getHttp().setPath(path);
    e.getRequestContext().getHttp().setMethod(method);
    e.setRouteKey(method + " " + path);
    if (body != null) {
      e.setBody(body);
    }
    e.setQueryStringParameters(query == null ? e.getQueryStringParameters() : query);
    return api.handleRequest(e, null);
  }

  /** Drives the worker on the shard queue, each batch twice, until the optimisation ends. */
  static JsonNode drive(Parts p, String id) throws Exception {
    PipelineIT.driveWorker(
        p.worker(),
        PipelineIT.queueUrl,
        PipelineIT.queueArn,
        true,
        () -> p.store().find(id).orElseThrow().status().isTerminal(),
        "optimization " + id);
    return read(p, id);
  }

  /** Drives the worker until the queue has stayed empty for three receives. */
  static void driveUntilQuiet(Parts p) {
    int empty = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (empty < 3 && System.nanoTime() < deadline) {
      List<Message> messages = PipelineIT.receive(PipelineIT.queueUrl);
      if (messages.isEmpty()) {
        empty++;
        continue;
      }
      empty = 0;
      var event = PipelineIT.sqsEvent(messages, PipelineIT.queueArn);
      SQSBatchResponse response = p.worker().handleRequest(event, null);
      PipelineIT.settle(PipelineIT.queueUrl, messages, response);
    }
  }

  /** What the optimiser answers in one process for the sample request (racing, 8 trials). */
  static Optimizer.Result inProcess(String body) throws Exception {
    ScenarioCodec codec = new ScenarioCodec();
    OptimizationPlan plan =
        OptimizationPlan.read(
                codec,
                PipelineIT.JSON.readTree(body),
                new OptimizationPlan.Options("racing", 8, null, null, null, null, null),
                n -> n,
                200_000,
                Double.MAX_VALUE,
                2)
            .plan()
            .orElseThrow();
    return new Optimizer(codec, new Simulator())
        .optimize(plan.tree(), plan.scenario(), plan.space(), plan.settings());
  }

  /**
   * Every step asked for once the first one ran is lost (the queue refused it after its evaluation
   * run was stored COMPLETED): the optimisation stays RUNNING with its evaluations done until the
   * reconciler, ten minutes on, asks for its step again; it then finishes with the answer of the
   * optimiser in one process, to the digit, on the same trials.
   */
  @Test
  void aLostStepIsAskedForAgainByTheReconcilerAndTheAnswerIsTheSame() throws Exception {
    AtomicBoolean losing = new AtomicBoolean();
    AtomicInteger lost = new AtomicInteger();
    OptimizationSteps sqs = new SqsOptimizationSteps(PipelineIT.sqs, PipelineIT.queueUrl);
    OptimizationSteps lossy =
        id -> {
          if (losing.get()) {
            lost.incrementAndGet();
          } else {
            sqs.enqueue(id);
          }
        };
    Parts p = parts(lossy);
    APIGatewayV2HTTPEvent post = EventLoader.loadApiGatewayHttpEvent(EVENT);
    post.getHeaders().put("idempotency-key", "lost-step-" + UUID.randomUUID());
    APIGatewayV2HTTPResponse accepted = p.api().handleRequest(post, null);
    assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(202);
    String id = PipelineIT.JSON.readTree(accepted.getBody()).get("optimizationId").asText();
    losing.set(true);

    driveUntilQuiet(p);
    var stuck = p.store().find(id).orElseThrow();
    assertThat(stuck.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(lost.get()).isPositive();
    var waiting = Waiting.fromJson(stuck.waitingJson()).evaluations();
    assertThat(waiting).isNotEmpty();
    for (Waiting.Evaluation e : waiting) {
      assertThat(PipelineIT.store.find(e.runId(id)).orElseThrow().status())
          .isEqualTo(RunStatus.COMPLETED);
    }

    losing.set(false);
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
    ScenarioCodec codec = new ScenarioCodec();
    var queue = new SqsShardQueue(PipelineIT.sqs, PipelineIT.queueUrl);
    var reconciler =
        new ReconcileOptimizations(
            p.store(),
            PipelineIT.store,
            lossy,
            new ReconcileRuns(
                PipelineIT.store,
                queue,
                new CompleteRun(
                    PipelineIT.store,
                    codec,
                    later,
                    () -> UUID.randomUUID().toString(),
                    Duration.ofMinutes(5)),
                codec,
                later,
                new ReconcileRuns.Settings(
                    SubmitRun.ENQUEUE_GRACE,
                    Duration.ofHours(1),
                    Duration.ofDays(4),
                    SubmitRun.Settings.DEFAULT.trialsPerShard(),
                    100)),
            later,
            ReconcileOptimizations.Settings.DEFAULT);
    assertThat(reconciler.reconcile().redriven()).isPositive();

    assertTheInProcessAnswer(drive(p, id), post.getBody());
  }

  /**
   * Asserts that {@code done} completed with the answer of the optimiser in one process for the
   * request {@code body}: its best design, that design's cost and the trials used, to the digit.
   */
  static Optimizer.Result assertTheInProcessAnswer(JsonNode done, String body) throws Exception {
    Optimizer.Result expected = inProcess(body);
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
    assertThat(done.at("/result/best/label").asText())
        .isEqualTo(expected.best().orElseThrow().design().label());
    assertThat(done.at("/result/best/monthlyCostUsd").asDouble())
        .isEqualTo(expected.best().get().judgement().costMean());
    assertThat(done.at("/result/trialsUsed").asLong()).isEqualTo(expected.trialsUsed());
    return expected;
  }

  static JsonNode read(Parts p, String id) throws Exception {
    APIGatewayV2HTTPResponse got = call(p.api(), "GET", "/optimizations/" + id, null, Map.of());
    assertThat(got.getStatusCode()).as(got.getBody()).isEqualTo(200);
    return PipelineIT.JSON.readTree(got.getBody());
  }

  @Test
  void anOptimizationFannedOutThroughTheQueueGivesTheInProcessAnswer() throws Exception {
    Parts p = parts();
    APIGatewayV2HTTPEvent post = EventLoader.loadApiGatewayHttpEvent(EVENT);
    APIGatewayV2HTTPResponse accepted = p.api().handleRequest(post, null);
    assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(202);
    String id = PipelineIT.JSON.readTree(accepted.getBody()).get("optimizationId").asText();
    assertThat(accepted.getHeaders().get("Location")).endsWith("/optimizations/" + id);

    JsonNode done = drive(p, id);

    Optimizer.Result expected = assertTheInProcessAnswer(done, post.getBody());
    assertThat(done.at("/progress/trialsDone").asLong()).isEqualTo(expected.trialsUsed());
    assertThat(done.at("/result/report").isMissingNode()).isTrue();

    APIGatewayV2HTTPResponse report =
        call(p.api(), "GET", "/optimizations/" + id + "/report", null, Map.of());
    assertThat(report.getStatusCode()).isEqualTo(200);
    assertThat(report.getHeaders().get("Content-Type")).startsWith("text/html");
    // racing judges one design on all trials: the finalists' table, and no front to draw
    assertThat(report.getBody())
        .contains("<table class=\"finalists\">")
        .contains("<tr class=\"best\">")
        .contains("The Pareto front")
        .contains("Run with <code>--pareto</code>");
    // finished: cancelling is a conflict, and another identity sees nothing
    assertThat(call(p.api(), "DELETE", "/optimizations/" + id, null, Map.of()).getStatusCode())
        .isEqualTo(409);
    APIGatewayV2HTTPEvent other = EventLoader.loadApiGatewayHttpEvent(EVENT);
    other.setRawPath("/optimizations/" + id);
    other.getRequestContext().getHttp().setPath("/optimizations/" + id);
    other.getRequestContext().getHttp().setMethod("GET");
    other
        .getRequestContext()
        .getAuthorizer()
        .getIam()
        .setUserArn("arn:aws:iam::123456789012:user/bob");
    assertThat(p.api().handleRequest(other, null).getStatusCode()).isEqualTo(404);
  }

  @Test
  void anIdempotencyKeyKeepsOneOptimizationAndRefusesAnotherRequestUnderIt() throws Exception {
    Parts p = parts();
    String key = "opt-" + UUID.randomUUID();
    APIGatewayV2HTTPEvent post = EventLoader.loadApiGatewayHttpEvent(EVENT);
    post.getHeaders().put("idempotency-key", key);
    APIGatewayV2HTTPResponse first = p.api().handleRequest(post, null);
    assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(202);
    JsonNode created = PipelineIT.JSON.readTree(first.getBody());
    assertThat(created.get("created").asBoolean()).isTrue();
    String id = created.get("optimizationId").asText();
    assertThat(id).isEqualTo(RunOptimization.idFor("arn:aws:iam::123456789012:user/alice", key));

    APIGatewayV2HTTPResponse again = p.api().handleRequest(post, null);
    assertThat(again.getStatusCode()).as(again.getBody()).isEqualTo(202);
    assertThat(PipelineIT.JSON.readTree(again.getBody()).get("optimizationId").asText())
        .isEqualTo(id);
    assertThat(PipelineIT.JSON.readTree(again.getBody()).get("created").asBoolean()).isFalse();

    APIGatewayV2HTTPEvent other = EventLoader.loadApiGatewayHttpEvent(EVENT);
    other.getHeaders().put("idempotency-key", key);
    other.setBody(other.getBody().replace("\"seed\"", " \"seed\""));
    APIGatewayV2HTTPResponse refused = p.api().handleRequest(other, null);
    assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(422);

    APIGatewayV2HTTPEvent empty = EventLoader.loadApiGatewayHttpEvent(EVENT);
    empty.getHeaders().put("idempotency-key", "");
    APIGatewayV2HTTPResponse bad = p.api().handleRequest(empty, null);
    assertThat(bad.getStatusCode()).as(bad.getBody()).isEqualTo(400);
    assertThat(PipelineIT.JSON.readTree(bad.getBody()).at("/problems/0/path").asText())
        .isEqualTo("Idempotency-Key");
    // one optimisation stored under the key; cancelled so that no other test simulates it
    assertThat(call(p.api(), "DELETE", "/optimizations/" + id, null, Map.of()).getStatusCode())
        .isEqualTo(200);
  }

  @Test
  void aBadRequestIsRefusedWithEveryProblemAndNothingIsEnqueued() throws Exception {
    Parts p = parts();
    String body =
        EventLoader.loadApiGatewayHttpEvent(EVENT)
            .getBody()
            .replace("\"c5.large\"", "\"c5.larj\"")
            .replace("\"P1D\"", "\"one day\"");
    Map<String, String> query = new HashMap<>(Map.of("trials", "many", "colour", "red"));
    APIGatewayV2HTTPResponse refused = call(p.api(), "POST", "/optimizations", body, query);
    assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(400);
    JsonNode problems = PipelineIT.JSON.readTree(refused.getBody()).get("problems");
    List<String> paths = problems.findValuesAsText("path");
    assertThat(paths).contains("?trials", "?colour", "$.run.horizon");
    // a YAML body is read as the command line reads a .yaml file; its design space is checked too
    APIGatewayV2HTTPEvent yaml = EventLoader.loadApiGatewayHttpEvent(EVENT);
    yaml.getHeaders().put("content-type", "application/yaml");
    yaml.setBody(
        PipelineIT.JSON.readTree(yaml.getBody()).toString().replace("\"t3.large\"", "\"t3.larj\""));
    APIGatewayV2HTTPResponse yamlRefused = p.api().handleRequest(yaml, null);
    assertThat(yamlRefused.getStatusCode()).as(yamlRefused.getBody()).isEqualTo(400);
    assertThat(yamlRefused.getBody())
        .contains("$.designSpace.choices.instanceType")
        .contains("t3.larj");
  }
}
