package dev.archsim.local.importer;

import static dev.archsim.local.WrappedText.assertThatWrapped;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each mapping from resources to the scenario, on small templates. */
class StackMapperTest {

  private static JsonNode importArch(String yaml, ImportReport report) {
    return ImportStacks.architecture(importDaily(yaml, report), report);
  }

  /** {@code yaml} imported with daily traffic and typical faults. */
  private static StackImporter.Result importDaily(String yaml, ImportReport report) {
    return ImportStacks.cfn(yaml, "daily", "typical", report);
  }

  @Test
  void anAlbTargetGroupsAlgorithmBecomesTheEntrysAlgorithm() {
    for (String[] pair :
        new String[][] {
          {"least_outstanding_requests", "least-outstanding-requests"},
          {"weighted_random", "random"},
          {"round_robin", "round-robin"}
        }) {
      String yaml =
          """
          Resources:
            SubA: {Type: AWS::EC2::Subnet, Properties: {AvailabilityZone: us-east-1a}}
            Lb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Subnets: [!Ref SubA]}}
            Tg:
              Type: AWS::ElasticLoadBalancingV2::TargetGroup
              Properties:
                TargetGroupAttributes:
                  - {Key: load_balancing.algorithm.type, Value: %s}
            Listener: {Type: AWS::ElasticLoadBalancingV2::Listener, Properties: {LoadBalancerArn: !Ref Lb, DefaultActions: [{Type: forward, TargetGroupArn: !Ref Tg}]}}
            Asg:
              Type: AWS::AutoScaling::AutoScalingGroup
              Properties: {MinSize: "2", MaxSize: "2", VPCZoneIdentifier: [!Ref SubA], TargetGroupARNs: [!Ref Tg]}
          """
              .formatted(pair[0]);
      JsonNode e = importArch(yaml, new ImportReport()).path("entry");
      assertThat(e.path("type").asText()).isEqualTo("alb");
      assertThat(e.path("algorithm").asText()).as(pair[0]).isEqualTo(pair[1]);
    }
  }

