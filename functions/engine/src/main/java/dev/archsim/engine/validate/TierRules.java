package dev.archsim.engine.validate;

import dev.archsim.engine.component.Components;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.Workload;
import java.util.List;
import java.util.Locale;

/** Semantic rules of the tiers around compute: users and the profile. */
final class TierRules {
  private TierRules() {}

  static void profile(RequestProfile p, String path, List<Violation> out) {
    unit(p.staticFraction(), path + ".staticFraction", out);
    nonNegative(p.dbReadsPerRequest(), path + ".dbReadsPerRequest", out);
    nonNegative(p.dbWritesPerRequest(), path + ".dbWritesPerRequest", out);
  }

  static void users(Workload w, String path, List<Violation> out) {
    if (w.users().isEmpty()) {
      return;
    }
    double sum = 0;
    for (int i = 0; i < w.users().size(); i++) {
      Workload.Users u = w.users().get(i);
      String up = path + "[" + i + "]";
      CatalogRules.region(u.region(), up + ".region", out);
      if (!(u.share() > 0 && u.share() <= 1)) {
        out.add(Violation.error(up + ".share", "must be in (0, 1]; found " + u.share()));
      }
      sum += u.share();
    }
    if (Math.abs(sum - 1) > 1e-6) {
      out.add(
          Violation.error(
              path,
              String.format(Locale.ROOT, "the shares must add up to 1; they add up to %s", sum)));
    }
  }

  static void architecture(Architecture a, String path, List<Violation> out) {
    for (Components.Present<?> c : Components.in(a)) {
      c.rules(a, path, out);
    }
  }

  private static void unit(double v, String path, List<Violation> out) {
    Ranges.unit(v, path, out);
  }

  private static void positive(double v, String path, List<Violation> out) {
    ScenarioValidator.positive(v, path, out);
  }

  private static void nonNegative(double v, String path, List<Violation> out) {
    ScenarioValidator.nonNegative(v, path, out);
  }
}
