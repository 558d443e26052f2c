package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Defaults;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.S3Storage;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.Metric;
import dev.archsim.engine.validate.Ranges;
import dev.archsim.engine.validate.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Objects stored in S3 on a growth curve, moved down the storage classes by lifecycle rules as they
 * age. Data written at time {@code s} is in class {@code c} while its age {@code t - s} is in [d_c,
 * d_{c+1}), so with {@code g} GB written a second since {@code -H} ({@code H} the days written
 * before the stage starts) the class holds {@code g · clip(t + H - d_c, 0, d_{c+1} - d_c)} GB at
 * time {@code t} (plus the initial data while its age is in the range): each traffic step bills the
 * exact integral of that, the objects that cross a rule's age (transition requests) and the reads
 * of aged data (retrievals), which never exceed in a month what their class holds: nothing before
 * data first reaches it.
 */
public final class S3StorageComponent implements Component<S3Storage> {
  /** Objects moved to another storage class by the lifecycle rules (a counter). */
  static final Metric S3_TRANSITIONS = Metric.of("s3", "transitions");

  /** S3 storage per GB-month of a class: STANDARD, STANDARD_IA, GLACIER, DEEP_ARCHIVE. */
  public static String s3StorageGbMonth(String storageClass) {
    return "s3." + s3Class(storageClass) + ".gb-month";
  }

  /** A lifecycle transition into a class (STANDARD_IA, GLACIER, DEEP_ARCHIVE), per object. */
  public static String s3TransitionRequest(String storageClass) {
    return "s3.transition." + s3Class(storageClass) + ".request";
  }

  /** S3 PUT, COPY, POST or LIST request (S3 Standard). */
  public static final String S3_PUT = "s3.put";

  /** S3 GET request (S3 Standard). */
  public static final String S3_GET = "s3.get";

  /** Retrieval from S3 Standard-IA, per GB. */
  public static final String S3_STANDARD_IA_RETRIEVAL_GB = "s3.standard-ia.retrieval.gb";

  /** Standard (3–5 h) retrieval from S3 Glacier Flexible Retrieval, per GB and per request. */
  public static final String S3_GLACIER_RETRIEVAL_STANDARD_GB = "s3.glacier.retrieval.standard.gb";

  public static final String S3_GLACIER_RETRIEVAL_STANDARD_REQUEST =
      "s3.glacier.retrieval.standard.request";

  /** Bulk (5–12 h) retrieval from S3 Glacier Flexible Retrieval, per GB. */
  public static final String S3_GLACIER_RETRIEVAL_BULK_GB = "s3.glacier.retrieval.bulk.gb";

  /** Standard retrieval from S3 Glacier Deep Archive, per GB and per request. */
  public static final String S3_DEEP_ARCHIVE_RETRIEVAL_STANDARD_GB =
      "s3.deep-archive.retrieval.standard.gb";

  public static final String S3_DEEP_ARCHIVE_RETRIEVAL_STANDARD_REQUEST =
      "s3.deep-archive.retrieval.standard.request";

  /** Bulk retrieval from S3 Glacier Deep Archive, per GB. */
  public static final String S3_DEEP_ARCHIVE_RETRIEVAL_BULK_GB =
      "s3.deep-archive.retrieval.bulk.gb";

  /** The S3 storage classes with a price: STANDARD, STANDARD_IA, GLACIER, DEEP_ARCHIVE. */
  public static final List<String> S3_STORAGE_CLASSES =
      List.of("STANDARD", "STANDARD_IA", "GLACIER", "DEEP_ARCHIVE");

  private static String s3Class(String storageClass) {
    return switch (storageClass) {
      case "STANDARD" -> "standard";
      case "STANDARD_IA" -> "standard-ia";
      case "GLACIER" -> "glacier";
      case "DEEP_ARCHIVE" -> "deep-archive";
      default ->
          throw new IllegalArgumentException(
              "S3 storage class " + storageClass + " is not priced; one of " + S3_STORAGE_CLASSES);
    };
  }

  /** Seconds in the month the prices are quoted for (730 hours). */
  static final double SECONDS_PER_MONTH = Numbers.SECONDS_PER_MONTH;

  static final double SECONDS_PER_DAY = 86_400;

