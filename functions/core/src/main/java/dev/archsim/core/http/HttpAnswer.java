package dev.archsim.core.http;

import java.util.Map;

/** Status, headers and body of an answer of the runs API. */
public record HttpAnswer(int status, Map<String, String> headers, String body) {
  public static HttpAnswer json(int status, String body) {
    return new HttpAnswer(status, Map.of("Content-Type", "application/json"), body);
  }

  /** 200 with a report page, under the reports' own Content-Security-Policy. */
  public static HttpAnswer report(String html) {
    return new HttpAnswer(
        200,
        Map.of(
            "Content-Type",
            "text/html; charset=utf-8",
            "Content-Security-Policy",
            dev.archsim.core.report.HtmlReport.CSP,
            "X-Content-Type-Options",
            "nosniff"),
        html);
  }
}