  @Test
  void albAsgWithMixedInstancesScheduleAndStepPolicyAuroraProxyCacheCdn() {
    String yaml =
        """
        Resources:
          SubA: {Type: AWS::EC2::Subnet, Properties: {AvailabilityZone: us-east-1a}}
          SubB: {Type: AWS::EC2::Subnet, Properties: {AvailabilityZone: us-east-1b}}
          SubC: {Type: AWS::EC2::Subnet, Properties: {AvailabilityZone: us-east-1c}}
          Lb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Type: network, Subnets: [!Ref SubA, !Ref SubB]}}
          Tg:
            Type: AWS::ElasticLoadBalancingV2::TargetGroup
            Properties:
              HealthCheckIntervalSeconds: 10
              HealthCheckTimeoutSeconds: 6
              HealthyThresholdCount: 3
              UnhealthyThresholdCount: 3
              TargetGroupAttributes:
                - {Key: deregistration_delay.timeout_seconds, Value: "20"}
                - {Key: stickiness.enabled, Value: "true"}
          Listener: {Type: AWS::ElasticLoadBalancingV2::Listener, Properties: {LoadBalancerArn: !Ref Lb, DefaultActions: [{Type: forward, TargetGroupArn: !Ref Tg}]}}
          Lt: {Type: AWS::EC2::LaunchTemplate, Properties: {LaunchTemplateData: {InstanceType: c5.large}}}
          Asg:
            Type: AWS::AutoScaling::AutoScalingGroup
            Properties:
              MinSize: "2"
              MaxSize: "10"
              DesiredCapacity: "4"
              VPCZoneIdentifier: [!Ref SubA, !Ref SubB, !Ref SubC]
              TargetGroupARNs: [!Ref Tg]
              HealthCheckType: ELB
              HealthCheckGracePeriod: 90
              MixedInstancesPolicy:
                LaunchTemplate:
                  LaunchTemplateSpecification: {LaunchTemplateId: !Ref Lt, Version: !GetAtt Lt.LatestVersionNumber}
                InstancesDistribution: {OnDemandBaseCapacity: 1, OnDemandPercentageAboveBaseCapacity: 25}
          Step:
            Type: AWS::AutoScaling::ScalingPolicy
            Properties:
              AutoScalingGroupName: !Ref Asg
              PolicyType: StepScaling
              StepAdjustments:
                - {MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 20, ScalingAdjustment: 1}
                - {MetricIntervalLowerBound: 20, ScalingAdjustment: 3}
          High: {Type: AWS::CloudWatch::Alarm, Properties: {MetricName: CPUUtilization, ComparisonOperator: GreaterThanThreshold, Threshold: 60, Period: 60, EvaluationPeriods: 2, AlarmActions: [!Ref Step]}}
          Request:
            Type: AWS::AutoScaling::ScalingPolicy
            Properties:
              AutoScalingGroupName: !Ref Asg
              PolicyType: TargetTrackingScaling
              TargetTrackingConfiguration: {PredefinedMetricSpecification: {PredefinedMetricType: ALBRequestCountPerTarget}, TargetValue: 1000}
          Evening: {Type: AWS::AutoScaling::ScheduledAction, Properties: {AutoScalingGroupName: !Ref Asg, Recurrence: "30 18 * * *", DesiredCapacity: 2}}
          OnceOff: {Type: AWS::AutoScaling::ScheduledAction, Properties: {AutoScalingGroupName: !Ref Asg, StartTime: "2026-12-24T00:00:00Z", MinSize: 6}}
          Cluster: {Type: AWS::RDS::DBCluster, Properties: {Engine: aurora-mysql}}
          Writer: {Type: AWS::RDS::DBInstance, Properties: {DBClusterIdentifier: !Ref Cluster, DBInstanceClass: db.r6g.large, Engine: aurora-mysql}}
          Reader: {Type: AWS::RDS::DBInstance, Properties: {DBClusterIdentifier: !Ref Cluster, DBInstanceClass: db.r6g.large, Engine: aurora-mysql}}
          Proxy: {Type: AWS::RDS::DBProxy, Properties: {EngineFamily: MYSQL}}
          ProxyTargets: {Type: AWS::RDS::DBProxyTargetGroup, Properties: {DBProxyName: !Ref Proxy, DBClusterIdentifiers: [!Ref Cluster]}}
          Redis: {Type: AWS::ElastiCache::ReplicationGroup, Properties: {CacheNodeType: cache.r6g.large, NumNodeGroups: 2, ReplicasPerNodeGroup: 1, AutomaticFailoverEnabled: true}}
          Assets: {Type: AWS::S3::Bucket}
          Cdn: {Type: AWS::CloudFront::Distribution, Properties: {DistributionConfig: {Origins: [{Id: s3, DomainName: !GetAtt Assets.RegionalDomainName, S3OriginConfig: {}}, {Id: alb, DomainName: !GetAtt Lb.DNSName}]}}}
          Nat: {Type: AWS::EC2::NatGateway, Properties: {SubnetId: !Ref SubA}}
          Svc: {Type: AWS::ECS::Service}
          Role: {Type: AWS::IAM::Role}
          Thing: {Type: AWS::Foo::Bar}
        """;
    ImportReport report = new ImportReport();
    JsonNode a = importArch(yaml, report);
    assertThat(a.path("azs").toString())
        .isEqualTo("[\"us-east-1a\",\"us-east-1b\",\"us-east-1c\"]");
    JsonNode e = a.path("entry");
    assertThat(e.path("type").asText()).isEqualTo("nlb");
    assertThat(e.path("healthCheck").toString())
        .isEqualTo(
            "{\"intervalSeconds\":10.0,\"timeoutSeconds\":6.0,\"healthyThreshold\":3,\"unhealthyThreshold\":3}");
    assertThat(e.path("deregistrationDelaySeconds").asDouble()).isEqualTo(20);
    assertThat(e.path("stickySessions").asBoolean()).isTrue();
    JsonNode c = a.path("compute");
    assertThat(c.path("instanceType").asText()).isEqualTo("c5.large");
    assertThat(c.path("placement").toString())
        .isEqualTo("{\"us-east-1a\":2,\"us-east-1b\":1,\"us-east-1c\":1}");
    JsonNode g = c.path("autoScaling");
    assertThat(List.of(g.path("min").asInt(), g.path("desired").asInt(), g.path("max").asInt()))
        .containsExactly(2, 4, 10);
    assertThat(g.path("healthCheckType").asText()).isEqualTo("elb");
    assertThat(g.path("healthCheckGraceSeconds").asDouble()).isEqualTo(90);
    assertThat(g.path("policies").toString())
        .isEqualTo(
            "[{\"comparison\":\"above\",\"thresholdPercent\":60.0,\"periodSeconds\":60.0,\"evaluationPeriods\":2,"
                + "\"type\":\"step\",\"steps\":[{\"lower\":0.0,\"upper\":20.0,\"adjustment\":1},{\"lower\":20.0,\"upper\":1000.0,\"adjustment\":3}]}]");
    assertThat(g.path("scheduled").toString())
        .isEqualTo("[{\"at\":\"PT18H30M\",\"daily\":true,\"desired\":2}]");
    assertThat(c.path("purchase").path("spot").path("share").asDouble()).isEqualTo(0.75);
    assertThat(c.path("purchase").path("spot").path("onDemandBase").asInt()).isEqualTo(1);
    JsonNode d = a.path("database");
    assertThat(d.path("engine").asText()).isEqualTo("aurora");
    assertThat(d.path("multiAz").asBoolean()).isTrue();
    assertThat(d.path("readReplicas").asInt()).isEqualTo(1);
    assertThat(d.path("proxy").asBoolean()).isTrue();
    assertThat(a.path("cache").path("nodes").asInt()).isEqualTo(2);
    assertThat(a.path("cache").path("replicated").asBoolean()).isTrue();
    assertThat(a.path("cdn").path("s3Origin").asBoolean()).isTrue();
    String text = report.render();
    assertThatWrapped(text)
        .contains(
            "unsupported Request (AWS::AutoScaling::ScalingPolicy): ALBRequestCountPerTarget needs"
                + " an Application Load Balancer entry; the stage has Lb"
                + " (AWS::ElasticLoadBalancingV2::LoadBalancer)")
        .contains(
            "unsupported OnceOff (AWS::AutoScaling::ScheduledAction): a one-off action at a calendar time")
        .contains(
            "mapped      Nat (AWS::EC2::NatGateway): natGateways: single, in us-east-1a, shared by 3 AZs")
        .contains(
            "unsupported Svc (AWS::ECS::Service): a container service beside the EC2 compute tier (a stage holds one compute tier)")
        .contains("unsupported Thing (AWS::Foo::Bar): no mapping for AWS::Foo::Bar yet")
        .contains("ignored     Role (AWS::IAM::Role): permissions")
        .contains("mapped      Proxy (AWS::RDS::DBProxy): RDS Proxy in front of Cluster")
        .contains("mapped      Assets (AWS::S3::Bucket): origin of Cdn")
        .contains("mapped      High (AWS::CloudWatch::Alarm): the trigger of Step");
    assertThat(report.lines()).hasSize(25);
    assertThat(report.count(ImportReport.Status.MAPPED)).isEqualTo(20);
  }