  @Override
  public List<String> priceKeys() {
    List<String> keys = new ArrayList<>();
    for (String c : S3_STORAGE_CLASSES) {
      keys.add(s3StorageGbMonth(c));
      if (!c.equals("STANDARD")) {
        keys.add(s3TransitionRequest(c));
      }
    }
    keys.addAll(
        List.of(
            S3_PUT,
            S3_GET,
            S3_STANDARD_IA_RETRIEVAL_GB,
            S3_GLACIER_RETRIEVAL_STANDARD_GB,
            S3_GLACIER_RETRIEVAL_STANDARD_REQUEST,
            S3_GLACIER_RETRIEVAL_BULK_GB,
            S3_DEEP_ARCHIVE_RETRIEVAL_STANDARD_GB,
            S3_DEEP_ARCHIVE_RETRIEVAL_STANDARD_REQUEST,
            S3_DEEP_ARCHIVE_RETRIEVAL_BULK_GB));
    return keys;
  }

  @Override
  public String section() {
    return "s3";
  }

  @Override
  public List<Defaults.Entry> defaults() {
    return S3Storage.DEFAULTS.entries();
  }

  @Override
  public S3Storage read(Section s) {
    List<S3Storage.Transition> transitions = new ArrayList<>();
    for (Section t : s.list("lifecycle")) {
      transitions.add(new S3Storage.Transition(t.integer("days", 0), t.text("storageClass", "")));
    }
    List<S3Storage.Retrieval> retrievals = new ArrayList<>();
    for (Section r : s.list("retrievals")) {
      retrievals.add(
          new S3Storage.Retrieval(r.text("storageClass", ""), r.number("gbPerMonth", 0)));
    }
    return new S3Storage(
        s.number("initialGb", S3Storage.DEFAULT_INITIAL_GB),
        s.number("gbPerMonth", S3Storage.DEFAULT_GB_PER_MONTH),
        s.number("objectKb", S3Storage.DEFAULT_OBJECT_KB),
        transitions,
        retrievals,
        s.number("writtenForDays", S3Storage.DEFAULT_WRITTEN_FOR_DAYS));
  }

  @Override
  public void rules(S3Storage c, Architecture a, String path, List<Violation> out) {
    Ranges.nonNegative(c.initialGb(), path + ".initialGb", out);
    Ranges.nonNegative(c.gbPerMonth(), path + ".gbPerMonth", out);
    Ranges.positive(c.objectKb(), path + ".objectKb", out);
    Ranges.nonNegative(c.writtenForDays(), path + ".writtenForDays", out);
    int lastClass = 0;
    int lastDays = -1;
    for (int i = 0; i < c.transitions().size(); i++) {
      S3Storage.Transition t = c.transitions().get(i);
      String at = path + ".lifecycle[" + i + "]";
      int cls = S3Storage.CLASSES.indexOf(t.storageClass());
      if (cls < 1) {
        out.add(
            Violation.error(
                at + ".storageClass",
                "a lifecycle rule moves objects to STANDARD_IA, GLACIER or DEEP_ARCHIVE; found "
                    + t.storageClass()));
        continue;
      }
      if (cls <= lastClass) {
        out.add(
            Violation.error(
                at + ".storageClass",
                "lifecycle rules move objects down the classes (STANDARD_IA, GLACIER,"
                    + " DEEP_ARCHIVE); "
                    + t.storageClass()
                    + " comes after "
                    + S3Storage.CLASSES.get(lastClass)));
      }
      if (t.days() <= lastDays) {
        out.add(
            Violation.error(
                at + ".days",
                "the rules' ages increase; " + t.days() + " days follows " + lastDays));
      }
      if ("STANDARD_IA".equals(t.storageClass()) && t.days() < S3Storage.MIN_DAYS_BEFORE_IA) {
        out.add(
            Violation.error(
                at + ".days",
                "objects must be stored at least "
                    + S3Storage.MIN_DAYS_BEFORE_IA
                    + " days before they move to STANDARD_IA; found "
                    + t.days()));
      }
      if (i > 0
          && "STANDARD_IA".equals(c.transitions().get(i - 1).storageClass())
          && cls > 1
          && t.days() - c.transitions().get(i - 1).days() < S3Storage.MIN_DAYS_IN_IA) {
        out.add(
            Violation.error(
                at + ".days",
                "objects must stay "
                    + S3Storage.MIN_DAYS_IN_IA
                    + " days in STANDARD_IA before they move on to "
                    + t.storageClass()
                    + ": at least "
                    + (c.transitions().get(i - 1).days() + S3Storage.MIN_DAYS_IN_IA)
                    + " days; found "
                    + t.days()));
      }
      lastClass = Math.max(lastClass, cls);
      lastDays = Math.max(lastDays, t.days());
    }
    if (!c.transitions().isEmpty() && c.objectKb() < S3Storage.MIN_TRANSITION_OBJECT_KB) {
      out.add(
          Violation.warning(
              path + ".objectKb",
              "lifecycle rules skip objects smaller than 128 KB by default; objects of "
                  + Numbers.plain(c.objectKb())
                  + " KB are moved here as if a minimum object size filter allowed it"));
    }
    for (int i = 0; i < c.retrievals().size(); i++) {
      S3Storage.Retrieval r = c.retrievals().get(i);
      String at = path + ".retrievals[" + i + "]";
      Ranges.nonNegative(r.gbPerMonth(), at + ".gbPerMonth", out);
      if (c.transitions().stream().noneMatch(t -> t.storageClass().equals(r.storageClass()))) {
        out.add(
            Violation.error(
                at + ".storageClass",
                "no lifecycle rule moves objects to " + r.storageClass() + " (s3.lifecycle)"));
      }
    }
  }

