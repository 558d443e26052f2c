package dev.archsim.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.archsim.core.run.GetRun;
import dev.archsim.core.run.RunNotFoundException;
import dev.archsim.core.run.RunViews;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.engine.validate.ScenarioRejectedException;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

/**
 * The HTTP API (API Gateway HTTP API, payload 2.0): {@code POST /runs} submits a scenario, {@code
 * GET /runs/{id}} reads a run. Decodes the request, calls one use case, maps the outcome to a
 * status; a run is visible only to the identity that submitted it.
 */
@Named("runs-api")
public class RunsApiHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private static final Logger LOG = Logger.getLogger(RunsApiHandler.class);
  private final SubmitRun submitRun;
  private final GetRun getRun;
  private final int maxBodyBytes;

  @Inject
  public RunsApiHandler(SubmitRun submitRun, GetRun getRun, ApiConfig config) {
    this(submitRun, getRun, config.maxBodyBytes());
  }

  public RunsApiHandler(SubmitRun submitRun, GetRun getRun, int maxBodyBytes) {
    this.submitRun = submitRun;
    this.getRun = getRun;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    HttpRequest request = HttpRequest.of(event);
    try {
      if (request.owner() == null) {
        return HttpRequest.json(
            401, RunViews.error("authentication required", java.util.List.of()));
      }
      if (request.is("POST", "/runs")) {
        String body = request.body();
        if (body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > maxBodyBytes) {
          return HttpRequest.json(
              413,
              RunViews.error(
                  "scenario larger than " + maxBodyBytes + " bytes", java.util.List.of()));
        }
        SubmitRun.Submitted s =
            submitRun.submit(
                new SubmitRun.Request(
                    request.owner(),
                    body,
                    request.header("idempotency-key"),
                    request.intQuery("trials"),
                    request.longQuery("seed")));
        String url = request.urlOf("/runs/" + s.runId());
        return HttpRequest.json(202, RunViews.submitted(s, url)).withHeader("Location", url);
      }
      String id = request.pathId("/runs/");
      if ("GET".equals(request.method()) && id != null) {
        return HttpRequest.json(200, RunViews.run(getRun.get(request.owner(), id)));
      }
      return HttpRequest.json(
          404,
          RunViews.error(
              "no route " + request.method() + " " + request.path(), java.util.List.of()));
    } catch (HttpRequest.BadRequest e) {
      return HttpRequest.json(400, RunViews.error(e.getMessage(), e.problems()));
    } catch (ScenarioRejectedException e) {
      return HttpRequest.json(400, RunViews.error("invalid scenario", e.violations()));
    } catch (RunNotFoundException e) {
      return HttpRequest.json(404, RunViews.error(e.getMessage(), java.util.List.of()));
    } catch (RuntimeException e) {
      LOG.errorf(e, "request %s %s failed", request.method(), request.path());
      return HttpRequest.json(
          500,
          RunViews.error("internal error; the request was not completed", java.util.List.of()));
    }
  }
}
