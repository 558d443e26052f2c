package dev.archsim.local.importer;

import static dev.archsim.local.WrappedText.assertThatWrapped;
import static dev.archsim.local.importer.ImportStacks.architecture;
import static dev.archsim.local.importer.ImportStacks.cfn;
import static dev.archsim.local.importer.ImportStacks.terraform;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Aurora Serverless v2, ElastiCache Serverless, and target tracking on ALB requests per target and
 * on the SQS backlog per instance, from CloudFormation and from Terraform plans.
 */
class ServerlessAndScalingImportTest {
  private static final String WEB = ImportStacks.WEB;

  private static final String AURORA =
      """
        Db:
          Type: AWS::RDS::DBCluster
          Properties:
            Engine: aurora-postgresql
            ServerlessV2ScalingConfiguration: {MinCapacity: 0.5, MaxCapacity: 16}
        Writer: {Type: AWS::RDS::DBInstance, Properties: {DBClusterIdentifier: !Ref Db, DBInstanceClass: db.serverless, Engine: aurora-postgresql}}
        Reader: {Type: AWS::RDS::DBInstance, Properties: {DBClusterIdentifier: !Ref Db, DBInstanceClass: db.serverless, Engine: aurora-postgresql}}
      """;

  @Test
  void anAuroraClusterOfServerlessInstancesIsServerlessV2WithItsRange() {
    ImportReport report = new ImportReport();
    JsonNode db = architecture(cfn(WEB + AURORA, report), report).path("database");
    assertThat(db.path("engine").asText()).isEqualTo("aurora");
    assertThat(db.path("instanceClass").asText()).isEqualTo("db.serverless");
    assertThat(db.path("serverless").path("minAcu").asDouble()).isEqualTo(0.5);
    assertThat(db.path("serverless").path("maxAcu").asDouble()).isEqualTo(16);
    assertThat(db.path("readReplicas").asInt()).isEqualTo(1);
    assertThatWrapped(report.render())
        .contains(
            "mapped      Db (AWS::RDS::DBCluster): database: Aurora, Serverless v2 0.5-16 ACU, 2"
                + " instance(s)")
        .doesNotContain("db.r6g.large");
  }

  @Test
  void serverlessInstancesWithoutTheRangeOrARangeOutOfBoundsAreProblemsAtTheirPaths() {
    ImportReport missing = new ImportReport();
    StackImporter.Result r =
        cfn(
            WEB
                + AURORA.replace(
                    "ServerlessV2ScalingConfiguration: {MinCapacity: 0.5, MaxCapacity: 16}",
                    "DatabaseName: shop"),
            missing);
    assertThat(r.ok()).isFalse();
    assertThatWrapped(missing.render())
        .contains(
            "error: Resources.Db.Properties.ServerlessV2ScalingConfiguration: missing: the"
                + " cluster's db.serverless instances need its ServerlessV2ScalingConfiguration");

    // the engine's bounds (0 or 0.5-256 in steps of 0.5) point back at the template's property
    ImportReport bounds = new ImportReport();
    StackImporter.Result b =
        cfn(WEB + AURORA.replace("MaxCapacity: 16", "MaxCapacity: 300"), bounds);
    assertThat(b.ok()).isFalse();
    assertThatWrapped(bounds.render())
        .contains(
            "Resources.Db.Properties.ServerlessV2ScalingConfiguration.MaxCapacity (scenario"
                + " $.stages[0].architecture.database.serverless.maxAcu)");
  }

  @Test
  void anRdsProxyInFrontOfServerlessV2IsLeftOutWithWhy() {
    String yaml =
        WEB
            + AURORA
            + """
              Proxy: {Type: AWS::RDS::DBProxy, Properties: {EngineFamily: POSTGRESQL}}
              ProxyTargets: {Type: AWS::RDS::DBProxyTargetGroup, Properties: {DBProxyName: !Ref Proxy, TargetGroupName: default, DBClusterIdentifiers: [!Ref Db]}}
            """;
    ImportReport report = new ImportReport();
    JsonNode db = architecture(cfn(yaml, report), report).path("database");
    assertThat(db.path("proxy").asBoolean()).isFalse();
    assertThatWrapped(report.render())
        .contains(
            "unsupported Proxy (AWS::RDS::DBProxy): RDS Proxy in front of Aurora Serverless v2 is"
                + " billed per ACU");
  }

