package dev.archsim.engine.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archsim.engine.component.CloudWatchComponent;
import dev.archsim.engine.component.Components;
import dev.archsim.engine.component.DatabaseComponent;
import dev.archsim.engine.component.EcsComponent;
import dev.archsim.engine.component.FileSystemComponent;
import dev.archsim.engine.component.NatComponent;
import dev.archsim.engine.component.S3StorageComponent;
import dev.archsim.engine.component.VpcEndpointsComponent;
import dev.archsim.engine.component.WafComponent;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The prices the next components (NAT gateways, VPC endpoints, WAF, CloudWatch, Aurora Serverless
 * v2, S3 lifecycle, ElastiCache Serverless, Fargate) build on: each is in the shipped price book
 * with its number, unit and source; the unsourced ones are exactly those listed here.
 */
class PriceKeysTest {

  /** The keys whose shipped us-east-1 price is an assumption (source "UNSOURCED: ..."). */
  static final Set<String> UNSOURCED = Set.of();

  static final Set<String> GLOBAL =
      Set.of(
          "vpc-endpoint.gateway.hour",
          "vpc-endpoint.gateway.gb",
          "fargate.spot.max-discount",
          "fargate.spot.discount",
          "eks.cluster-hour",
          "route53.health-check.month",
          "route53.hosted-zone.month",
          "route53.query",
          "global-accelerator.hour",
          "global-accelerator.dt-premium.gb",
          "data-transfer.inter-az.gb");

