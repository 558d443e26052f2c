package dev.archsim.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.archsim.core.http.HttpCall;
import dev.archsim.core.scenario.Utf8;
import dev.archsim.engine.validate.ScenarioRejectedException;
import dev.archsim.engine.validate.Violation;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads an HTTP API (payload 2.0) event into an {@link HttpCall}. */
final class HttpRequest {
  private HttpRequest() {}

  /**
   * @throws dev.archsim.engine.validate.ScenarioRejectedException when a base64-encoded body is not
   *     UTF-8
   */
  static HttpCall of(APIGatewayV2HTTPEvent e) {
    var ctx = e.getRequestContext();
    String method = ctx != null && ctx.getHttp() != null ? ctx.getHttp().getMethod() : null;
    String path = e.getRawPath();
    if ((method == null || path == null)
        && e.getRouteKey() != null
        && e.getRouteKey().contains(" ")) {
      String[] parts = e.getRouteKey().split(" ", 2);
      method = method == null ? parts[0] : method;
      path = path == null ? parts[1] : path;
    }
    Map<String, String> headers = new HashMap<>();
    if (e.getHeaders() != null) {
      e.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    }
    String body = e.getBody();
    if (body != null && e.getIsBase64Encoded()) {
      // strictly: bytes that are not UTF-8 are refused, not replaced with U+FFFD
      byte[] bytes;
      try {
        bytes = Base64.getMimeDecoder().decode(body);
      } catch (IllegalArgumentException notBase64) {
        throw new ScenarioRejectedException(
            List.of(Violation.error("$", "the body is marked base64 but is not base64")));
      }
      body = Utf8.decode(bytes);
    }
    return new HttpCall(
        method == null ? "" : method.toUpperCase(Locale.ROOT),
        path == null ? "" : path,
        CallerIdentity.owner(ctx),
        body,
        headers,
        e.getQueryStringParameters());
  }

  static String baseUrl(APIGatewayV2HTTPEvent e) {
    var ctx = e.getRequestContext();
    return ctx == null || ctx.getDomainName() == null ? "" : "https://" + ctx.getDomainName();
  }
}