  @Test
  void anElastiCacheServerlessCacheKeepsItsEcpuLimitAndAssumesItsData() {
    String yaml =
        WEB
            + AURORA
            + """
              Cache:
                Type: AWS::ElastiCache::ServerlessCache
                Properties:
                  Engine: valkey
                  ServerlessCacheName: sessions
                  CacheUsageLimits:
                    DataStorage: {Minimum: 2, Maximum: 10, Unit: GB}
                    ECPUPerSecond: {Maximum: 5000}
            """;
    ImportReport report = new ImportReport();
    JsonNode cache = architecture(cfn(yaml, report), report).path("cache");
    assertThat(cache.path("engine").asText()).isEqualTo("redis");
    assertThat(cache.has("nodeType")).isFalse();
    assertThat(cache.has("nodes")).isFalse();
    assertThat(cache.path("serverless").path("maxEcpuPerSecond").asDouble()).isEqualTo(5000);
    assertThat(cache.path("serverless").path("dataGb").asDouble()).isEqualTo(2);
    assertThatWrapped(report.render())
        .contains(
            "mapped      Cache (AWS::ElastiCache::ServerlessCache): cache: ElastiCache Serverless"
                + " (valkey), at most 5000 ECPU/s, data storage at most 10 GB")
        .contains(
            "architecture.cache.serverless.dataGb: 2 GB of cached data (the data storage minimum")
        .contains(
            "warning: Resources.Cache.Properties.Engine: Valkey is simulated and priced as Redis OSS");
  }

  @Test
  void aGameDayOnAServerlessCacheLosesNoNode() {
    String yaml =
        WEB
            + AURORA
            + "  Cache: {Type: AWS::ElastiCache::ServerlessCache, Properties: {Engine: redis}}\n";
    ImportReport report = new ImportReport();
    StackImporter.Result r = cfn(yaml, "steady", "game-day", report);
    assertThat(r.ok()).as(report.render()).isTrue();
    assertThat(r.scenario().at("/stages/0/faults/scheduled").toString())
        .contains("db-failure")
        .doesNotContain("cache-node-failure");
    assertThat(
            r.scenario().at("/stages/0/architecture/cache/serverless/maxEcpuPerSecond").asDouble())
        .isZero();
  }

  private static final String REQUESTS =
      """
        Requests:
          Type: AWS::AutoScaling::ScalingPolicy
          Properties:
            AutoScalingGroupName: !Ref Asg
            PolicyType: TargetTrackingScaling
            TargetTrackingConfiguration:
              TargetValue: 6000
              PredefinedMetricSpecification:
                PredefinedMetricType: ALBRequestCountPerTarget
                ResourceLabel: !Join ['/', [!GetAtt Lb.LoadBalancerFullName, !GetAtt Tg.TargetGroupFullName]]
      """;

  @Test
  void albRequestCountPerTargetOnTheEntrysTargetGroupIsTheRequestCountPolicy() {
    ImportReport report = new ImportReport();
    JsonNode policies =
        architecture(cfn(WEB + REQUESTS, report), report)
            .path("compute")
            .path("autoScaling")
            .path("policies");
    assertThat(policies).hasSize(1);
    assertThat(policies.get(0).path("metric").asText()).isEqualTo("alb-request-count-per-target");
    assertThat(policies.get(0).path("targetValue").asDouble()).isEqualTo(6000);
    assertThatWrapped(report.render())
        .contains(
            "mapped      Requests (AWS::AutoScaling::ScalingPolicy): target tracking at 6000 ALB"
                + " requests per target a minute (target group Lb, Tg)");
  }

