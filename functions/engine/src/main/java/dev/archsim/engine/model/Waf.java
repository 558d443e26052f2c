package dev.archsim.engine.model;

import java.util.List;

/**
 * AWS WAF web ACLs in front of the stage's entry (an ALB or API Gateway) and its CloudFront
 * distribution. A web ACL is billed by the month, each rule in it by the month, and every request
 * it inspects ([AWS] aws.amazon.com/waf/pricing). Shield Standard protects every AWS customer at no
 * extra charge ([AWS] docs.aws.amazon.com/waf/latest/developerguide/ddos-standard-summary.html);
 * Shield Advanced is not modelled.
 *
 * @param protect what the web ACLs are associated with: {@code entry} (the ALB or API Gateway)
 *     and/or {@code cloudfront}; one web ACL each (a CloudFront web ACL is global, the other
 *     regional, so they cannot be shared)
 * @param rules rules (or rule groups) in each web ACL
 */
public record Waf(List<String> protect, int rules) {
  /** The defaults of the {@code waf} section. */
  public static final Defaults.Table DEFAULTS = Defaults.section("waf");

  public static final int DEFAULT_RULES = DEFAULTS.d("rules", 0);

  /** What the web ACLs protect when the section does not say: the entry (the schema in words). */
  public static final List<String> DEFAULT_PROTECT = List.of("entry");

  /** The resources a web ACL can protect here. */
  public static final List<String> TARGETS = List.of("entry", "cloudfront");

  /**
   * A web ACL may use at most 5 000 WCUs ([AWS] WAF quotas: "Maximum web ACL capacity units in a
   * web ACL 5,000"); a rule costs at least one WCU, so at most 5 000 rules.
   */
  public static final int MAX_RULES = 5_000;

  public Waf {
    protect = List.copyOf(protect);
  }

  /** True when the web ACLs protect the entry (the ALB or API Gateway). */
  public boolean protectsEntry() {
    return protect.contains("entry");
  }

  /** True when a web ACL protects the CloudFront distribution. */
  public boolean protectsCloudFront() {
    return protect.contains("cloudfront");
  }
}