  @Test
  void instancesWithElasticIpsOrDnsRecordsAndProvisionedDynamoDb() {
    String yaml =
        """
        Resources:
          A: {Type: AWS::EC2::Instance, Properties: {InstanceType: t3.small, AvailabilityZone: us-east-1a, CreditSpecification: {CPUCredits: standard}}}
          B: {Type: AWS::EC2::Instance, Properties: {InstanceType: t3.small, AvailabilityZone: us-east-1b}}
          Check: {Type: AWS::Route53::HealthCheck, Properties: {HealthCheckConfig: {RequestInterval: 10, FailureThreshold: 2, Type: HTTP}}}
          RecA: {Type: AWS::Route53::RecordSet, Properties: {Type: A, TTL: "60", ResourceRecords: [!GetAtt A.PublicIp], Weight: 1, SetIdentifier: a, HealthCheckId: !Ref Check}}
          RecB: {Type: AWS::Route53::RecordSet, Properties: {Type: A, TTL: "60", ResourceRecords: [!GetAtt B.PublicIp], Weight: 1, SetIdentifier: b}}
          Table: {Type: AWS::DynamoDB::Table, Properties: {BillingMode: PROVISIONED, ProvisionedThroughput: {ReadCapacityUnits: 100, WriteCapacityUnits: 20}}}
        """;
    ImportReport report = new ImportReport();
    JsonNode a = importArch(yaml, report);
    assertThat(a.path("entry").toString())
        .isEqualTo(
            "{\"type\":\"route53\",\"ttlSeconds\":60.0,\"routing\":\"weighted\",\"healthCheck\":{\"intervalSeconds\":10.0,\"failureThreshold\":2}}");
    assertThat(a.path("compute").path("placement").toString())
        .isEqualTo("{\"us-east-1a\":1,\"us-east-1b\":1}");
    assertThat(a.path("compute").path("credits").path("mode").asText()).isEqualTo("standard");
    assertThat(a.path("database").path("capacity").toString())
        .isEqualTo("{\"mode\":\"provisioned\",\"readUnits\":100.0,\"writeUnits\":20.0}");
  }

