package dev.archsim.engine.validate;

import dev.archsim.engine.component.Components;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.AsyncQueue;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.Workload;
import java.util.List;
import java.util.Locale;

/** Semantic rules of the tiers around compute: data, cache, edge, functions, queue, users. */
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
    if (a.queue() != null) {
      queue(a, path + ".queue", out);
    }
  }

  private static void queue(Architecture a, String path, List<Violation> out) {
    AsyncQueue q = a.queue();
    unit(q.share(), path + ".share", out);
    unit(q.poisonShare(), path + ".poisonShare", out);
    positive(q.consumerRatePerSecond(), path + ".consumerRatePerSecond", out);
    if (q.maxReceiveCount() < 1 || q.maxReceiveCount() > 1000) {
      out.add(
          Violation.error(
              path + ".maxReceiveCount", "must be in [1, 1000]; found " + q.maxReceiveCount()));
    }
    if (!(q.retentionHours() >= 1 / 60.0 && q.retentionHours() <= 336)) {
      out.add(
          Violation.error(
              path + ".retentionHours",
              "must be in [1 minute, 14 days] (SQS limits); found " + q.retentionHours()));
    }
    if (a.database() == null) {
      out.add(
          Violation.error(path, "a queue feeds the database: architecture.database is missing"));
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
