package dev.archsim.local.importer;

import static dev.archsim.local.WrappedText.assertThatWrapped;
import static dev.archsim.local.importer.ImportStacks.architecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.archsim.local.cli.CliHarness;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycle transitions given by date (and the inline {@code lifecycle_rule} blocks of the AWS
 * provider before v4), and private NAT gateways, which carry no internet egress.
 */
class DatedLifecycleAndPrivateNatTest {
  static final Path FIXTURES = Path.of("src/test/resources/import");

  @Test
  void cloudFormationDatesAreNotCountedAndAPrivateNatIsNoEgress(@TempDir Path dir)
      throws IOException {
    Path out = dir.resolve("cfn.json");
    CliHarness.Outcome cli =
        importFixture("cloudformation", "egress/dated-lifecycle-private-nat.yaml", out);
    JsonNode arch = architecture(out);
    // only the public gateway is internet egress: one, in PublicA's AZ, for two AZs
    assertThat(arch.path("natGateways").toString())
        .isEqualTo("{\"placement\":\"single\",\"az\":\"us-east-1a\"}");
    // a template has no time to count a date's days from: only the transition by age is kept
    assertThat(arch.at("/s3/lifecycle").toString())
        .isEqualTo("[{\"days\":30,\"storageClass\":\"STANDARD_IA\"}]");
    assertThatWrapped(cli.out())
        .contains(
            "mapped      Nat (AWS::EC2::NatGateway): natGateways: single, in us-east-1a, shared by 2 AZs")
        .contains(
            "unsupported TransitNat (AWS::EC2::NatGateway): a private NAT gateway (ConnectivityType"
                + " private): no internet egress, so not in natGateways;")
        .contains(
            "mapped      Archive (AWS::S3::Bucket): s3.lifecycle: STANDARD_IA at 30 days; not"
                + " modelled: GLACIER on 2027-06-01T00:00:00.000Z (a transition by date: the stack"
                + " gives no time to count its days from; set s3.lifecycle days by hand)")
        .contains(
            "warning: Resources.Archive.Properties.LifecycleConfiguration.Rules[1].Transitions[1]"
                + ".TransitionDate: 'first of June' is not a date (YYYY-MM-DD or an ISO 8601 time);"
                + " the transition is not imported")
        .doesNotContain("DEEP_ARCHIVE at");
  }

  @Test
  void aPlanWithOnlyAPrivateNatHasNoNatSectionAndNoEgressAssumption() {
    String plan =
        """
        {"format_version": "1.2", "planned_values": {"root_module": {"resources": [
          {"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
           "values": {"instance_type": "t3.small", "availability_zone": "us-east-1a"}},
          {"address": "aws_nat_gateway.to_tgw", "mode": "managed", "type": "aws_nat_gateway",
           "name": "to_tgw", "values": {"connectivity_type": "private"}}
        ]}}}
        """;
    ImportReport report = new ImportReport();
    StackImporter.Result r = importPlan(plan, report);
    JsonNode arch = r.scenario().at("/stages/0/architecture");
    assertThat(arch.has("natGateways")).isFalse();
    assertThat(report.assumptions()).noneMatch(a -> a.contains("egressShare"));
    assertThat(report.lines())
        .filteredOn(l -> l.resource().equals("aws_nat_gateway.to_tgw"))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.status()).isEqualTo(ImportReport.Status.UNSUPPORTED);
              assertThat(l.detail()).startsWith("a private NAT gateway (ConnectivityType private)");
            });
  }

  @Test
  void terraformInlineLifecycleRulesAndDatesCountedFromThePlanTimestamp(@TempDir Path dir)
      throws IOException {
    Path out = dir.resolve("tf.json");
    CliHarness.Outcome cli =
        importFixture("terraform", "terraform/inline-lifecycle/plan.json", out);
    JsonNode arch = architecture(out);
    // plan 2026-12-01: 2026-12-15 is 14 days (raised to STANDARD_IA's 30-day minimum),
    // 2027-03-01 is 90 days; the disabled rule's DEEP_ARCHIVE at 1 day is not read
    assertThat(arch.at("/s3/lifecycle").toString())
        .isEqualTo(
            "[{\"days\":30,\"storageClass\":\"STANDARD_IA\"},{\"days\":90,\"storageClass\":\"GLACIER\"}]");
    assertThat(arch.path("natGateways").toString())
        .isEqualTo("{\"placement\":\"single\",\"az\":\"us-east-1a\"}");
    assertThatWrapped(cli.out())
        .contains(
            "mapped      aws_s3_bucket.logs (aws_s3_bucket): s3.lifecycle: STANDARD_IA at 30 days,"
                + " GLACIER at 90 days")
        .contains(
            "architecture.s3.lifecycle: STANDARD_IA on 2026-12-15 became 30 days (whole days from"
                + " the plan's timestamp 2026-12-01T08:00:00Z, raised to the 30-day minimum; AWS"
                + " moves every object on that date, archsim moves each object at that age)")
        .contains(
            "architecture.s3.lifecycle: GLACIER on 2027-03-01 became 90 days (whole days from the"
                + " plan's timestamp 2026-12-01T08:00:00Z; AWS moves every object on that date,"
                + " archsim moves each object at that age)")
        .contains(
            "warning: planned_values.root_module.resources[7].values.lifecycle_rule[0]"
                + ".transition[2].date: '2027-02-30' is not a date (YYYY-MM-DD or an RFC 3339"
                + " time); the transition is not imported")
        .contains(
            "mapped      aws_nat_gateway.egress (aws_nat_gateway): natGateways: single, in"
                + " us-east-1a, shared by 2 AZs")
        .contains(
            "unsupported aws_nat_gateway.to_tgw (aws_nat_gateway): a private NAT gateway"
                + " (ConnectivityType private): no internet egress");
  }

  @Test
  void withoutAPlanTimestampADateIsNamedAndNotGuessed() {
    String plan =
        """
        {"format_version": "1.0", "planned_values": {"root_module": {"resources": [
          {"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
           "values": {"instance_type": "t3.small", "availability_zone": "us-east-1a"}},
          {"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
           "values": {"lifecycle_rule": [{"enabled": true, "transition": [
             {"days": 60, "date": null, "storage_class": "STANDARD_IA"},
             {"days": null, "date": "2027-03-01", "storage_class": "GLACIER"}]}]}}
        ]}}}
        """;
    ImportReport report = new ImportReport();
    StackImporter.Result r = importPlan(plan, report);
    assertThat(r.scenario().at("/stages/0/architecture/s3/lifecycle").toString())
        .isEqualTo("[{\"days\":60,\"storageClass\":\"STANDARD_IA\"}]");
    assertThatWrapped(report.render())
        .contains(
            "s3.lifecycle: STANDARD_IA at 60 days; not modelled: GLACIER on 2027-03-01 (a"
                + " transition by date: the stack gives no time to count its days from");
  }

  /** Imports fixture {@code fixture} as {@code kind} ({@code archsim import}) into {@code out}. */
  private static CliHarness.Outcome importFixture(String kind, String fixture, Path out) {
    return ImportStacks.imported(out, kind, FIXTURES.resolve(fixture).toString());
  }

  /** Imports a Terraform plan's JSON in us-east-1, reporting to {@code report}. */
  private static StackImporter.Result importPlan(String plan, ImportReport report) {
    StackImporter.Result r = ImportStacks.terraform(plan, report);
    assertThat(r.ok()).as(report.render()).isTrue();
    return r;
  }
}
