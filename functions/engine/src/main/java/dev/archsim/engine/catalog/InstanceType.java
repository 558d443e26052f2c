package dev.archsim.engine.catalog;

/**
 * An EC2 instance type.
 *
 * @param name e.g. {@code m5.large}
 * @param vcpu virtual CPUs: each serves requests as one server of the instance's M/M/c queue
 * @param memoryGiB memory
 * @param burstable T2/T3 family with CPU credits
 */
public record InstanceType(String name, int vcpu, double memoryGiB, boolean burstable) {}
