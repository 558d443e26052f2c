package dev.archsim.core.http;

import java.util.Map;

/** Status, headers and body of an answer of the runs API. */
public record HttpAnswer(int status, Map<String, String> headers, String body) {
  public static HttpAnswer json(int status, String body) {
    return new HttpAnswer(status, Map.of("Content-Type", "application/json"), body);
  }
}