  @Test
  void aRequestCountOfAnotherTargetGroupOrWithoutLabelIsUnsupportedWithWhy() {
    String other =
        WEB
            + REQUESTS.replace("Tg.TargetGroupFullName", "Admin.TargetGroupFullName")
            + "  Admin: {Type: AWS::ElasticLoadBalancingV2::TargetGroup}\n"
            + "  Nlb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Type: network}}\n"
            + "  NlbListener: {Type: AWS::ElasticLoadBalancingV2::Listener, Properties: {LoadBalancerArn: !Ref Nlb, DefaultActions: [{Type: forward, TargetGroupArn: !Ref Admin}]}}\n";
    ImportReport report = new ImportReport();
    JsonNode policies =
        architecture(cfn(other, report), report)
            .path("compute")
            .path("autoScaling")
            .path("policies");
    assertThat(policies).isEmpty();
    assertThatWrapped(report.render())
        .contains(
            "unsupported Requests (AWS::AutoScaling::ScalingPolicy): it counts the requests of"
                + " target group Admin, which is not behind the entry Lb");

    ImportReport unlabelled = new ImportReport();
    architecture(
        cfn(WEB + REQUESTS.replaceAll("(?m)^ *ResourceLabel:.*\\n", ""), unlabelled), unlabelled);
    assertThatWrapped(unlabelled.render())
        .contains(
            "unsupported Requests (AWS::AutoScaling::ScalingPolicy): ALBRequestCountPerTarget"
                + " without a ResourceLabel");
  }

  private static final String WORKERS =
      """
        Table: {Type: AWS::DynamoDB::Table, Properties: {BillingMode: PAY_PER_REQUEST}}
        Orders: {Type: AWS::SQS::Queue, Properties: {QueueName: orders}}
        Writer: {Type: AWS::Lambda::Function, Properties: {MemorySize: 512, ReservedConcurrentExecutions: 4}}
        Poll: {Type: AWS::Lambda::EventSourceMapping, Properties: {EventSourceArn: !GetAtt Orders.Arn, FunctionName: !Ref Writer, BatchSize: 10}}
        Jobs: {Type: AWS::SQS::Queue}
      """;

  /** AWS's backlog-per-instance metric math (EC2 Auto Scaling user guide) on queue {@code q}. */
  private static String backlog(String queueValue) {
    return """
          Backlog:
            Type: AWS::AutoScaling::ScalingPolicy
            Properties:
              AutoScalingGroupName: !Ref Asg
              PolicyType: TargetTrackingScaling
              TargetTrackingConfiguration:
                TargetValue: 100
                CustomizedMetricSpecification:
                  Metrics:
                    - Id: m1
                      Label: Get the queue size (the number of messages waiting to be processed)
                      MetricStat:
                        Metric:
                          Namespace: AWS/SQS
                          MetricName: ApproximateNumberOfMessagesVisible
                          Dimensions: [{Name: QueueName, Value: %s}]
                        Stat: Sum
                      ReturnData: false
                    - Id: m2
                      Label: Get the group size (the number of InService instances)
                      MetricStat:
                        Metric:
                          Namespace: AWS/AutoScaling
                          MetricName: GroupInServiceInstances
                          Dimensions: [{Name: AutoScalingGroupName, Value: !Ref Asg}]
                        Stat: Average
                      ReturnData: false
                    - Id: e1
                      Label: Calculate the backlog per instance
                      Expression: m1 / m2
                      ReturnData: true
        """
        .formatted(queueValue);
  }

  @Test
  void theBacklogPerInstanceOfTheStagesQueueIsTheBacklogPolicy() {
    for (String queue : List.of("!GetAtt Orders.QueueName", "orders")) {
      ImportReport report = new ImportReport();
      JsonNode a = architecture(cfn(WEB + WORKERS + backlog(queue), report), report);
      JsonNode policies = a.path("compute").path("autoScaling").path("policies");
      assertThat(policies).as(queue).hasSize(1);
      assertThat(policies.get(0).path("metric").asText()).isEqualTo("sqs-backlog-per-instance");
      assertThat(policies.get(0).path("targetValue").asDouble()).isEqualTo(100);
      assertThat(a.has("queue")).isTrue();
      assertThatWrapped(report.render())
          .contains(
              "mapped      Backlog (AWS::AutoScaling::ScalingPolicy): target tracking at 100"
                  + " messages of Orders per instance in service (SQS backlog per instance)");
    }
  }

