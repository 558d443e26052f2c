package dev.archsim.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.archsim.core.http.HttpAnswer;
import dev.archsim.core.http.HttpCall;
import dev.archsim.core.http.RunsHttp;
import dev.archsim.core.http.WebApp;
import dev.archsim.core.optimize.RunOptimization;
import dev.archsim.core.run.CancelRun;
import dev.archsim.core.run.GetRun;
import dev.archsim.core.run.RunViews;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.engine.validate.Limits;
import dev.archsim.engine.validate.ScenarioRejectedException;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.HashMap;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The HTTP API behind API Gateway (HTTP API, payload 2.0): decodes the event, lets {@link RunsHttp}
 * answer, encodes the response. A run is visible only to the identity that submitted it.
 */
@Named("runs-api")
public class RunsApiHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private static final Logger LOG = Logger.getLogger(RunsApiHandler.class);
  private final RunsHttp http;
  private final WebApp app;

  @Inject
  public RunsApiHandler(
      SubmitRun submitRun,
      GetRun getRun,
      CancelRun cancelRun,
      RunOptimization optimizations,
      dev.archsim.core.run.RunStore store,
      ApiConfig config) {
    this(
        submitRun,
        getRun,
        cancelRun,
        config.maxBodyBytes(),
        Limits.DEFAULT.withMaxWork(config.maxWork()),
        optimizations);
    // a comparison simulates both runs again within the request (API Gateway waits 30 s): a
    // fiftieth of a run's work budget
    http.comparing(
        new dev.archsim.core.run.CompareRuns(
            store,
            submitRun.codec(),
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            config.maxWork() / 50));
  }

  public RunsApiHandler(SubmitRun submitRun, GetRun getRun, CancelRun cancelRun, int maxBodyBytes) {
    this(submitRun, getRun, cancelRun, maxBodyBytes, Limits.DEFAULT);
  }

  /** With the web app: its page, the library and scenario validation beside the runs API. */
  public RunsApiHandler(
      SubmitRun submitRun, GetRun getRun, CancelRun cancelRun, int maxBodyBytes, Limits limits) {
    this(submitRun, getRun, cancelRun, maxBodyBytes, limits, null);
  }

  /** With the optimisations API ({@code /optimizations}) too. */
  public RunsApiHandler(
      SubmitRun submitRun,
      GetRun getRun,
      CancelRun cancelRun,
      int maxBodyBytes,
      Limits limits,
      RunOptimization optimizations) {
    this.http = new RunsHttp(submitRun, getRun, cancelRun, maxBodyBytes, optimizations);
    // the process's one codec for these limits (the submission's, in the deployed function)
    this.app = new WebApp(limits, WebApp.bundledLibrary());
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    HttpCall call = null;
    HttpAnswer answer;
    try {
      call = HttpRequest.of(event);
      HttpAnswer page =
          call.owner() == null && !WebApp.isAsset(call.method(), call.path())
              ? null
              : app.handle(call);
      answer = page != null ? page : http.handle(call, HttpRequest.baseUrl(event));
    } catch (ScenarioRejectedException e) {
      answer = RunsHttp.invalid(e); // a body that is not UTF-8
    } catch (RuntimeException e) {
      LOG.errorf(
          e,
          "request %s %s failed",
          call == null ? "?" : call.method(),
          call == null ? event.getRawPath() : call.path());
      answer =
          HttpAnswer.json(
              500, RunViews.error("internal error; the request was not completed", List.of()));
    }
    APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
    response.setStatusCode(answer.status());
    response.setHeaders(new HashMap<>(answer.headers()));
    response.setBody(answer.body());
    response.setIsBase64Encoded(false);
    return response;
  }
}
