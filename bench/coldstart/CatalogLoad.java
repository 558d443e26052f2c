import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.Services;

/**
 * What loading the catalog costs a fresh JVM: on the worker's classpath, the lookups a shard of
 * the library's WhatIsTheTime makes (its two instance types with their specs, the region and its
 * AZ offerings, the region's on-demand, spot and service prices), timed from a JVM that has
 * loaded nothing of the catalog. An upper bound of what the catalog adds to the worker's cold
 * start: in the worker some of the JDK classes it loads (zip, resources, number parsing) are
 * loaded anyway. Prints "CATALOG ms".
 */
public final class CatalogLoad {
  public static void main(String[] args) {
    long t0 = System.nanoTime();
    double sum = 0;
    for (String type : new String[] {"m5.large", "t2.micro"}) {
      sum += Catalog.instanceType(type).orElseThrow().vcpu();
      sum += Catalog.azsOffering("us-east-1", type).size();
      sum += Catalog.onDemandUsd("us-east-1", type);
      sum += Catalog.defaultSpotDiscount("us-east-1", type);
    }
    sum += Catalog.region("us-east-1").orElseThrow().azIds().size();
    sum += Services.usd("alb.hour", "us-east-1") + Services.usd("public-ipv4.hour", "us-east-1");
    long t1 = System.nanoTime();
    if (!(sum > 0)) {
      throw new IllegalStateException("catalog lookups returned nothing");
    }
    System.out.println("CATALOG " + (t1 - t0) / 1_000_000);
  }
}