  @Test
  void theBacklogOfAQueueTheGroupConsumesItselfIsUnsupportedWithWhy() {
    ImportReport report = new ImportReport();
    String yaml = WEB + WORKERS + REQUESTS + backlog("!GetAtt Jobs.QueueName");
    JsonNode a = architecture(cfn(yaml, report), report);
    JsonNode policies = a.path("compute").path("autoScaling").path("policies");
    // the request-count policy stays, the backlog policy on Jobs is dropped
    assertThat(policies).hasSize(1);
    assertThat(policies.get(0).path("metric").asText()).isEqualTo("alb-request-count-per-target");
    assertThatWrapped(report.render())
        .contains(
            "unsupported Backlog (AWS::AutoScaling::ScalingPolicy): it scales on the backlog of"
                + " Jobs, which is not the stage's queue")
        .contains("(the stage's queue is Orders)");
  }

  @Test
  void aCustomMetricOrOtherMathIsUnsupportedWithWhy() {
    String custom =
        """
          Custom:
            Type: AWS::AutoScaling::ScalingPolicy
            Properties:
              AutoScalingGroupName: !Ref Asg
              PolicyType: TargetTrackingScaling
              TargetTrackingConfiguration:
                TargetValue: 10
                CustomizedMetricSpecification: {Namespace: MyApp, MetricName: BacklogPerInstance, Statistic: Average}
        """;
    ImportReport report = new ImportReport();
    architecture(
        cfn(
            WEB
                + WORKERS
                + custom
                + backlog("!GetAtt Orders.QueueName").replace("m1 / m2", "m1 * m2"),
            report),
        report);
    assertThatWrapped(report.render())
        .contains(
            "unsupported Custom (AWS::AutoScaling::ScalingPolicy): target tracking on the custom"
                + " metric MyApp/BacklogPerInstance: archsim cannot tell what the application"
                + " publishes there")
        .contains(
            "unsupported Backlog (AWS::AutoScaling::ScalingPolicy): metric math 'm1 * m2' is not"
                + " the backlog per instance");
  }

