package dev.archsim.engine.validate;

import dev.archsim.engine.component.Components;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.AsyncQueue;
import dev.archsim.engine.model.DisasterRecovery;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.Workload;
import java.util.List;
import java.util.Locale;

/** Semantic rules of the tiers around compute: data, cache, edge, functions, queue, DR, users. */
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
    if (a.dr() != null) {
      dr(a, path + ".dr", out);
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

  private static void dr(Architecture a, String path, List<Violation> out) {
    DisasterRecovery d = a.dr();
    if (d.secondaryRegion() == null) {
      out.add(Violation.error(path + ".secondaryRegion", "a DR strategy needs a secondary region"));
    } else if (d.secondaryRegion().equals(a.region())) {
      out.add(
          Violation.error(
              path + ".secondaryRegion", "must differ from the primary region " + a.region()));
    } else if (CatalogRules.region(d.secondaryRegion(), path + ".secondaryRegion", out)
        && a.compute() != null) {
      CatalogRules.priced(
          d.secondaryRegion(), a.compute().instanceType(), path + ".secondaryRegion", out);
    }
    if (d.healthCheckIntervalSeconds() != 10 && d.healthCheckIntervalSeconds() != 30) {
      out.add(
          Violation.error(
              path + ".healthCheckIntervalSeconds",
              "must be 10 or 30; found " + d.healthCheckIntervalSeconds()));
    }
    if (d.failureThreshold() < 1 || d.failureThreshold() > 10) {
      out.add(
          Violation.error(
              path + ".failureThreshold", "must be in [1, 10]; found " + d.failureThreshold()));
    }
    nonNegative(d.ttlSeconds(), path + ".ttlSeconds", out);
    nonNegative(d.decisionMinutes(), path + ".decisionMinutes", out);
    nonNegative(d.provisionMinutes(), path + ".provisionMinutes", out);
    nonNegative(d.restoreMinutes(), path + ".restoreMinutes", out);
    positive(d.backupIntervalHours(), path + ".backupIntervalHours", out);
    nonNegative(d.replicationLagSeconds(), path + ".replicationLagSeconds", out);
    nonNegative(d.bootSeconds(), path + ".bootSeconds", out);
    nonNegative(d.dataGb(), path + ".dataGb", out);
    unit(d.standbyShare(), path + ".standbyShare", out);
    if (d.strategy() == DisasterRecovery.Strategy.WARM_STANDBY && d.standbyShare() <= 0) {
      out.add(
          Violation.error(
              path + ".standbyShare", "a warm standby runs some capacity: must be above 0"));
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
