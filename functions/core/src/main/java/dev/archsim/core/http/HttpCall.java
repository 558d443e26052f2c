package dev.archsim.core.http;

import java.util.Map;

/**
 * An HTTP request as the runs API sees it, whatever carried it (API Gateway, a local server).
 *
 * @param owner the authenticated caller; null when unauthenticated
 * @param headers lower-case header names
 */
public record HttpCall(
    String method,
    String path,
    String owner,
    String body,
    Map<String, String> headers,
    Map<String, String> query) {
  public HttpCall {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    query = query == null ? Map.of() : Map.copyOf(query);
    body = body == null ? "" : body;
  }
}
