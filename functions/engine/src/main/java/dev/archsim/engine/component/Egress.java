package dev.archsim.engine.component;

/**
 * A stage the private instances' calls out of the VPC go through (NAT gateways): a {@link
 * Dependency} that fails the requests whose egress is cut.
 */
public interface Egress extends Dependency {}