  @Override
  public void bounds(S3Storage c, String path, List<Violation> out) {
    Ranges.atMost(
        c.transitions().size(), S3Storage.MAX_RULES, path + ".lifecycle", "lifecycle rules", out);
    Ranges.atMost(
        c.retrievals().size(), S3Storage.MAX_RULES, path + ".retrievals", "retrievals", out);
  }

  @Override
  public void prices(S3Storage c, Architecture a, PriceList out) {
    out.uses(s3StorageGbMonth("STANDARD"), a.region());
    for (S3Storage.Transition t : c.transitions()) {
      out.uses(s3StorageGbMonth(t.storageClass()), a.region());
      out.uses(s3TransitionRequest(t.storageClass()), a.region());
    }
    for (S3Storage.Retrieval r : c.retrievals()) {
      for (String key : retrievalKeys(r.storageClass())) {
        out.uses(key, a.region());
      }
    }
  }

  /** The retrieval prices of a class: per GB, then per request where there is one. */
  static List<String> retrievalKeys(String storageClass) {
    return switch (storageClass) {
      case "STANDARD_IA" -> List.of(S3_STANDARD_IA_RETRIEVAL_GB);
      case "GLACIER" ->
          List.of(S3_GLACIER_RETRIEVAL_STANDARD_GB, S3_GLACIER_RETRIEVAL_STANDARD_REQUEST);
      case "DEEP_ARCHIVE" ->
          List.of(
              S3_DEEP_ARCHIVE_RETRIEVAL_STANDARD_GB, S3_DEEP_ARCHIVE_RETRIEVAL_STANDARD_REQUEST);
      default -> throw new IllegalArgumentException("no retrieval from " + storageClass);
    };
  }

  /**
   * A transition that takes longer to repay its requests than a year: moving a GB costs its
   * objects' transition requests once and saves the difference in storage price every month after.
   */
  @Override
  public void findings(S3Storage c, Scenario scenario, Stage stage, List<Finding> out) {
    String region = stage.architecture().region();
    String from = "STANDARD";
    for (S3Storage.Transition t : c.transitions()) {
      double objectsPerGb = 1e6 / c.objectKb();
      double once = objectsPerGb * Services.usd(s3TransitionRequest(t.storageClass()), region);
      double saving =
          Services.usd(s3StorageGbMonth(from), region)
              - Services.usd(s3StorageGbMonth(t.storageClass()), region);
      double months = saving > 0 ? once / saving : Double.POSITIVE_INFINITY;
      if (months > 12) {
        out.add(
            new Finding(
                "cost",
                "low",
                "s3:lifecycle",
                String.format(
                    Locale.ROOT,
                    "moving %s KB objects to %s costs $%.4f per GB in transition requests and saves"
                        + " $%.4f per GB-month: it pays back after %s months",
                    Numbers.plain(c.objectKb()),
                    t.storageClass(),
                    once,
                    saving,
                    Double.isInfinite(months) ? "never" : Numbers.plain(Math.ceil(months)))));
      }
      from = t.storageClass();
    }
  }