  @Test
  void terraformServerlessDataAndBothPoliciesMapAsFromCloudFormation() {
    String plan =
        ImportStacks.terraformWeb(
            """
              {"address": "aws_autoscaling_policy.requests", "mode": "managed", "type": "aws_autoscaling_policy", "name": "requests", "values": {"policy_type": "TargetTrackingScaling",
                "target_tracking_configuration": [{"target_value": 6000, "predefined_metric_specification": [{"predefined_metric_type": "ALBRequestCountPerTarget", "resource_label": null}], "customized_metric_specification": []}]}},
              {"address": "aws_autoscaling_policy.backlog", "mode": "managed", "type": "aws_autoscaling_policy", "name": "backlog", "values": {"policy_type": "TargetTrackingScaling",
                "target_tracking_configuration": [{"target_value": 100, "predefined_metric_specification": [], "customized_metric_specification": [{"metrics": [
                  {"id": "m1", "return_data": false, "expression": null, "metric_stat": [{"stat": "Sum", "metric": [{"namespace": "AWS/SQS", "metric_name": "ApproximateNumberOfMessagesVisible", "dimensions": [{"name": "QueueName", "value": "orders"}]}]}]},
                  {"id": "m2", "return_data": false, "expression": null, "metric_stat": [{"stat": "Average", "metric": [{"namespace": "AWS/AutoScaling", "metric_name": "GroupInServiceInstances", "dimensions": [{"name": "AutoScalingGroupName", "value": "app"}]}]}]},
                  {"id": "e1", "return_data": true, "expression": "m1 / m2", "metric_stat": []}]}]}]}},
              {"address": "aws_rds_cluster.db", "mode": "managed", "type": "aws_rds_cluster", "name": "db", "values": {"engine": "aurora-mysql", "serverlessv2_scaling_configuration": [{"min_capacity": 1, "max_capacity": 32}]}},
              {"address": "aws_rds_cluster_instance.writer", "mode": "managed", "type": "aws_rds_cluster_instance", "name": "writer", "values": {"instance_class": "db.serverless", "engine": "aurora-mysql"}},
              {"address": "aws_elasticache_serverless_cache.sessions", "mode": "managed", "type": "aws_elasticache_serverless_cache", "name": "sessions", "values": {"engine": "redis",
                "cache_usage_limits": [{"data_storage": [{"maximum": 10, "minimum": null, "unit": "GB"}], "ecpu_per_second": [{"maximum": 5000, "minimum": null}]}]}},
              {"address": "aws_sqs_queue.orders", "mode": "managed", "type": "aws_sqs_queue", "name": "orders", "values": {"name": "orders"}},
              {"address": "aws_lambda_function.writer", "mode": "managed", "type": "aws_lambda_function", "name": "writer", "values": {"memory_size": 512, "reserved_concurrent_executions": 4}},
              {"address": "aws_lambda_event_source_mapping.poll", "mode": "managed", "type": "aws_lambda_event_source_mapping", "name": "poll", "values": {"batch_size": 10}}
            """,
            """
              {"address": "aws_autoscaling_policy.requests", "expressions": {"autoscaling_group_name": {"references": ["aws_autoscaling_group.app.name", "aws_autoscaling_group.app"]},
                "target_tracking_configuration": [{"predefined_metric_specification": [{"resource_label": {"references": ["aws_lb.front.arn_suffix", "aws_lb.front", "aws_lb_target_group.app.arn_suffix", "aws_lb_target_group.app"]}}]}]}},
              {"address": "aws_autoscaling_policy.backlog", "expressions": {"autoscaling_group_name": {"references": ["aws_autoscaling_group.app.name", "aws_autoscaling_group.app"]}}},
              {"address": "aws_rds_cluster_instance.writer", "expressions": {"cluster_identifier": {"references": ["aws_rds_cluster.db.id", "aws_rds_cluster.db"]}}},
              {"address": "aws_lambda_event_source_mapping.poll", "expressions": {"event_source_arn": {"references": ["aws_sqs_queue.orders.arn", "aws_sqs_queue.orders"]},
                "function_name": {"references": ["aws_lambda_function.writer.arn", "aws_lambda_function.writer"]}}}
            """);
    ImportReport report = new ImportReport();
    JsonNode a = architecture(terraform(plan, report), report);
    assertThat(a.at("/database/serverless/minAcu").asDouble()).isEqualTo(1);
    assertThat(a.at("/database/serverless/maxAcu").asDouble()).isEqualTo(32);
    assertThat(a.at("/database/readReplicas").asInt()).isZero();
    assertThat(a.at("/cache/serverless/maxEcpuPerSecond").asDouble()).isEqualTo(5000);
    assertThat(a.at("/cache/serverless/dataGb").asDouble()).isEqualTo(1);
    JsonNode policies = a.at("/compute/autoScaling/policies");
    assertThat(policies).as(report.render()).hasSize(2);
    assertThat(policies.get(0).path("metric").asText()).isEqualTo("alb-request-count-per-target");
    assertThat(policies.get(1).path("metric").asText()).isEqualTo("sqs-backlog-per-instance");
    assertThatWrapped(report.render())
        .contains(
            "mapped      aws_autoscaling_policy.backlog (aws_autoscaling_policy): target tracking at"
                + " 100 messages of aws_sqs_queue.orders per instance in service")
        .contains(
            "mapped      aws_elasticache_serverless_cache.sessions"
                + " (aws_elasticache_serverless_cache): cache: ElastiCache Serverless (redis), at"
                + " most 5000 ECPU/s, data storage at most 10 GB");
  }
}
