package dev.archsim.engine.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Conservation laws of one trial (fluid; the request-level engine's in {@link #checkRequestLevel}),
 * checked on the unrounded sums before they become the trial's integers. Each side is counted on
 * its own path, so a check can fail:
 *
 * <ul>
 *   <li>the requests offered equal the integral of the traffic rate over the horizon (the steps
 *       cover the horizon once, none skipped or counted twice);
 *   <li>every offered request is either served or failed: served (counted where a request is
 *       served) + failed (counted per cause where it fails) = offered;
 *   <li>the latency mass added to the histogram, before any scaling, equals the served requests;
 *   <li>no cost component is negative or not a number.
 * </ul>
 *
 * <p>A violation is a defect of the engine, never of the scenario: the trial stops with an {@link
 * IllegalStateException} naming every broken law rather than reporting numbers that do not add up.
 * The tolerance covers floating-point summation over a trial (relative 1e-9 of the offered
 * requests, and one request).
 */
final class TrialInvariants {
  static final double RELATIVE = 1e-9;

  private TrialInvariants() {}

  static void check(
      String where,
      double offered,
      double rateIntegral,
      double served,
      double failed,
      double latencyMass,
      Map<String, Long> costMicroUsd) {
    List<String> broken = new ArrayList<>();
    double tolerance = RELATIVE * Math.max(offered, rateIntegral) + 1.0;
    if (!(Math.abs(offered - rateIntegral) <= tolerance)) {
      broken.add(
          "offered requests " + offered + " != integral of the traffic rate " + rateIntegral);
    }
    if (!(Math.abs(served + failed - offered) <= tolerance)) {
      broken.add("served " + served + " + failed " + failed + " != offered " + offered);
    }
    if (!(Math.abs(latencyMass - served) <= tolerance)) {
      broken.add("latency histogram mass " + latencyMass + " != served requests " + served);
    }
    for (Map.Entry<String, Long> e : costMicroUsd.entrySet()) {
      if (e.getValue() == null || e.getValue() < 0) {
        broken.add("cost component " + e.getKey() + " is " + e.getValue() + " micro-USD");
      }
    }
    fail(where, broken);
  }

  /**
   * The request-level engine's laws, exact (every request is an integer): each arrival is either
   * served or given up ({@code overload}), each counted where it happens, and the histogram holds
   * one entry per served request.
   */
  static void checkRequestLevel(long arrivals, long served, long overload, long[] histogram) {
    List<String> broken = new ArrayList<>();
    if (served + overload != arrivals) {
      broken.add("served " + served + " + overload " + overload + " != arrivals " + arrivals);
    }
    long mass = 0;
    for (long h : histogram) {
      if (h < 0) {
        broken.add("a histogram bucket holds " + h + " requests");
      }
      mass += h;
    }
    if (mass != served) {
      broken.add("latency histogram mass " + mass + " != served requests " + served);
    }
    fail("the request-level trial", broken);
  }

  private static void fail(String where, List<String> broken) {
    if (!broken.isEmpty()) {
      throw new IllegalStateException(
          "engine invariant broken in " + where + ": " + String.join("; ", broken));
    }
  }
}
