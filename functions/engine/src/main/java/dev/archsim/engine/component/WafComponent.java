package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Defaults;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Waf;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.Metric;
import dev.archsim.engine.validate.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * AWS WAF: a web ACL on the entry (ALB or API Gateway REST API) and/or on the CloudFront
 * distribution, each billed by the month with its rules, plus every request it inspects. The
 * CloudFront ACL inspects every request; the entry's ACL those that reach the origin (what the edge
 * does not answer). Shield Standard comes with every AWS account at no charge.
 *
 * <p>A stage that serves the internet (it has an entry) without AWS WAF fails the security check
 * {@link #FILTERS}: Shield Standard, always on and free, covers network and transport layer attacks
 * only ("To defend against layer 7 DDoS attacks, you can use AWS WAF": [AWS]
 * aws.amazon.com/premiumsupport/knowledge-center/shield-standard-ddos-attack/).
 */
public final class WafComponent implements Component<Waf> {
  /** Requests the web ACL inspected (a counter). */
  static final Metric WAF_INSPECTED = Metric.of("waf", "inspected");

  /** AWS WAF web ACL, per month. */
  public static final String WAF_WEB_ACL_MONTH = "waf.web-acl.month";

  /** AWS WAF rule (or rule group), per month. */
  public static final String WAF_RULE_MONTH = "waf.rule.month";

  /** AWS WAF inspected request. */
  public static final String WAF_REQUEST = "waf.request";

  /** Seconds in the month the prices are quoted for (730 hours). */
  static final double SECONDS_PER_MONTH = Numbers.SECONDS_PER_MONTH;

  /**
   * The security check every stage with an entry answers, met by a web ACL with rules on the entry
   * or on CloudFront (Well-Architected security pillar: protect the network and application
   * layers).
   */
  public static final String FILTERS =
      "a web application firewall filters requests before the application";

  /** Shield Standard in words, wherever it is named. */
  static final String SHIELD_STANDARD =
      "Shield Standard (always on, no charge: network and transport layer only)";

  @Override
  public List<String> priceKeys() {
    return List.of(WAF_WEB_ACL_MONTH, WAF_RULE_MONTH, WAF_REQUEST);
  }

  @Override
  public String section() {
    return "waf";
  }

  @Override
  public List<Defaults.Entry> defaults() {
    return Waf.DEFAULTS.entries();
  }

  @Override
  public Waf read(Section s) {
    List<String> protect = s.texts("protect");
    return new Waf(
        protect.isEmpty() ? Waf.DEFAULT_PROTECT : protect, s.integer("rules", Waf.DEFAULT_RULES));
  }

  /** The CloudFront hit ratio on static requests in front of the entry (0 without CloudFront). */
  static double edgeHitRatio(Architecture a) {
    return a.cdn() == null ? 0 : a.cdn().hitRatio();
  }

  @Override
  public void rules(Waf c, Architecture a, String path, List<Violation> out) {
    Waf w = c;
    for (int i = 0; i < w.protect().size(); i++) {
      if (!Waf.TARGETS.contains(w.protect().get(i))) {
        out.add(
            Violation.error(
                path + ".protect[" + i + "]",
                "a web ACL protects the entry or cloudfront; found " + w.protect().get(i)));
      }
    }
    if (w.protectsCloudFront() && a.cdn() == null) {
      out.add(
          Violation.error(
              path + ".protect", "a web ACL on CloudFront needs architecture.cdn in the stage"));
    }
    if (w.protectsEntry()) {
      // "AWS WAF ... protect[s] ... Amazon API Gateway REST API, Application Load Balancer, ...":
      // [AWS] docs.aws.amazon.com/waf/latest/developerguide/how-aws-waf-works-resources.html
      switch (a.entry()) {
        case Entry.LoadBalancer lb when lb.kind() == Entry.LoadBalancer.Kind.ALB -> {}
        case Entry.ApiGateway api when api.rest() -> {}
        case Entry.ApiGateway api ->
            out.add(
                Violation.error(
                    path + ".protect",
                    "AWS WAF protects API Gateway REST APIs, not HTTP APIs (entry.rest: false)"));
        default ->
            out.add(
                Violation.error(
                    path + ".protect",
                    "AWS WAF protects an Application Load Balancer or an API Gateway REST API;"
                        + " the entry is "
                        + a.entry().type()));
      }
    }
    if (w.rules() < 0) {
      out.add(Violation.error(path + ".rules", "at least 0; found " + w.rules()));
    }
  }

  @Override
  public void bounds(Waf c, String path, List<Violation> out) {
    if (c.rules() > Waf.MAX_RULES) {
      out.add(
          Violation.error(
              path + ".rules",
              "at most " + Waf.MAX_RULES + " rules in a web ACL; found " + c.rules()));
    }
  }

  @Override
  public void prices(Waf c, Architecture a, PriceList out) {
    out.uses(WAF_WEB_ACL_MONTH, a.region());
    if (c.rules() > 0) {
      out.uses(WAF_RULE_MONTH, a.region());
    }
    out.uses(WAF_REQUEST, a.region());
  }

  @Override
  public void findings(Waf c, Scenario scenario, Stage stage, List<Finding> out) {
    if (c.rules() == 0) {
      out.add(
          new Finding(
              "security",
              "medium",
              "waf",
              String.format(
                  Locale.ROOT,
                  "%s no rules: %s inspected and billed a month, none blocked;"
                      + " add rules (e.g. AWS managed rule groups, a rate-based rule)",
                  c.protect().size() == 1
                      ? "the web ACL on " + c.protect().get(0) + " has"
                      : "the " + c.protect().size() + " web ACLs have",
                  inspectedWords(c, stage.architecture(), scenario.workloadOf(stage)))));
    }
  }

  /**
   * The requests the web ACLs inspect a month at the workload's mean rate: every request at
   * CloudFront's ACL, those the edge does not answer at the entry's.
   */
  static double monthlyInspected(Waf c, Architecture a, Workload w) {
    double inspected = 0;
    if (c.protectsCloudFront()) {
      inspected += 1;
    }
    if (c.protectsEntry()) {
      inspected += 1 - w.profile().staticFraction() * edgeHitRatio(a);
    }
    return inspected * w.requestsPerSecond() * SECONDS_PER_MONTH;
  }

  private static String inspectedWords(Waf c, Architecture a, Workload w) {
    if (w == null) {
      return "every request";
    }
    return String.format(
        Locale.ROOT, "≈ %s million requests", Numbers.plain(monthlyInspected(c, a, w) / 1e6));
  }

  @Override
  public void checksWithout(Architecture a, List<PillarCheck> out) {
    if (a.entry() != null) {
      out.add(new PillarCheck("security", FILTERS, false));
    }
  }

  @Override
  public void checks(Waf c, Architecture a, List<PillarCheck> out) {
    Waf w = c;
    out.add(
        new PillarCheck(
            "security",
            FILTERS,
            w.rules() > 0 && (w.protectsEntry() || (w.protectsCloudFront() && a.cdn() != null))));
    out.add(
        new PillarCheck(
            "security",
            "the entry itself is behind AWS WAF (not only the CloudFront distribution)",
            w.rules() > 0 && w.protectsEntry()));
  }

  @Override
  public List<String> explain(Waf c, Architecture a, Workload w) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "AWS WAF: %d web ACL%s (%s), %d rules each; %s",
            c.protect().size(),
            c.protect().size() == 1 ? "" : "s",
            String.join(", ", c.protect()),
            c.rules(),
            SHIELD_STANDARD));
    return lines;
  }

  /**
   * In front of what it protects, with its rules: on the path before CloudFront (in front of the
   * regions) and before the entry (inside the region).
   */
  @Override
  public List<DiagramNode> diagram(Waf waf, Architecture a, Workload w) {
    List<String> d = List.of(DiagramNode.count(waf.rules(), "rule"), "Shield Standard");
    List<DiagramNode> out = new ArrayList<>();
    if (a.cdn() != null && waf.protectsCloudFront()) {
      out.add(
          DiagramNode.of(
                  DiagramNode.Place.EDGE,
                  "waf@cloudfront",
                  DiagramNode.WAF_EDGE,
                  DiagramNode.Lane.OUTSIDE,
                  "AWS WAF",
                  d)
              .from(DiagramNode.FRONT, DiagramNode.Kind.PATH)
              .onThePath());
    }
    if (a.entry() != null && waf.protectsEntry()) {
      out.add(
          DiagramNode.of(
                  DiagramNode.Place.ENTRY,
                  "waf@entry",
                  DiagramNode.WAF_ENTRY,
                  DiagramNode.Lane.MID,
                  "AWS WAF",
                  d)
              .from(DiagramNode.FRONT, DiagramNode.Kind.PATH)
              .onThePath());
    }
    return out;
  }

  @Override
  public PathStage stage(Waf c, TrialContext trial) {
    return new Acls(c, edgeHitRatio(trial.architecture()), trial);
  }

  /**
   * The web ACLs in one trial: no state; they bill their months and the requests inspected.
   *
   * @param edgeHitRatio the CloudFront hit ratio on static requests (0 without CloudFront)
   */
  private record Acls(Waf w, double edgeHitRatio, TrialContext trial) implements PathStage {
    @Override
    public void bill(double dt, double offeredRate) {
      String region = trial.region();
      int acls = w.protect().size();
      double months = dt / SECONDS_PER_MONTH;
      trial.cost(
          "waf (web acls)",
          acls * months * Services.usd(WAF_WEB_ACL_MONTH, region)
              + acls * w.rules() * months * Services.usd(WAF_RULE_MONTH, region));
      double inspected = 0;
      if (w.protectsCloudFront()) {
        inspected += offeredRate * dt;
      }
      if (w.protectsEntry()) {
        double edge = trial.profile().staticFraction() * edgeHitRatio;
        inspected += offeredRate * (1 - edge) * dt;
      }
      trial.count(WAF_INSPECTED, inspected);
      trial.cost("waf (requests)", inspected * Services.usd(WAF_REQUEST, region));
    }
  }
}
