package dev.archsim.bench;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.PriceBook;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What loading the catalog costs a fresh JVM: each fork is a new JVM that has not touched the
 * catalog, and the single measured call is the first one (class loading, resource reading and
 * decoding included), which is what the catalog adds to a CLI start. Run: {@code java -jar
 * bench/target/benchmarks.jar CatalogLoad -f 15} (fifteen fresh JVMs per benchmark), or {@code
 * bench/catalog-load.sh}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(15)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class CatalogLoadBenchmarks {

  /**
   * What a run in one region loads: the instance types, the regions with their AZs and offerings,
   * and that region's price book (an on-demand price, a spot entry and a service price).
   */
  @Benchmark
  public Object oneRegion() {
    PriceBook book = Catalog.prices();
    return new Object[] {
      Catalog.instanceType("m5.large").orElseThrow(),
      Catalog.availabilityZones("us-east-1"),
      Catalog.azsOffering("us-east-1", "m5.large"),
      book.onDemand("us-east-1", "m5.large").orElseThrow(),
      book.spot("us-east-1", "m5.large"),
      book.service("alb.hour", "us-east-1").orElseThrow()
    };
  }

  /** The worst case: every region's AZs and price book (what {@code catalog regions} shows). */
  @Benchmark
  public long everyRegion() {
    PriceBook book = Catalog.prices();
    long n = Catalog.instanceTypes().size();
    for (String region : Catalog.regions()) {
      n += Catalog.availabilityZones(region).size();
      n += book.prices(region).services().size();
    }
    return n;
  }
}
