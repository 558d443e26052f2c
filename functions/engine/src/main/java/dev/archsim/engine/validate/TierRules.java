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
    if (a.entry() == null) {
      withoutAnEntry(a, path, out);
    }
    for (Components.Present<?> c : Components.in(a)) {
      if (a.entry() != null || Components.withoutAnEntry().contains(c.component().section())) {
        c.rules(a, path, out);
      }
    }
  }

  /**
   * A stage without an entry takes no requests from users: producers outside it send its workload
   * to its queue (docs/decisions/025). It needs the queue, and it may have only what the queue's
   * consumers use; a component that serves requests arriving through an entry is a mistake.
   */
  private static void withoutAnEntry(Architecture a, String path, List<Violation> out) {
    if (a.queue() == null) {
      out.add(
          Violation.error(
              path + ".entry",
              "required: nothing takes this stage's workload; give the stage an entry (alb, nlb,"
                  + " elastic-ip, route53 or api-gateway) in front of its compute, or an SQS queue"
                  + " (architecture.queue) that producers outside the stage feed at the workload's"
                  + " rate and its consumers process"));
    }
    for (Components.Present<?> c : Components.in(a)) {
      String section = c.component().section();
      if (!Components.withoutAnEntry().contains(section)) {
        out.add(
            Violation.error(
                path + "." + section,
                "serves requests that reach the stage through an entry, and this stage has none;"
                    + " a stage without an entry is fed through its queue, and may have only "
                    + String.join(", ", Components.withoutAnEntry())
                    + " (or give it an entry)"));
      }
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
