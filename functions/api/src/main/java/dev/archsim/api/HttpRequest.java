package dev.archsim.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.archsim.engine.validate.Violation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The parts of an HTTP API event the handler needs: route, identity, body, headers, query. */
record HttpRequest(
    String method,
    String path,
    String owner,
    String rawBody,
    boolean base64,
    Map<String, String> headers,
    Map<String, String> query,
    String domain) {

  static HttpRequest of(APIGatewayV2HTTPEvent e) {
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
    return new HttpRequest(
        method == null ? "" : method.toUpperCase(Locale.ROOT),
        path == null ? "" : path,
        owner(ctx),
        e.getBody(),
        e.getIsBase64Encoded(),
        headers,
        e.getQueryStringParameters() == null ? Map.of() : e.getQueryStringParameters(),
        ctx == null ? null : ctx.getDomainName());
  }

  /** The caller: the IAM principal, or the JWT subject; null when unauthenticated. */
  private static String owner(APIGatewayV2HTTPEvent.RequestContext ctx) {
    if (ctx == null || ctx.getAuthorizer() == null) {
      return null;
    }
    var auth = ctx.getAuthorizer();
    if (auth.getIam() != null && auth.getIam().getUserArn() != null) {
      return auth.getIam().getUserArn();
    }
    if (auth.getJwt() != null
        && auth.getJwt().getClaims() != null
        && auth.getJwt().getClaims().get("sub") != null) {
      return "jwt:" + auth.getJwt().getClaims().get("sub");
    }
    return null;
  }

  boolean is(String m, String p) {
    return method.equals(m) && (path.equals(p) || path.equals(p + "/"));
  }

  /** The id after {@code prefix} when the path is exactly prefix + id, else null. */
  String pathId(String prefix) {
    if (!path.startsWith(prefix)) {
      return null;
    }
    String id = path.substring(prefix.length());
    return id.isEmpty() || id.contains("/") ? null : id;
  }

  String header(String name) {
    return headers.get(name);
  }

  String body() {
    if (rawBody == null) {
      return "";
    }
    return base64
        ? new String(Base64.getDecoder().decode(rawBody), StandardCharsets.UTF_8)
        : rawBody;
  }

  Integer intQuery(String name) {
    return query(name, Integer::valueOf);
  }

  Long longQuery(String name) {
    return query(name, Long::valueOf);
  }

  /** The query parameter parsed as an integer, null when absent, 400 when not a number. */
  private <T> T query(String name, java.util.function.Function<String, T> parse) {
    String v = query.get(name);
    if (v == null) {
      return null;
    }
    try {
      return parse.apply(v);
    } catch (NumberFormatException e) {
      throw new BadRequest(
          "bad query parameter",
          List.of(Violation.error("?" + name, "expected an integer; found '" + v + "'")));
    }
  }

  String urlOf(String p) {
    return domain == null ? p : "https://" + domain + p;
  }

  static Response json(int status, String body) {
    return new Response(status, body);
  }

  /** A response under construction. */
  static final class Response extends APIGatewayV2HTTPResponse {
    Response(int status, String body) {
      setStatusCode(status);
      setBody(body);
      setIsBase64Encoded(false);
      Map<String, String> h = new HashMap<>();
      h.put("Content-Type", "application/json");
      setHeaders(h);
    }

    Response withHeader(String name, String value) {
      getHeaders().put(name, value);
      return this;
    }
  }

  /** A client mistake outside the scenario document. */
  static final class BadRequest extends RuntimeException {
    private final List<Violation> problems;

    BadRequest(String message, List<Violation> problems) {
      super(message);
      this.problems = problems;
    }

    List<Violation> problems() {
      return problems;
    }
  }
}
