package dev.archsim.local.importer;

import java.util.List;
import java.util.Locale;

/**
 * The catalog type closest to one the catalog lacks: the same size in the newest generation of the
 * same family letter and processor (t2.small → t3.small, not t4g.small), else the nearest size of
 * that family, else the nearest size of any family. The import says which type it used and why.
 */
final class NearestType {
  private static final List<String> SIZES =
      List.of(
          "nano",
          "micro",
          "small",
          "medium",
          "large",
          "xlarge",
          "2xlarge",
          "4xlarge",
          "8xlarge",
          "12xlarge",
          "16xlarge",
          "24xlarge",
          "32xlarge",
          "48xlarge",
          "metal");

  private NearestType() {}

  /** The type itself when known, else its nearest catalog type (null when the catalog is empty). */
  static String of(String type, List<String> known) {
    if (known.contains(type) || known.isEmpty()) {
      return known.isEmpty() ? null : type;
    }
    Parts want = Parts.of(type);
    String best = null;
    long bestScore = Long.MAX_VALUE;
    for (String k : known) {
      Parts p = Parts.of(k);
      if (!p.prefix.equals(want.prefix)) {
        continue;
      }
      long score =
          (p.family == want.family ? 0 : 1_000)
              + 10L * Math.abs(p.size - want.size)
              + (9 - Math.min(9, p.generation))
              + (p.graviton == want.graviton ? 0 : 5);
      if (score < bestScore || (score == bestScore && k.compareTo(best) < 0)) {
        bestScore = score;
        best = k;
      }
    }
    return best;
  }

  private record Parts(String prefix, char family, int generation, int size, boolean graviton) {
    static Parts of(String type) {
      String t = type.toLowerCase(Locale.ROOT);
      String prefix = "";
      for (String p : List.of("db.", "cache.", "dax.")) {
        if (t.startsWith(p)) {
          prefix = p;
          t = t.substring(p.length());
        }
      }
      int dot = t.indexOf('.');
      String cls = dot < 0 ? t : t.substring(0, dot);
      String size = dot < 0 ? "" : t.substring(dot + 1);
      char family = cls.isEmpty() ? '?' : cls.charAt(0);
      int generation = 0;
      for (char c : cls.toCharArray()) {
        if (Character.isDigit(c)) {
          generation = c - '0';
          break;
        }
      }
      int s = SIZES.indexOf(size);
      boolean graviton = cls.matches("[a-z]+\\d+g.*");
      return new Parts(prefix, family, generation, s < 0 ? SIZES.indexOf("large") : s, graviton);
    }
  }
}
