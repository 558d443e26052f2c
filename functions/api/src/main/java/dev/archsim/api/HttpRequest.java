package dev.archsim.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.archsim.core.http.HttpCall;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Reads an HTTP API (payload 2.0) event into an {@link HttpCall}. */
final class HttpRequest {
  private HttpRequest() {}

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
      body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
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
