package dev.archsim.engine.validate;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean": the known name closest to a mistyped one, by edit distance. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The candidate nearest to {@code typed} (case-insensitive Damerau–Levenshtein distance), or null
   * when none is near enough to be a likely typo: at most a third of the name's length, at least 1,
   * at most 3 edits; a candidate that contains the typed text (or the reverse) also counts.
   */
  public static String closest(String typed, Collection<String> candidates) {
    String t = typed.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      String l = c.toLowerCase(Locale.ROOT);
      int d = distance(t, l);
      boolean contained = t.length() >= 3 && (l.contains(t) || t.contains(l));
      int allowed = Math.min(3, Math.max(1, Math.max(t.length(), l.length()) / 3));
      if ((d <= allowed || contained) && d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