  static List<String> keys() throws Exception {
    List<String> keys = new ArrayList<>();
    for (var f : PriceKeys.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        keys.add((String) f.get(null));
      }
    }
    for (var c : Components.all()) {
      keys.addAll(c.priceKeys());
    }
    return keys;
  }

  @Test
  void everyKeyIsPricedInUsEast1WithItsSourceAndOnlyTheListedOnesAreUnsourced() throws Exception {
    List<String> keys = keys();
    assertThat(keys).hasSize(51).doesNotHaveDuplicates();
    List<String> unsourced = new ArrayList<>();
    for (String k : keys) {
      Price p = Catalog.servicePrice(k, "us-east-1").orElseThrow(() -> new AssertionError(k));
      assertThat(p.usd()).as(k).isGreaterThanOrEqualTo(0);
      assertThat(p.unit()).as(k).isNotBlank();
      assertThat(p.asOf()).as(k).isNotBlank();
      assertThat(p.estimate()).as(k).isFalse();
      if (p.source().startsWith("UNSOURCED")) {
        unsourced.add(k);
      } else {
        assertThat(p.source()).as(k).matches("^\\[(AWS|3P)\\] .+");
      }
    }
    assertThat(unsourced).containsExactlyInAnyOrderElementsOf(UNSOURCED);
  }

  @Test
  void theNumbersAreThoseOfTheirSources() {
    assertThat(usd(NatComponent.NAT_GATEWAY_HOUR)).isEqualTo(0.045);
    assertThat(usd(NatComponent.NAT_GATEWAY_GB)).isEqualTo(0.045);
    assertThat(usd(NatComponent.DATA_TRANSFER_INTER_AZ_GB)).isEqualTo(0.01);
    assertThat(usd(VpcEndpointsComponent.VPC_ENDPOINT_INTERFACE_HOUR)).isEqualTo(0.01);
    assertThat(usd(VpcEndpointsComponent.VPC_ENDPOINT_GATEWAY_GB)).isZero();
    // $5 a web ACL + $1 a rule a month + $0.60 per million requests
    assertThat(usd(WafComponent.WAF_WEB_ACL_MONTH)).isEqualTo(5.0);
    assertThat(usd(WafComponent.WAF_RULE_MONTH)).isEqualTo(1.0);
    assertThat(usd(WafComponent.WAF_REQUEST) * 1e6)
        .isCloseTo(0.60, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(usd(CloudWatchComponent.CLOUDWATCH_LOGS_INGEST_GB)).isEqualTo(0.50);
    assertThat(usd(CloudWatchComponent.CLOUDWATCH_LOGS_STORAGE_GB_MONTH)).isEqualTo(0.03);
    assertThat(usd(DatabaseComponent.AURORA_SERVERLESS_V2_ACU_HOUR)).isEqualTo(0.12);
    assertThat(usd(S3StorageComponent.s3StorageGbMonth("STANDARD"))).isEqualTo(0.023);
    assertThat(usd(S3StorageComponent.s3StorageGbMonth("DEEP_ARCHIVE"))).isEqualTo(0.00099);
    assertThat(usd(S3StorageComponent.s3TransitionRequest("GLACIER"))).isEqualTo(0.00003);
    // infracost's us-east-1 goldens: GET $0.0004 per 1k, Standard-IA transition $0.01 per 1k and
    // retrieval $0.01 per GB
    assertThat(usd(S3StorageComponent.S3_GET)).isEqualTo(0.0000004);
    assertThat(usd(S3StorageComponent.s3TransitionRequest("STANDARD_IA"))).isEqualTo(0.00001);
    assertThat(usd(S3StorageComponent.S3_STANDARD_IA_RETRIEVAL_GB)).isEqualTo(0.01);
    // the same Fargate price as a Fargate task size: 1 vCPU + 2 GB
    assertThat(Catalog.onDemandUsd("us-east-1", "fargate.1vcpu-2gb"))
        .isEqualTo(usd(PriceKeys.FARGATE_VCPU_HOUR) + 2 * usd(PriceKeys.FARGATE_GB_HOUR));
    assertThat(usd(PriceKeys.FARGATE_SPOT_MAX_DISCOUNT)).isEqualTo(0.70);
    // Fargate Spot as published: $0.01334053 against $0.04048 a vCPU-hour, 67 % off
    assertThat(usd(PriceKeys.FARGATE_SPOT_DISCOUNT)).isEqualTo(0.67);
    // Graviton: $0.03238 a vCPU-hour and $0.00356 a GB-hour, so 2 vCPU + 4 GB is $0.0790
    assertThat(Catalog.onDemandUsd("us-east-1", "fargate.2vcpu-4gb-arm64"))
        .isEqualTo(2 * 0.03238 + 4 * 0.00356);
    assertThat(usd(EcsComponent.EKS_CLUSTER_HOUR)).isEqualTo(0.10);
    // EFS: Regional $0.30 and One Zone $0.16 a GB-month, IA $0.016 and One Zone-IA $0.0133; Elastic
    // throughput $0.03 a GB read and $0.06 a GB written
    assertThat(usd(FileSystemComponent.EFS_STANDARD_GB_MONTH)).isEqualTo(0.30);
    assertThat(usd(FileSystemComponent.EFS_ONE_ZONE_GB_MONTH)).isEqualTo(0.16);
    assertThat(usd(FileSystemComponent.EFS_STANDARD_IA_GB_MONTH)).isEqualTo(0.016);
    assertThat(usd(FileSystemComponent.EFS_ONE_ZONE_IA_GB_MONTH)).isEqualTo(0.0133);
    assertThat(usd(FileSystemComponent.EFS_READ_GB)).isEqualTo(0.03);
    assertThat(usd(FileSystemComponent.EFS_WRITE_GB)).isEqualTo(0.06);
    assertThatThrownBy(() -> S3StorageComponent.s3StorageGbMonth("ONEZONE_IA"))
        .hasMessageContaining("not priced");
  }

  @Test
  void otherRegionsEstimateRegionalKeysAndShareGlobalOnesAndAPricelessRegionKnowsNone()
      throws Exception {
    for (String k : keys()) {
      Price eu = Catalog.servicePrice(k, "eu-west-1").orElseThrow(() -> new AssertionError(k));
      Price sa = Catalog.servicePrice(k, "sa-east-1").orElse(null);
      if (GLOBAL.contains(k)) {
        assertThat(eu).as(k).isEqualTo(Catalog.servicePrice(k, "us-east-1").orElseThrow());
        assertThat(sa).as(k).isEqualTo(eu);
      } else {
        // eu-west-1's m5.large is 0.107 against 0.096 in us-east-1
        assertThat(eu.estimate()).as(k).isTrue();
        assertThat(eu.usd())
            .as(k)
            .isCloseTo(usd(k) * 0.107 / 0.096, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(eu.source()).as(k).contains("x this region's EC2 price level");
        // no EC2 price in sa-east-1 to scale by: unknown (the cost is then partial)
        assertThat(sa).as(k).isNull();
      }
    }
  }

  private static double usd(String key) {
    return Catalog.servicePrice(key, "us-east-1").orElseThrow().usd();
  }
}
