package dev.archsim.local.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates Terraform AWS provider resources into their CloudFormation equivalents (type and the
 * properties the mapping reads), so one {@link StackMapper} serves both formats. Attribute names
 * follow the provider's documentation; nested blocks are lists of one object.
 */
final class TerraformTypes {
  private TerraformTypes() {}

  /** Terraform type → CloudFormation type. */
  static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("aws_lb", "AWS::ElasticLoadBalancingV2::LoadBalancer"),
          Map.entry("aws_alb", "AWS::ElasticLoadBalancingV2::LoadBalancer"),
          Map.entry("aws_lb_listener", "AWS::ElasticLoadBalancingV2::Listener"),
          Map.entry("aws_alb_listener", "AWS::ElasticLoadBalancingV2::Listener"),
          Map.entry("aws_lb_listener_rule", "AWS::ElasticLoadBalancingV2::ListenerRule"),
          Map.entry("aws_lb_target_group", "AWS::ElasticLoadBalancingV2::TargetGroup"),
          Map.entry("aws_alb_target_group", "AWS::ElasticLoadBalancingV2::TargetGroup"),
          Map.entry("aws_elb", "AWS::ElasticLoadBalancing::LoadBalancer"),
          Map.entry("aws_autoscaling_group", "AWS::AutoScaling::AutoScalingGroup"),
          Map.entry("aws_autoscaling_policy", "AWS::AutoScaling::ScalingPolicy"),
          Map.entry("aws_autoscaling_schedule", "AWS::AutoScaling::ScheduledAction"),
          Map.entry("aws_launch_template", "AWS::EC2::LaunchTemplate"),
          Map.entry("aws_launch_configuration", "AWS::AutoScaling::LaunchConfiguration"),
          Map.entry("aws_cloudwatch_metric_alarm", "AWS::CloudWatch::Alarm"),
          Map.entry("aws_instance", "AWS::EC2::Instance"),
          Map.entry("aws_eip", "AWS::EC2::EIP"),
          Map.entry("aws_eip_association", "AWS::EC2::EIPAssociation"),
          Map.entry("aws_subnet", "AWS::EC2::Subnet"),
          Map.entry("aws_vpc", "AWS::EC2::VPC"),
          Map.entry("aws_internet_gateway", "AWS::EC2::InternetGateway"),
          Map.entry("aws_route_table", "AWS::EC2::RouteTable"),
          Map.entry("aws_route", "AWS::EC2::Route"),
          Map.entry("aws_route_table_association", "AWS::EC2::SubnetRouteTableAssociation"),
          Map.entry("aws_security_group", "AWS::EC2::SecurityGroup"),
          Map.entry("aws_security_group_rule", "AWS::EC2::SecurityGroupIngress"),
          Map.entry("aws_vpc_security_group_ingress_rule", "AWS::EC2::SecurityGroupIngress"),
          Map.entry("aws_vpc_security_group_egress_rule", "AWS::EC2::SecurityGroupEgress"),
          Map.entry("aws_network_acl", "AWS::EC2::NetworkAcl"),
          Map.entry("aws_key_pair", "AWS::EC2::KeyPair"),
          Map.entry("aws_nat_gateway", "AWS::EC2::NatGateway"),
          Map.entry("aws_default_network_acl", "AWS::EC2::NetworkAcl"),
          Map.entry("aws_default_route_table", "AWS::EC2::RouteTable"),
          Map.entry("aws_default_security_group", "AWS::EC2::SecurityGroup"),
          Map.entry("aws_autoscaling_attachment", "AWS::AutoScaling::Attachment"),
          Map.entry("aws_vpc_endpoint", "AWS::EC2::VPCEndpoint"),
          Map.entry("aws_db_instance", "AWS::RDS::DBInstance"),
          Map.entry("aws_rds_cluster", "AWS::RDS::DBCluster"),
          Map.entry("aws_rds_cluster_instance", "AWS::RDS::DBInstance"),
          Map.entry("aws_rds_global_cluster", "AWS::RDS::GlobalCluster"),
          Map.entry("aws_db_proxy", "AWS::RDS::DBProxy"),
          Map.entry("aws_db_proxy_default_target_group", "AWS::RDS::DBProxyTargetGroup"),
          Map.entry("aws_db_proxy_target", "AWS::RDS::DBProxyTargetGroup"),
          Map.entry("aws_db_subnet_group", "AWS::RDS::DBSubnetGroup"),
          Map.entry("aws_db_parameter_group", "AWS::RDS::DBParameterGroup"),
          Map.entry("aws_dynamodb_table", "AWS::DynamoDB::Table"),
          Map.entry("aws_elasticache_replication_group", "AWS::ElastiCache::ReplicationGroup"),
          Map.entry("aws_elasticache_cluster", "AWS::ElastiCache::CacheCluster"),
          Map.entry("aws_elasticache_serverless_cache", "AWS::ElastiCache::ServerlessCache"),
          Map.entry("aws_elasticache_subnet_group", "AWS::ElastiCache::SubnetGroup"),
          Map.entry("aws_cloudfront_distribution", "AWS::CloudFront::Distribution"),
          Map.entry(
              "aws_cloudfront_origin_access_identity",
              "AWS::CloudFront::CloudFrontOriginAccessIdentity"),
          Map.entry("aws_cloudfront_origin_access_control", "AWS::CloudFront::OriginAccessControl"),
          Map.entry("aws_route53_record", "AWS::Route53::RecordSet"),
          Map.entry("aws_route53_health_check", "AWS::Route53::HealthCheck"),
          Map.entry("aws_route53_zone", "AWS::Route53::HostedZone"),
          Map.entry("aws_lambda_function", "AWS::Lambda::Function"),
          Map.entry("aws_lambda_provisioned_concurrency_config", "AWS::Lambda::Alias"),
          Map.entry("aws_lambda_alias", "AWS::Lambda::Alias"),
          Map.entry("aws_lambda_event_source_mapping", "AWS::Lambda::EventSourceMapping"),
          Map.entry("aws_lambda_permission", "AWS::Lambda::Permission"),
          Map.entry("aws_api_gateway_rest_api", "AWS::ApiGateway::RestApi"),
          Map.entry("aws_api_gateway_integration", "AWS::ApiGateway::Method"),
          Map.entry("aws_api_gateway_method", "AWS::ApiGateway::Resource"),
          Map.entry("aws_api_gateway_resource", "AWS::ApiGateway::Resource"),
          Map.entry("aws_api_gateway_deployment", "AWS::ApiGateway::Deployment"),
          Map.entry("aws_api_gateway_stage", "AWS::ApiGateway::Stage"),
          Map.entry("aws_apigatewayv2_api", "AWS::ApiGatewayV2::Api"),
          Map.entry("aws_apigatewayv2_integration", "AWS::ApiGatewayV2::Integration"),
          Map.entry("aws_apigatewayv2_route", "AWS::ApiGatewayV2::Route"),
          Map.entry("aws_apigatewayv2_stage", "AWS::ApiGatewayV2::Stage"),
          Map.entry("aws_sqs_queue", "AWS::SQS::Queue"),
          Map.entry("aws_sqs_queue_policy", "AWS::SQS::QueuePolicy"),
          Map.entry("aws_sns_topic", "AWS::SNS::Topic"),
          Map.entry("aws_sns_topic_subscription", "AWS::SNS::Subscription"),
          Map.entry("aws_cloudwatch_event_rule", "AWS::Events::Rule"),
          Map.entry("aws_cloudwatch_event_bus", "AWS::Events::EventBus"),
          Map.entry("aws_cloudwatch_log_group", "AWS::Logs::LogGroup"),
          Map.entry("aws_ecs_service", "AWS::ECS::Service"),
          Map.entry("aws_ecs_task_definition", "AWS::ECS::TaskDefinition"),
          Map.entry("aws_ecs_cluster", "AWS::ECS::Cluster"),
          Map.entry("aws_ecs_capacity_provider", "AWS::ECS::CapacityProvider"),
          Map.entry("aws_efs_file_system", "AWS::EFS::FileSystem"),
          Map.entry("aws_s3_bucket", "AWS::S3::Bucket"),
          Map.entry("aws_s3_bucket_policy", "AWS::S3::BucketPolicy"),
          Map.entry("aws_wafv2_web_acl", "AWS::WAFv2::WebACL"),
          Map.entry("aws_wafv2_web_acl_association", "AWS::WAFv2::WebACLAssociation"),
          Map.entry("aws_kms_key", "AWS::KMS::Key"),
          Map.entry("aws_acm_certificate", "AWS::CertificateManager::Certificate"),
          Map.entry("aws_globalaccelerator_accelerator", "AWS::GlobalAccelerator::Accelerator"),
          Map.entry("aws_appautoscaling_target", "AWS::ApplicationAutoScaling::ScalableTarget"),
          Map.entry("aws_appautoscaling_policy", "AWS::ApplicationAutoScaling::ScalingPolicy"));

  /** Simple attributes: CloudFormation property path ← Terraform attribute path (blocks as .0.). */
  private static final Map<String, String[][]> ATTRIBUTES =
      Map.ofEntries(
          Map.entry(
              "aws_lb", new String[][] {{"Type", "load_balancer_type"}, {"Subnets", "subnets"}}),
          Map.entry(
              "aws_lb_listener",
              new String[][] {
                {"LoadBalancerArn", "load_balancer_arn"}, {"DefaultActions", "default_action"}
              }),
          Map.entry(
              "aws_lb_listener_rule",
              new String[][] {{"ListenerArn", "listener_arn"}, {"Actions", "action"}}),
          Map.entry(
              "aws_lb_target_group",
              new String[][] {
                {"HealthCheckIntervalSeconds", "health_check.0.interval"},
                {"HealthCheckTimeoutSeconds", "health_check.0.timeout"},
                {"HealthyThresholdCount", "health_check.0.healthy_threshold"},
                {"UnhealthyThresholdCount", "health_check.0.unhealthy_threshold"},
                {"TargetType", "target_type"}
              }),
          Map.entry(
              "aws_elb",
              new String[][] {
                {"HealthCheck.Interval", "health_check.0.interval"},
                {"HealthCheck.Timeout", "health_check.0.timeout"},
                {"HealthCheck.HealthyThreshold", "health_check.0.healthy_threshold"},
                {"HealthCheck.UnhealthyThreshold", "health_check.0.unhealthy_threshold"},
                {"CrossZone", "cross_zone_load_balancing"}
              }),
          Map.entry(
              "aws_autoscaling_group",
              new String[][] {
                {"AutoScalingGroupName", "name"},
                {"MinSize", "min_size"},
                {"MaxSize", "max_size"},
                {"DesiredCapacity", "desired_capacity"},
                {"VPCZoneIdentifier", "vpc_zone_identifier"},
                {"AvailabilityZones", "availability_zones"},
                {"TargetGroupARNs", "target_group_arns"},
                {"LoadBalancerNames", "load_balancers"},
                {"HealthCheckType", "health_check_type"},
                {"HealthCheckGracePeriod", "health_check_grace_period"},
                {"DefaultInstanceWarmup", "default_instance_warmup"},
                {"LaunchTemplate", "launch_template"},
                {"LaunchConfigurationName", "launch_configuration"}
              }),
          Map.entry(
              "aws_launch_template",
              new String[][] {
                {"LaunchTemplateData.InstanceType", "instance_type"},
                {
                  "LaunchTemplateData.InstanceMarketOptions.MarketType",
                  "instance_market_options.0.market_type"
                },
                {
                  "LaunchTemplateData.CreditSpecification.CpuCredits",
                  "credit_specification.0.cpu_credits"
                }
              }),
          Map.entry(
              "aws_launch_configuration",
              new String[][] {{"InstanceType", "instance_type"}, {"SpotPrice", "spot_price"}}),
          Map.entry(
              "aws_autoscaling_policy",
              new String[][] {
                {"AutoScalingGroupName", "autoscaling_group_name"},
                {"PolicyType", "policy_type"},
                {"AdjustmentType", "adjustment_type"},
                {"ScalingAdjustment", "scaling_adjustment"},
                {"Cooldown", "cooldown"},
                {
                  "TargetTrackingConfiguration.PredefinedMetricSpecification.PredefinedMetricType",
                  "target_tracking_configuration.0.predefined_metric_specification.0.predefined_metric_type"
                },
                {
                  "TargetTrackingConfiguration.TargetValue",
                  "target_tracking_configuration.0.target_value"
                }
              }),
          Map.entry(
              "aws_autoscaling_schedule",
              new String[][] {
                {"AutoScalingGroupName", "autoscaling_group_name"},
                {"Recurrence", "recurrence"},
                {"MinSize", "min_size"},
                {"MaxSize", "max_size"},
                {"DesiredCapacity", "desired_capacity"}
              }),
          Map.entry(
              "aws_cloudwatch_metric_alarm",
              new String[][] {
                {"MetricName", "metric_name"},
                {"ComparisonOperator", "comparison_operator"},
                {"Threshold", "threshold"},
                {"Period", "period"},
                {"EvaluationPeriods", "evaluation_periods"},
                {"AlarmActions", "alarm_actions"}
              }),
          Map.entry(
              "aws_instance",
              new String[][] {
                {"InstanceType", "instance_type"},
                {"SubnetId", "subnet_id"},
                {"AvailabilityZone", "availability_zone"},
                {"CreditSpecification.CPUCredits", "credit_specification.0.cpu_credits"}
              }),
          Map.entry("aws_eip", new String[][] {{"InstanceId", "instance"}}),
          Map.entry(
              "aws_subnet",
              new String[][] {{"AvailabilityZone", "availability_zone"}, {"VpcId", "vpc_id"}}),
          Map.entry(
              "aws_db_instance",
              new String[][] {
                {"DBInstanceClass", "instance_class"},
                {"Engine", "engine"},
                {"MultiAZ", "multi_az"},
                {"SourceDBInstanceIdentifier", "replicate_source_db"},
                {"AllocatedStorage", "allocated_storage"},
                {"AvailabilityZone", "availability_zone"}
              }),
          Map.entry(
              "aws_rds_cluster",
              new String[][] {
                {"Engine", "engine"},
                {"GlobalClusterIdentifier", "global_cluster_identifier"},
                {
                  "ServerlessV2ScalingConfiguration.MinCapacity",
                  "serverlessv2_scaling_configuration.0.min_capacity"
                },
                {
                  "ServerlessV2ScalingConfiguration.MaxCapacity",
                  "serverlessv2_scaling_configuration.0.max_capacity"
                }
              }),
          Map.entry(
              "aws_rds_cluster_instance",
              new String[][] {
                {"DBInstanceClass", "instance_class"},
                {"Engine", "engine"},
                {"DBClusterIdentifier", "cluster_identifier"}
              }),
          Map.entry(
              "aws_db_proxy_default_target_group",
              new String[][] {{"DBProxyName", "db_proxy_name"}}),
          Map.entry(
              "aws_db_proxy_target",
              new String[][] {
                {"DBProxyName", "db_proxy_name"},
                {"DBInstanceIdentifiers", "db_instance_identifier"},
                {"DBClusterIdentifiers", "db_cluster_identifier"}
              }),
          Map.entry(
              "aws_dynamodb_table",
              new String[][] {
                {"BillingMode", "billing_mode"},
                {"ProvisionedThroughput.ReadCapacityUnits", "read_capacity"},
                {"ProvisionedThroughput.WriteCapacityUnits", "write_capacity"}
              }),
          Map.entry(
              "aws_elasticache_replication_group",
              new String[][] {
                {"CacheNodeType", "node_type"},
                {"NumCacheClusters", "num_cache_clusters"},
                {"AutomaticFailoverEnabled", "automatic_failover_enabled"},
                {"NumNodeGroups", "num_node_groups"},
                {"ReplicasPerNodeGroup", "replicas_per_node_group"}
              }),
          Map.entry(
              "aws_elasticache_serverless_cache",
              new String[][] {
                {"Engine", "engine"},
                {
                  "CacheUsageLimits.DataStorage.Maximum",
                  "cache_usage_limits.0.data_storage.0.maximum"
                },
                {
                  "CacheUsageLimits.DataStorage.Minimum",
                  "cache_usage_limits.0.data_storage.0.minimum"
                },
                {"CacheUsageLimits.DataStorage.Unit", "cache_usage_limits.0.data_storage.0.unit"},
                {
                  "CacheUsageLimits.ECPUPerSecond.Maximum",
                  "cache_usage_limits.0.ecpu_per_second.0.maximum"
                }
              }),
          Map.entry(
              "aws_elasticache_cluster",
              new String[][] {
                {"Engine", "engine"},
                {"CacheNodeType", "node_type"},
                {"NumCacheNodes", "num_cache_nodes"},
                {"ReplicationGroupId", "replication_group_id"}
              }),
          Map.entry(
              "aws_route53_record",
              new String[][] {
                {"Type", "type"},
                {"TTL", "ttl"},
                {"HealthCheckId", "health_check_id"},
                {"ResourceRecords", "records"}
              }),
          Map.entry(
              "aws_route53_health_check",
              new String[][] {
                {"HealthCheckConfig.RequestInterval", "request_interval"},
                {"HealthCheckConfig.FailureThreshold", "failure_threshold"}
              }),
          Map.entry(
              "aws_lambda_function",
              new String[][] {
                {"MemorySize", "memory_size"},
                {"Timeout", "timeout"},
                {"Runtime", "runtime"},
                {"Architectures", "architectures"},
                {"ReservedConcurrentExecutions", "reserved_concurrent_executions"},
                {"SnapStart.ApplyOn", "snap_start.0.apply_on"}
              }),
          Map.entry(
              "aws_lambda_provisioned_concurrency_config",
              new String[][] {
                {"FunctionName", "function_name"},
                {
                  "ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions",
                  "provisioned_concurrent_executions"
                }
              }),
          Map.entry(
              "aws_lambda_event_source_mapping",
              new String[][] {
                {"EventSourceArn", "event_source_arn"},
                {"FunctionName", "function_name"},
                {"BatchSize", "batch_size"},
                {"ScalingConfig.MaximumConcurrency", "scaling_config.0.maximum_concurrency"}
              }),
          Map.entry(
              "aws_api_gateway_integration",
              new String[][] {{"RestApiId", "rest_api_id"}, {"Integration.Uri", "uri"}}),
          Map.entry(
              "aws_apigatewayv2_integration",
              new String[][] {{"ApiId", "api_id"}, {"IntegrationUri", "integration_uri"}}),
          Map.entry(
              "aws_apigatewayv2_stage",
              new String[][] {
                {"ApiId", "api_id"},
                {
                  "DefaultRouteSettings.ThrottlingRateLimit",
                  "default_route_settings.0.throttling_rate_limit"
                }
              }),
          Map.entry(
              "aws_sqs_queue",
              new String[][] {
                {"MessageRetentionPeriod", "message_retention_seconds"},
                {"FifoQueue", "fifo_queue"},
                {"QueueName", "name"}
              }),
          Map.entry(
              "aws_sns_topic_subscription",
              new String[][] {
                {"TopicArn", "topic_arn"}, {"Endpoint", "endpoint"}, {"Protocol", "protocol"}
              }),
          Map.entry(
              "aws_vpc_endpoint",
              new String[][] {
                {"ServiceName", "service_name"}, {"VpcEndpointType", "vpc_endpoint_type"}
              }),
          Map.entry("aws_wafv2_web_acl", new String[][] {{"Scope", "scope"}, {"Rules", "rule"}}),
          Map.entry(
              "aws_wafv2_web_acl_association",
              new String[][] {{"ResourceArn", "resource_arn"}, {"WebACLArn", "web_acl_arn"}}),
          Map.entry(
              "aws_cloudwatch_log_group",
              new String[][] {{"RetentionInDays", "retention_in_days"}}),
          // no CloudFormation type of its own: a rule's Targets entry, read with its rule
          Map.entry(
              "aws_cloudwatch_event_target", new String[][] {{"Rule", "rule"}, {"Arn", "arn"}}),
          Map.entry(
              "aws_nat_gateway",
              new String[][] {
                {"SubnetId", "subnet_id"},
                {"AllocationId", "allocation_id"},
                {"ConnectivityType", "connectivity_type"}
              }),
          Map.entry(
              "aws_autoscaling_attachment",
              new String[][] {
                {"AutoScalingGroupName", "autoscaling_group_name"},
                {"TargetGroupARN", "lb_target_group_arn"}
              }),
          Map.entry(
              "aws_ecs_service",
              new String[][] {
                {"DesiredCount", "desired_count"},
                {"LaunchType", "launch_type"},
                {"TaskDefinition", "task_definition"},
                {"Cluster", "cluster"},
                {"HealthCheckGracePeriodSeconds", "health_check_grace_period_seconds"},
                {
                  "DeploymentConfiguration.MinimumHealthyPercent",
                  "deployment_minimum_healthy_percent"
                },
                {"DeploymentConfiguration.MaximumPercent", "deployment_maximum_percent"},
                {
                  "NetworkConfiguration.AwsvpcConfiguration.Subnets",
                  "network_configuration.0.subnets"
                }
              }),
          Map.entry(
              "aws_ecs_task_definition",
              new String[][] {
                {"Cpu", "cpu"},
                {"Memory", "memory"},
                {"RuntimePlatform.CpuArchitecture", "runtime_platform.0.cpu_architecture"}
              }),
          Map.entry(
              "aws_ecs_capacity_provider",
              new String[][] {
                {
                  "AutoScalingGroupProvider.AutoScalingGroupArn",
                  "auto_scaling_group_provider.0.auto_scaling_group_arn"
                }
              }),
          Map.entry(
              "aws_appautoscaling_target",
              new String[][] {
                {"MinCapacity", "min_capacity"},
                {"MaxCapacity", "max_capacity"},
                {"ResourceId", "resource_id"}
              }),
          Map.entry(
              "aws_appautoscaling_policy",
              new String[][] {
                {"PolicyType", "policy_type"},
                {"ScalingTargetId", "resource_id"},
                {
                  "TargetTrackingScalingPolicyConfiguration.TargetValue",
                  "target_tracking_scaling_policy_configuration.0.target_value"
                },
                {
                  "TargetTrackingScalingPolicyConfiguration.ScaleOutCooldown",
                  "target_tracking_scaling_policy_configuration.0.scale_out_cooldown"
                },
                {
                  "TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType",
                  "target_tracking_scaling_policy_configuration.0.predefined_metric_specification.0.predefined_metric_type"
                }
              }));

  private static final ObjectMapper JSON = new ObjectMapper();

  static StackResource translate(JsonNode r, String path, TerraformPlan plan) {
    String tfType = r.path("type").asText();
    String address = r.path("address").asText();
    JsonNode values = r.path("values");
    String valuesPath = path + ".values";
    String cfnType = TYPES.getOrDefault(tfType, tfType);
    Map<String, Object> props = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    String key = ATTRIBUTES.containsKey(tfType) ? tfType : tfType.replace("aws_alb", "aws_lb");
    for (String[] a : ATTRIBUTES.getOrDefault(key, new String[0][])) {
      String top = a[1].contains(".") ? a[1].substring(0, a[1].indexOf('.')) : a[1];
      List<Object> refs = plan.refs(address, top);
      Object value;
      if (!refs.isEmpty() && !a[1].contains(".")) {
        value = refs.size() == 1 && !values.path(a[1]).isArray() ? refs.get(0) : refs;
      } else if (!refs.isEmpty() && (a[0].equals("DefaultActions") || a[0].equals("Actions"))) {
        value = refs;
      } else {
        value = plain(at(values, a[1]));
      }
      if (value == null || isUnset(tfType, a[1], value)) {
        continue;
      }
      put(props, a[0], value);
      sources.put(
          a[0].contains(".") ? a[0].substring(0, a[0].indexOf('.')) : a[0],
          valuesPath + "." + a[1].replace(".0.", "[0]."));
    }
    special(tfType, address, values, valuesPath, plan, props, sources);
    // a property read from several attributes of one block points at the block
    if (tfType.equals("aws_rds_cluster") && props.containsKey("ServerlessV2ScalingConfiguration")) {
      sources.put(
          "ServerlessV2ScalingConfiguration",
          valuesPath + ".serverlessv2_scaling_configuration[0]");
    }
    if (props.containsKey("CacheUsageLimits")) {
      sources.put("CacheUsageLimits", valuesPath + ".cache_usage_limits[0]");
    }
    return new StackResource(address, cfnType, valuesPath, props, tfType, sources);
  }

  /**
   * Provider conventions for "not set": -1 for reserved concurrency and scheduled sizes, ""
   * strings.
   */
  private static boolean isUnset(String type, String attr, Object value) {
    if (value instanceof String s && s.isEmpty()) {
      return true;
    }
    if (value instanceof Number n && n.doubleValue() < 0) {
      return type.equals("aws_lambda_function") || type.equals("aws_autoscaling_schedule");
    }
    return value instanceof List<?> l && l.isEmpty();
  }

  private static void special(
      String type,
      String address,
      JsonNode values,
      String path,
      TerraformPlan plan,
      Map<String, Object> props,
      Map<String, String> sources) {
    switch (type) {
      case "aws_lb_target_group", "aws_alb_target_group" -> {
        List<Object> attrs = new ArrayList<>();
        if (values.has("deregistration_delay") && !values.get("deregistration_delay").isNull()) {
          attrs.add(
              Map.of(
                  "Key",
                  "deregistration_delay.timeout_seconds",
                  "Value",
                  values.get("deregistration_delay").asText()));
        }
        JsonNode sticky = values.path("stickiness").path(0).path("enabled");
        if (sticky.isBoolean()) {
          attrs.add(Map.of("Key", "stickiness.enabled", "Value", sticky.asText()));
        }
        JsonNode algorithm = values.path("load_balancing_algorithm_type");
        if (algorithm.isTextual()) {
          attrs.add(Map.of("Key", "load_balancing.algorithm.type", "Value", algorithm.asText()));
        }
        if (!attrs.isEmpty()) {
          props.put("TargetGroupAttributes", attrs);
          sources.put("TargetGroupAttributes", path + ".deregistration_delay");
        }
      }
      case "aws_autoscaling_group" -> {
        JsonNode mip = values.path("mixed_instances_policy").path(0);
        if (!mip.isMissingNode() && !mip.isNull()) {
          Map<String, Object> m = new LinkedHashMap<>();
          JsonNode dist = mip.path("instances_distribution").path(0);
          Map<String, Object> d = new LinkedHashMap<>();
          if (dist.has("on_demand_base_capacity"))
            d.put("OnDemandBaseCapacity", plain(dist.get("on_demand_base_capacity")));
          if (dist.has("on_demand_percentage_above_base_capacity"))
            d.put(
                "OnDemandPercentageAboveBaseCapacity",
                plain(dist.get("on_demand_percentage_above_base_capacity")));
          m.put("InstancesDistribution", d);
          Map<String, Object> lt = new LinkedHashMap<>();
          List<Object> refs = plan.refs(address, "mixed_instances_policy");
          List<Object> launchTemplates =
              refs.stream()
                  .filter(
                      x ->
                          x instanceof Value.ResourceRef rr
                              && rr.resource().contains("aws_launch_template"))
                  .toList();
          if (!launchTemplates.isEmpty())
            lt.put("LaunchTemplateSpecification", launchTemplates.get(0));
          List<Object> overrides = new ArrayList<>();
          for (JsonNode o : mip.path("launch_template").path(0).path("override")) {
            if (o.path("instance_type").isTextual())
              overrides.add(Map.of("InstanceType", o.get("instance_type").asText()));
          }
          if (!overrides.isEmpty()) lt.put("Overrides", overrides);
          m.put("LaunchTemplate", lt);
          props.put("MixedInstancesPolicy", m);
          sources.put("MixedInstancesPolicy", path + ".mixed_instances_policy[0]");
        }
      }
      case "aws_autoscaling_policy" -> {
        targetTracking(address, values, path, plan, props, sources);
        List<Object> steps = new ArrayList<>();
        for (JsonNode s : values.path("step_adjustment")) {
          Map<String, Object> step = new LinkedHashMap<>();
          if (!s.path("metric_interval_lower_bound").asText("").isEmpty())
            step.put("MetricIntervalLowerBound", s.get("metric_interval_lower_bound").asText());
          if (!s.path("metric_interval_upper_bound").asText("").isEmpty())
            step.put("MetricIntervalUpperBound", s.get("metric_interval_upper_bound").asText());
          step.put("ScalingAdjustment", plain(s.path("scaling_adjustment")));
          steps.add(step);
        }
        if (!steps.isEmpty()) {
          props.put("StepAdjustments", steps);
          sources.put("StepAdjustments", path + ".step_adjustment");
        }
      }
      case "aws_ecs_service" -> {
        List<Object> strategy = new ArrayList<>();
        List<Object> refs = plan.refs(address, "capacity_provider_strategy");
        for (JsonNode c : values.path("capacity_provider_strategy")) {
          Map<String, Object> item = new LinkedHashMap<>();
          String name = c.path("capacity_provider").asText("");
          Object ref =
              refs.stream()
                  .filter(
                      x ->
                          x instanceof Value.ResourceRef rr
                              && rr.resource().contains("aws_ecs_capacity_provider"))
                  .findFirst()
                  .orElse(null);
          item.put(
              "CapacityProvider",
              name.equals("FARGATE") || name.equals("FARGATE_SPOT") || ref == null ? name : ref);
          if (c.has("base") && !c.get("base").isNull()) item.put("Base", plain(c.get("base")));
          if (c.has("weight") && !c.get("weight").isNull())
            item.put("Weight", plain(c.get("weight")));
          strategy.add(item);
        }
        if (!strategy.isEmpty()) {
          props.put("CapacityProviderStrategy", strategy);
          sources.put("CapacityProviderStrategy", path + ".capacity_provider_strategy");
        }
      }
      case "aws_dynamodb_table" -> {
        if (values.path("replica").size() > 0) {
          List<Object> replicas = new ArrayList<>();
          replicas.add(Map.of("Region", "primary"));
          values
              .path("replica")
              .forEach(x -> replicas.add(Map.of("Region", x.path("region_name").asText())));
          props.put("Replicas", replicas);
        }
      }
      case "aws_cloudfront_distribution" -> {
        List<Object> origins = new ArrayList<>();
        List<Object> refs = plan.refs(address, "origin");
        for (JsonNode o : values.path("origin")) {
          Map<String, Object> origin = new LinkedHashMap<>();
          origin.put("DomainName", o.path("domain_name").asText(""));
          if (o.path("s3_origin_config").size() > 0) origin.put("S3OriginConfig", Map.of());
          origins.add(origin);
        }
        if (!refs.isEmpty()) {
          origins.add(Map.of("Refs", refs));
        }
        props.put("DistributionConfig", Map.of("Origins", origins));
        sources.put("DistributionConfig", path + ".origin");
      }
      case "aws_route53_record" -> {
        if (values.path("alias").size() > 0) {
          List<Object> refs = plan.refs(address, "alias");
          props.put("AliasTarget", refs.isEmpty() ? Map.of() : Map.of("DNSName", refs.get(0)));
        }
        if (values.path("weighted_routing_policy").size() > 0)
          props.put("Weight", plain(values.path("weighted_routing_policy").path(0).path("weight")));
        if (values.path("failover_routing_policy").size() > 0)
          props.put(
              "Failover", values.path("failover_routing_policy").path(0).path("type").asText());
        if (values.path("multivalue_answer_routing_policy").asBoolean(false))
          props.put("MultiValueAnswer", true);
      }
      case "aws_sqs_queue" -> {
        String redrive = values.path("redrive_policy").asText("");
        Map<String, Object> policy = new LinkedHashMap<>();
        if (!redrive.isEmpty()) {
          try {
            JsonNode p = JSON.readTree(redrive);
            if (p.has("maxReceiveCount"))
              policy.put("maxReceiveCount", p.get("maxReceiveCount").asText());
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            plan.report()
                .problem(
                    dev.archsim.engine.validate.Violation.error(
                        path + ".redrive_policy", "not JSON: " + e.getOriginalMessage()));
          }
        }
        List<Object> refs = plan.refs(address, "redrive_policy");
        if (!refs.isEmpty()) policy.put("deadLetterTargetArn", refs.get(0));
        if (!policy.isEmpty()) {
          props.put("RedrivePolicy", policy);
          sources.put("RedrivePolicy", path + ".redrive_policy");
        }
      }
      case "aws_s3_bucket_lifecycle_configuration" -> {
        List<Object> bucket = plan.refs(address, "bucket");
        if (!bucket.isEmpty()) props.put("Bucket", bucket.get(0));
        props.put(
            "LifecycleConfiguration",
            Map.of("Rules", lifecycleRules(values.path("rule"), path + ".rule", plan)));
        sources.put("LifecycleConfiguration", path + ".rule");
      }
      case "aws_s3_bucket" -> {
        // the AWS provider before v4 held the rules inline (lifecycle_rule blocks, enabled flag)
        if (values.path("lifecycle_rule").size() > 0) {
          props.put(
              "LifecycleConfiguration",
              Map.of(
                  "Rules",
                  lifecycleRules(values.path("lifecycle_rule"), path + ".lifecycle_rule", plan)));
          sources.put("LifecycleConfiguration", path + ".lifecycle_rule");
        }
      }
      default -> {
        // the table covers it
      }
    }
  }

  /**
   * A target-tracking configuration's metric in CloudFormation's shape: the predefined metric's
   * resource label, or the customized metric (one metric, or metric math queries). The plan holds
   * computed labels and dimensions as unknown; the configuration's references name the load
   * balancer and target group, the queue and the group they come from.
   */
  private static void targetTracking(
      String address,
      JsonNode values,
      String path,
      TerraformPlan plan,
      Map<String, Object> props,
      Map<String, String> sources) {
    JsonNode ttc = values.path("target_tracking_configuration").path(0);
    if (ttc.isMissingNode() || ttc.isNull()) {
      return;
    }
    List<Object> refs = plan.refs(address, "target_tracking_configuration");
    String at = path + ".target_tracking_configuration[0]";
    JsonNode predefined = ttc.path("predefined_metric_specification").path(0);
    if (predefined.isObject()) {
      String label = predefined.path("resource_label").asText("");
      if (!refs.isEmpty()) {
        put(props, CONFIG_LABEL, opaque(label.isEmpty() ? "resource label" : label, refs));
      } else if (!label.isEmpty()) {
        put(props, CONFIG_LABEL, label);
      }
    }
    JsonNode custom = ttc.path("customized_metric_specification").path(0);
    if (custom.isObject()) {
      Map<String, Object> spec = new LinkedHashMap<>();
      if (custom.path("metrics").size() > 0) {
        List<Object> queries = new ArrayList<>();
        for (JsonNode m : custom.path("metrics")) {
          Map<String, Object> q = new LinkedHashMap<>();
          q.put("Id", m.path("id").asText(""));
          if (!m.path("expression").asText("").isEmpty()) {
            q.put("Expression", m.get("expression").asText());
          }
          if (m.path("return_data").isBoolean()) {
            q.put("ReturnData", m.get("return_data").asBoolean());
          }
          JsonNode stat = m.path("metric_stat").path(0);
          if (stat.isObject()) {
            JsonNode metric = stat.path("metric").path(0);
            q.put(
                "MetricStat",
                Map.of(
                    "Metric",
                    metric(
                        metric.path("namespace").asText(""),
                        metric.path("metric_name").asText(""),
                        metric.path("dimensions"),
                        refs),
                    "Stat",
                    stat.path("stat").asText("")));
          }
          queries.add(q);
        }
        spec.put("Metrics", queries);
      } else {
        spec.putAll(
            metric(
                custom.path("namespace").asText(""),
                custom.path("metric_name").asText(""),
                custom.path("metric_dimension"),
                refs));
        spec.put("Statistic", custom.path("statistic").asText(""));
      }
      put(props, "TargetTrackingConfiguration.CustomizedMetricSpecification", spec);
    }
    sources.put("TargetTrackingConfiguration", at);
  }

  private static final String CONFIG_LABEL =
      "TargetTrackingConfiguration.PredefinedMetricSpecification.ResourceLabel";

  /**
   * A CloudWatch metric with its dimensions; a dimension the plan does not know yet (or that names
   * a queue or group) takes the configuration's reference to a resource of the matching type.
   */
  private static Map<String, Object> metric(
      String namespace, String name, JsonNode dimensions, List<Object> refs) {
    List<Object> dims = new ArrayList<>();
    for (JsonNode d : dimensions) {
      String dim = d.path("name").asText("");
      String value = d.path("value").asText("");
      String type =
          switch (dim) {
            case "QueueName" -> "aws_sqs_queue.";
            case "AutoScalingGroupName" -> "aws_autoscaling_group.";
            default -> null;
          };
      List<Object> typed =
          type == null
              ? List.of()
              : refs.stream()
                  .filter(r -> r instanceof Value.ResourceRef rr && rr.resource().contains(type))
                  .toList();
      Object v = value.isEmpty() && typed.size() == 1 ? typed.get(0) : value;
      dims.add(Map.of("Name", dim, "Value", v));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Namespace", namespace);
    m.put("MetricName", name);
    m.put("Dimensions", dims);
    return m;
  }

  private static Value.Opaque opaque(String what, List<Object> refs) {
    java.util.Set<String> ids = new java.util.LinkedHashSet<>();
    refs.forEach(r -> ids.add(((Value.ResourceRef) r).resource()));
    return new Value.Opaque(what, ids);
  }

  /**
   * Lifecycle rules in CloudFormation's shape, from the rule blocks of {@code
   * aws_s3_bucket_lifecycle_configuration} ({@code status}) or the inline {@code lifecycle_rule}
   * blocks of a pre-v4 {@code aws_s3_bucket} ({@code enabled}). A transition by {@code date} keeps
   * its date and, when the plan has a timestamp, the whole days from that timestamp to the date.
   */
  private static List<Object> lifecycleRules(JsonNode blocks, String path, TerraformPlan plan) {
    List<Object> rules = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      JsonNode rule = blocks.get(i);
      List<Object> transitions = new ArrayList<>();
      for (int j = 0; j < rule.path("transition").size(); j++) {
        JsonNode t = rule.path("transition").get(j);
        Map<String, Object> tr = new LinkedHashMap<>();
        tr.put("StorageClass", t.path("storage_class").asText());
        if (t.hasNonNull("days")) {
          tr.put("TransitionInDays", t.get("days").asLong());
        } else if (!t.path("date").asText("").isEmpty()) {
          String date = t.get("date").asText();
          java.time.LocalDate day = dateOf(date);
          if (day != null) {
            tr.put("TransitionDate", date);
          }
          if (day == null) {
            plan.report()
                .problem(
                    dev.archsim.engine.validate.Violation.warning(
                        path + "[" + i + "].transition[" + j + "].date",
                        "'"
                            + date
                            + "' is not a date (YYYY-MM-DD or an RFC 3339 time); the transition"
                            + " is not imported"));
          } else if (plan.timestamp() != null) {
            java.time.LocalDate from =
                plan.timestamp().atZone(java.time.ZoneOffset.UTC).toLocalDate();
            tr.put(
                "TransitionInDays",
                Math.max(0, java.time.temporal.ChronoUnit.DAYS.between(from, day)));
            tr.put("DaysCountedFrom", plan.timestamp().toString());
          }
        }
        transitions.add(tr);
      }
      Map<String, Object> r = new LinkedHashMap<>();
      String status =
          rule.has("enabled")
              ? (rule.path("enabled").asBoolean(true) ? "Enabled" : "Disabled")
              : rule.path("status").asText("Enabled");
      r.put("Status", status);
      r.put("Transitions", transitions);
      rules.add(r);
    }
    return rules;
  }

  /** A lifecycle date: {@code 2027-01-01} or an RFC 3339 time at midnight UTC; null otherwise. */
  static java.time.LocalDate dateOf(String text) {
    try {
      return text.length() == 10
          ? java.time.LocalDate.parse(text)
          : java.time.OffsetDateTime.parse(text)
              .atZoneSameInstant(java.time.ZoneOffset.UTC)
              .toLocalDate();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static JsonNode at(JsonNode values, String attrPath) {
    JsonNode cur = values;
    for (String part : attrPath.split("\\.")) {
      cur = part.matches("\\d+") ? cur.path(Integer.parseInt(part)) : cur.path(part);
    }
    return cur;
  }

  /** A JSON value as the plain Java value the mapper reads (null when absent or unknown). */
  static Object plain(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return null;
    }
    if (n.isTextual()) {
      return n.asText();
    }
    if (n.isNumber()) {
      return n.isIntegralNumber() ? (Object) n.asLong() : (Object) n.asDouble();
    }
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    if (n.isArray()) {
      List<Object> out = new ArrayList<>();
      n.forEach(
          x -> {
            Object v = plain(x);
            if (v != null) out.add(v);
          });
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    n.fields()
        .forEachRemaining(
            e -> {
              Object v = plain(e.getValue());
              if (v != null) out.put(e.getKey(), v);
            });
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> props, String dotted, Object value) {
    String[] parts = dotted.split("\\.");
    Map<String, Object> cur = props;
    for (int i = 0; i < parts.length - 1; i++) {
      cur =
          (Map<String, Object>)
              cur.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
    }
    cur.put(parts[parts.length - 1], value);
  }
}
