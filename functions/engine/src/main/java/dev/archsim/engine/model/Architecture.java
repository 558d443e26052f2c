package dev.archsim.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * Where the system runs and how requests reach it. Exactly one of {@code compute} (EC2 or Fargate
 * instances) and {@code functions} (Lambda behind API Gateway) is set; the other tiers are optional
 * (null when absent). A container service ({@code ecs}) comes with the fleet it runs on as {@code
 * compute} ({@link EcsService#fleet}).
 */
public record Architecture(
    String region,
    List<String> azs,
    Entry entry,
    ComputeTier compute,
    Functions functions,
    Cdn cdn,
    Cache cache,
    Database database,
    AsyncQueue queue,
    DisasterRecovery dr,
    NatGateways natGateways,
    VpcEndpoints vpcEndpoints,
    CloudWatch cloudWatch,
    Waf waf,
    S3Storage s3,
    EcsService ecs) {
  public Architecture {
    Objects.requireNonNull(region, "region");
    azs = List.copyOf(azs);
    Objects.requireNonNull(entry, "entry");
    if ((compute == null) == (functions == null)) {
      throw new IllegalArgumentException("exactly one of compute and functions must be set");
    }
  }

  /** An architecture without a container service. */
  public Architecture(
      String region,
      List<String> azs,
      Entry entry,
      ComputeTier compute,
      Functions functions,
      Cdn cdn,
      Cache cache,
      Database database,
      AsyncQueue queue,
      DisasterRecovery dr,
      NatGateways natGateways,
      VpcEndpoints vpcEndpoints,
      CloudWatch cloudWatch,
      Waf waf,
      S3Storage s3) {
    this(
        region,
        azs,
        entry,
        compute,
        functions,
        cdn,
        cache,
        database,
        queue,
        dr,
        natGateways,
        vpcEndpoints,
        cloudWatch,
        waf,
        s3,
        null);
  }

  /** An architecture without the networking, operations and storage components. */
  public Architecture(
      String region,
      List<String> azs,
      Entry entry,
      ComputeTier compute,
      Functions functions,
      Cdn cdn,
      Cache cache,
      Database database,
      AsyncQueue queue,
      DisasterRecovery dr) {
    this(
        region, azs, entry, compute, functions, cdn, cache, database, queue, dr, null, null, null,
        null, null);
  }

  /** A compute-only architecture (no data tier, edge, queue or DR). */
  public Architecture(String region, List<String> azs, Entry entry, ComputeTier compute) {
    this(region, azs, entry, compute, null, null, null, null, null, null);
  }

  public boolean serverless() {
    return functions != null;
  }
}
