package dev.archsim.engine.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** "Did you mean": the known names nearest to a misspelt one. */
public final class Names {
  private Names() {}

  /**
   * Up to {@code max} names of {@code known} at the smallest edit distance from {@code name}, if
   * that distance is small for the name's length (at most a third of it, and at least 2); ties in
   * alphabetical order.
   */
  public static List<String> nearest(String name, Collection<String> known, int max) {
    String n = name == null ? "" : name.toLowerCase(java.util.Locale.ROOT);
    int limit = Math.max(2, n.length() / 3);
    List<String> best = new ArrayList<>();
    int bestD = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(n, k.toLowerCase(java.util.Locale.ROOT), Math.min(limit, bestD));
      if (d > limit) {
        continue;
      }
      if (d < bestD) {
        bestD = d;
        best.clear();
      }
      if (d == bestD) {
        best.add(k);
      }
    }
    best.sort(Comparator.naturalOrder());
    return best.size() > max ? List.copyOf(best.subList(0, max)) : List.copyOf(best);
  }

  /** "; did you mean a, b?" or "" when nothing is near. */
  public static String didYouMean(String name, Collection<String> known) {
    List<String> near = nearest(name, known, 3);
    return near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?";
  }

  /** Levenshtein distance, giving up (returning bound + 1) once it must exceed {@code bound}. */
  static int distance(String a, String b, int bound) {
    if (Math.abs(a.length() - b.length()) > bound) {
      return bound + 1;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      int rowMin = cur[0];
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
        rowMin = Math.min(rowMin, cur[j]);
      }
      if (rowMin > bound) {
        return bound + 1;
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