  @Test
  void aValueOfTheWrongKindIsAProblemAtItsTemplatePath() {
    String yaml =
        """
        Resources:
          Lt: {Type: AWS::EC2::LaunchTemplate, Properties: {LaunchTemplateData: {InstanceType: m5.large}}}
          Asg: {Type: AWS::AutoScaling::AutoScalingGroup, Properties: {MinSize: two, MaxSize: [1], LaunchTemplate: {LaunchTemplateId: !Ref Lt}}}
        """;
    ImportReport report = new ImportReport();
    StackImporter.Result r = importDaily(yaml, report);
    assertThat(r.ok()).isFalse();
    assertThat(report.problems())
        .extracting(Object::toString)
        .contains(
            "Resources.Asg.Properties.MinSize: must be a number; found 'two'",
            "Resources.Asg.Properties.MaxSize: must be a single value; found [1]");
  }

  @Test
  void aDefaultTheScenarioRejectsIsReportedAtTheTemplatePathItCameFrom() {
    String yaml =
        """
        Resources:
          Lt: {Type: AWS::EC2::LaunchTemplate, Properties: {LaunchTemplateData: {InstanceType: m5.large}}}
          Asg: {Type: AWS::AutoScaling::AutoScalingGroup, Properties: {MinSize: 5, MaxSize: 2, LaunchTemplate: {LaunchTemplateId: !Ref Lt}}}
        """;
    ImportReport report = new ImportReport();
    StackImporter.Result r = importDaily(yaml, report);
    assertThat(r.ok()).isFalse();
    assertThat(report.problems())
        .extracting(Object::toString)
        .anyMatch(
            p ->
                p.startsWith(
                    "Resources.Asg.Properties.MaxSize (scenario $.stages[0].architecture.compute.autoScaling.max): must be at least min"));
  }

  @Test
  void nearestCatalogType() {
    List<String> known = List.of("t3.micro", "t3.small", "m5.large", "m5.xlarge", "c5.large");
    assertThat(NearestType.of("t2.small", known)).isEqualTo("t3.small");
    assertThat(NearestType.of("t4g.micro", known)).isEqualTo("t3.micro");
    assertThat(NearestType.of("db.t2.small", List.of("db.t3.small", "db.t4g.small")))
        .isEqualTo("db.t3.small");
    assertThat(NearestType.of("db.t4g.medium", List.of("db.t3.medium", "db.t4g.small")))
        .isEqualTo("db.t3.medium");
    assertThat(NearestType.of("t3.nano", known)).isEqualTo("t3.micro");
    assertThat(NearestType.of("m6i.xlarge", known)).isEqualTo("m5.xlarge");
    assertThat(NearestType.of("r6i.large", known)).isEqualTo("c5.large");
    assertThat(NearestType.of("m5.large", known)).isEqualTo("m5.large");
  }
}
