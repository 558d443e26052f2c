package dev.archsim.local.library;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What must hold in every merged run result a user reads ({@code archsim run --json}), whatever the
 * scenario: requests add up (total = served + failed, failed = the sum of its causes), availability
 * lies in [0, 1] with the worst trial no better than the mean, and cost is non-negative and the sum
 * of its components. The engine checks the per-trial conservation laws itself (see {@code
 * TrialInvariants}); this checks the merged, user-facing form of the same numbers.
 */
final class ResultInvariants {
  private ResultInvariants() {}

  static void assertHold(JsonNode result, int trials) {
    List<String> problems = violations(result, trials);
    if (!problems.isEmpty()) {
      throw new AssertionError("result invariants violated:\n" + String.join("\n", problems));
    }
  }

  static List<String> violations(JsonNode result, int trials) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : result.path("stages")) {
      String at = "stage " + s.path("name").asText() + ": ";
      if (s.path("trials").asLong() != trials) {
        out.add(at + "trials " + s.path("trials") + " != " + trials);
      }
      JsonNode r = s.path("requests");
      long total = r.path("total").asLong();
      long served = r.path("served").asLong();
      long failed = r.path("failed").asLong();
      if (total <= 0) {
        out.add(at + "no requests offered");
      }
      if (served < 0 || failed < 0 || served + failed != total) {
        out.add(at + "served " + served + " + failed " + failed + " != total " + total);
      }
      long byCause = 0;
      for (JsonNode v : r.path("failedByCause")) {
        if (v.asLong() <= 0) {
          out.add(at + "a cause listed with " + v + " failed requests");
        }
        byCause += v.asLong();
      }
      if (byCause != failed) {
        out.add(at + "failed by cause sum to " + byCause + ", failed is " + failed);
      }
      JsonNode a = s.path("availability");
      double mean = a.path("mean").asDouble(Double.NaN);
      double worst = a.path("worst").asDouble(Double.NaN);
      if (!(mean >= 0 && mean <= 1) || !(worst >= 0 && worst <= mean)) {
        out.add(
            at
                + "availability mean "
                + mean
                + ", worst "
                + worst
                + " outside 0 <= worst <= mean <= 1");
      }
      double served1 = total > 0 ? served / (double) total : 1;
      if (Math.abs(served1 - mean) > 1e-6 && trials == 1) {
        out.add(at + "one trial's availability " + mean + " is not served/total " + served1);
      }
      JsonNode c = s.path("cost");
      double monthly = c.path("monthlyUsd").asDouble(Double.NaN);
      double sum = 0;
      for (var e :
          (Iterable<java.util.Map.Entry<String, JsonNode>>) c.path("byComponent")::fields) {
        double v = e.getValue().asDouble(Double.NaN);
        if (!(v >= 0)) {
          out.add(at + "cost component " + e.getKey() + " is " + v);
        }
        sum += v;
      }
      if (!(monthly >= 0) || Math.abs(monthly - sum) > 1e-9 * Math.max(1, monthly) + 1e-6) {
        out.add(at + "monthly cost " + monthly + " != sum of components " + sum);
      }
    }
    return out;
  }
}
