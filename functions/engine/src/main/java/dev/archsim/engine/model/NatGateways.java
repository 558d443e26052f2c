package dev.archsim.engine.model;

/**
 * NAT gateways through which the private instances reach the internet and the AWS APIs (the
 * requests that need it: {@link RequestProfile#egressShare()}). A NAT gateway is zonal ("If you
 * have resources in multiple Availability Zones and they share one NAT gateway, and if the NAT
 * gateway's Availability Zone is down, resources in the other Availability Zones lose internet
 * access": [AWS] docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html), so one shared
 * gateway is a cross-AZ dependency; one per AZ keeps each AZ's egress inside it. A gateway's
 * throughput limit is not modelled: it "can process one million packets per second and
 * automatically scales up to 100 Gbps" ([AWS]
 * docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html).
 *
 * @param perAz one gateway in each AZ of the architecture (true) or one shared gateway (false)
 * @param az the AZ of the shared gateway (null: the architecture's first AZ); unused when {@code
 *     perAz}
 */
public record NatGateways(boolean perAz, String az) {
  /** The defaults of the {@code natGateways} section. */
  public static final Defaults.Table DEFAULTS = Defaults.section("natGateways");

  public static final String DEFAULT_PLACEMENT = DEFAULTS.d("placement", "per-az");

  /** The gateways billed: one per AZ, or one. */
  public int count(int azs) {
    return perAz ? Math.max(1, azs) : 1;
  }
}