  /** Well-Architected check: data that ages moves down the storage classes (lifecycle rules). */
  @Override
  public void checks(S3Storage c, Architecture a, List<PillarCheck> out) {
    out.add(
        new PillarCheck(
            "cost optimization",
            "aged objects move to colder storage classes (S3 lifecycle rules)",
            !c.transitions().isEmpty() || c.initialGb() + c.gbPerMonth() <= 0));
  }

  @Override
  public List<String> explain(S3Storage c, Architecture a, Workload w) {
    StringBuilder path = new StringBuilder("STANDARD");
    for (S3Storage.Transition t : c.transitions()) {
      path.append(" → ").append(t.storageClass()).append(" at ").append(t.days()).append(" d");
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "S3: %s GB + %s GB a month%s (%s KB objects); %s",
            Numbers.plain(c.initialGb()),
            Numbers.plain(c.gbPerMonth()),
            c.writtenForDays() > 0
                ? ", written for " + Numbers.plain(c.writtenForDays()) + " days before the start"
                : "",
            Numbers.plain(c.objectKb()),
            path));
    for (S3Storage.Retrieval r : c.retrievals()) {
      lines.add(
          "  reads " + Numbers.plain(r.gbPerMonth()) + " GB a month from " + r.storageClass());
    }
    return lines;
  }

  /** The bucket's size, growth and lifecycle transitions, above the zones. */
  @Override
  public List<DiagramNode> diagram(S3Storage s, Architecture a, Workload w) {
    List<String> d = new ArrayList<>();
    d.add(Numbers.plain(s.initialGb()) + " GB + " + Numbers.plain(s.gbPerMonth()) + " GB/month");
    for (S3Storage.Transition t : s.transitions()) {
      d.add("→ " + t.storageClass() + " at " + t.days() + " d");
    }
    return List.of(bucket(a, d));
  }

  /**
   * The bucket's box (the S3 section's, or CloudFront's origin when the stage has no S3 section):
   * above the entry when CloudFront's misses reach it there, else above the cache's column, with
   * CloudFront's static misses when it is the origin.
   */
  static DiagramNode bucket(Architecture a, List<String> details) {
    boolean fromTheEdge = a.cdn() != null && a.cdn().s3Origin();
    boolean aboveTheEntry =
        fromTheEdge
            && (a.entry() instanceof Entry.LoadBalancer || a.entry() instanceof Entry.ApiGateway);
    DiagramNode bucket =
        DiagramNode.of(
            DiagramNode.Place.STORAGE,
            "s3",
            aboveTheEntry ? DiagramNode.ENTRY : DiagramNode.CACHE,
            DiagramNode.Lane.TOP,
            "S3 bucket",
            details);
    return fromTheEdge ? bucket.from(CdnComponent.DIAGRAM_KEY, DiagramNode.Kind.STATIC) : bucket;
  }

  @Override
  public PathStage stage(S3Storage c, TrialContext trial) {
    return new Bucket(c, trial);
  }

  /** ∫_0^x clip(u, 0, w) du: the GB-seconds per (GB/s) of a class of width w, x after its start. */
  static double ramp(double x, double w) {
    if (x <= 0) {
      return 0;
    }
    if (x <= w) {
      return x * x / 2;
    }
    return w * w / 2 + w * (x - w);
  }

  /** Length of [a, b) ∩ [lo, hi). */
  static double overlap(double a, double b, double lo, double hi) {
    return Math.max(0, Math.min(b, hi) - Math.max(a, lo));
  }

  /**
   * ∫_a^b min(r, v(t)) dt for v linear from {@code va} at {@code a} to {@code vb} at {@code b}: the
   * reads of a class over a stretch where what it holds grows (or stays) linearly.
   */
  static double cappedReads(double r, double va, double vb, double a, double b) {
    double d = b - a;
    if (d <= 0) {
      return 0;
    }
    if (va >= r && vb >= r) {
      return r * d;
    }
    if (va <= r && vb <= r) {
      return (va + vb) / 2 * d;
    }
    double f = (r - va) / (vb - va);
    return va < r ? (va + r) / 2 * f * d + r * (1 - f) * d : r * f * d + (r + vb) / 2 * (1 - f) * d;
  }

  /** The bucket in one trial: its clock (the sum of the steps billed) is all its state. */
  static final class Bucket implements PathStage {
    private final S3Storage s3;
    private final TrialContext trial;
    private final String[] classes;
    private final double[] from;
    private final double[] to;
    private double now;

    Bucket(S3Storage s3, TrialContext trial) {
      this.s3 = s3;
      this.trial = trial;
      int n = s3.transitions().size() + 1;
      classes = new String[n];
      from = new double[n];
      to = new double[n];
      classes[0] = "STANDARD";
      for (int i = 1; i < n; i++) {
        S3Storage.Transition t = s3.transitions().get(i - 1);
        classes[i] = t.storageClass();
        from[i] = t.days() * SECONDS_PER_DAY;
        to[i - 1] = from[i];
      }
      to[n - 1] = Double.POSITIVE_INFINITY;
    }

    @Override
    public void bill(double dt, double offeredRate) {
      double t0 = now;
      double t1 = now + dt;
      now = t1;
      String region = trial.region();
      double g = s3.gbPerMonth() / SECONDS_PER_MONTH;
      double objectsPerGb = 1e6 / s3.objectKb();
      double h = s3.writtenForDays() * SECONDS_PER_DAY;
      for (int c = 0; c < classes.length; c++) {
        double w = to[c] - from[c];
        double gbSeconds =
            g * (ramp(t1 + h - from[c], w) - ramp(t0 + h - from[c], w))
                + s3.initialGb() * overlap(t0, t1, from[c], to[c]);
        trial.cost(
            "s3 (" + classes[c] + " storage)",
            gbSeconds / SECONDS_PER_MONTH * Services.usd(s3StorageGbMonth(classes[c]), region));
        if (c == 0) {
          continue;
        }
        double moved =
            g * (Math.max(0, t1 + h - from[c]) - Math.max(0, t0 + h - from[c]))
                + (from[c] >= t0 && from[c] < t1 ? s3.initialGb() : 0);
        trial.count(S3_TRANSITIONS, moved * objectsPerGb);
        trial.cost(
            "s3 (transitions)",
            moved * objectsPerGb * Services.usd(s3TransitionRequest(classes[c]), region));
      }
      for (S3Storage.Retrieval r : s3.retrievals()) {
        int c = java.util.Arrays.asList(classes).indexOf(r.storageClass());
        if (c < 0) {
          continue; // refused by the rules: no lifecycle rule reaches the class
        }
        double gb = reads(r.gbPerMonth(), c, t0, t1, g) / SECONDS_PER_MONTH;
        List<String> keys = retrievalKeys(r.storageClass());
        double usd = gb * Services.usd(keys.get(0), region);
        if (keys.size() > 1) {
          usd += gb * objectsPerGb * Services.usd(keys.get(1), region);
        }
        trial.cost("s3 (retrievals)", usd);
      }
    }

    /**
     * GB-seconds a month read from class {@code c} over [t0, t1): {@code r} GB a month, but never
     * more a month than the class holds (nothing before data first reaches it). The class holds
     * {@code g · clip(t + H - d_c, 0, w)} GB of the data written since {@code -H}, plus the initial
     * GB while {@code t} is in [d_c, d_{c+1}): linear between the four moments where either term
     * starts or stops changing, so each stretch between them is integrated exactly.
     */
    private double reads(double r, int c, double t0, double t1, double g) {
      double w = to[c] - from[c];
      double h = s3.writtenForDays() * SECONDS_PER_DAY;
      double[] cuts = {t0, from[c] - h, from[c] - h + w, from[c], to[c], t1};
      java.util.Arrays.sort(cuts);
      double total = 0;
      for (int k = 0; k + 1 < cuts.length; k++) {
        double a = Math.max(t0, cuts[k]);
        double b = Math.min(t1, cuts[k + 1]);
        if (!(b > a)) {
          continue;
        }
        double mid = (a + b) / 2;
        double initial = mid >= from[c] && mid < to[c] ? s3.initialGb() : 0;
        total +=
            cappedReads(
                r,
                g * Math.min(Math.max(a + h - from[c], 0), w) + initial,
                g * Math.min(Math.max(b + h - from[c], 0), w) + initial,
                a,
                b);
      }
      return total;
    }
  }
}
