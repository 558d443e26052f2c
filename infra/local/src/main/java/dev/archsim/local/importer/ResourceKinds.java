package dev.archsim.local.importer;

import java.util.Map;

/**
 * Resource types the import leaves out on purpose (with why), and types the scenario model cannot
 * express yet (with what it would take). Types in neither list and not mapped are reported as
 * unsupported with no mapping.
 */
final class ResourceKinds {
  private ResourceKinds() {}

  /** Prefixes of types that do not change availability, latency or cost as the model sees them. */
  static final Map<String, String> IGNORED_PREFIXES =
      Map.ofEntries(
          Map.entry("AWS::IAM::", "permissions: no effect on availability, latency or cost"),
          Map.entry("AWS::Logs::", "logging: not on the request path"),
          Map.entry("AWS::KMS::", "keys: not on the request path"),
          Map.entry("AWS::SecretsManager::", "secrets: read at start-up, not per request"),
          Map.entry("AWS::SSM::", "configuration: read at start-up, not per request"),
          Map.entry("AWS::CloudFormation::", "stack plumbing (wait conditions, outputs, macros)"),
          Map.entry("AWS::CDK::", "CDK metadata"),
          Map.entry(
              "AWS::Lambda::Permission", "permissions: no effect on availability, latency or cost"),
          Map.entry("AWS::Lambda::LayerVersion", "code packaging"),
          Map.entry(
              "AWS::Lambda::Version",
              "a published version (its alias carries provisioned concurrency)"),
          Map.entry("AWS::S3::BucketPolicy", "permissions"),
          Map.entry("AWS::SQS::QueuePolicy", "permissions"),
          Map.entry("AWS::SNS::TopicPolicy", "permissions"),
          Map.entry(
              "AWS::CloudFront::OriginAccessControl", "permissions of the distribution's origin"),
          Map.entry(
              "AWS::CloudFront::CloudFrontOriginAccessIdentity",
              "permissions of the distribution's origin"),
          Map.entry("AWS::EC2::VPC", "the network itself: its subnets give the Availability Zones"),
          Map.entry("AWS::EC2::VPCGatewayAttachment", "routing plumbing"),
          Map.entry(
              "AWS::EC2::InternetGateway",
              "a horizontally scaled, redundant AWS-managed gateway: no failure mode of its own"),
          Map.entry("AWS::EC2::RouteTable", "routing plumbing"),
          Map.entry("AWS::EC2::Route", "routing plumbing"),
          Map.entry("AWS::EC2::SubnetRouteTableAssociation", "routing plumbing"),
          Map.entry("AWS::EC2::SubnetNetworkAclAssociation", "routing plumbing"),
          Map.entry("AWS::EC2::NetworkAcl", "network ACLs: not simulated"),
          Map.entry("AWS::EC2::NetworkAclEntry", "network ACLs: not simulated"),
          Map.entry(
              "AWS::EC2::SecurityGroupIngress", "security group rule (read through its group)"),
          Map.entry("AWS::EC2::SecurityGroupEgress", "security group rule"),
          Map.entry("AWS::EC2::KeyPair", "SSH key"),
          Map.entry("AWS::EC2::EIPAssociation", "read with its Elastic IP"),
          Map.entry("AWS::ApiGateway::Deployment", "API plumbing"),
          Map.entry("AWS::ApiGateway::Resource", "API routes"),
          Map.entry("AWS::ApiGateway::Account", "account setting"),
          Map.entry("AWS::ApiGatewayV2::Route", "API routes"),
          Map.entry("AWS::ApiGatewayV2::Stage", "API stage (throttling read when set)"),
          Map.entry("AWS::ApiGateway::Stage", "API stage (throttling read when set)"),
          Map.entry(
              "AWS::RDS::DBSubnetGroup",
              "subnet list of the database (its AZs come from the subnets)"),
          Map.entry("AWS::RDS::DBParameterGroup", "engine parameters"),
          Map.entry("AWS::RDS::DBClusterParameterGroup", "engine parameters"),
          Map.entry("AWS::RDS::DBProxyTargetGroup", "read with its proxy"),
          Map.entry("AWS::ElastiCache::SubnetGroup", "subnet list of the cache"),
          Map.entry("AWS::ElastiCache::ParameterGroup", "engine parameters"),
          Map.entry(
              "AWS::ElasticLoadBalancingV2::ListenerRule",
              "routing rules inside the load balancer"),
          Map.entry("AWS::ElasticLoadBalancingV2::ListenerCertificate", "TLS certificates"),
          Map.entry("AWS::CertificateManager::", "TLS certificates"),
          Map.entry("AWS::Route53::HostedZone", "the zone (its records are read)"),
          Map.entry("AWS::SNS::Subscription", "read with its topic"),
          Map.entry("AWS::Events::Rule", "event routing outside the request path"),
          Map.entry(
              "aws_cloudwatch_event_target",
              "a target of an EventBridge rule outside the request path"),
          Map.entry(
              "AWS::Events::EventBus",
              "event routing outside the request path (fan-out rides on the queue)"),
          Map.entry(
              "AWS::SNS::Topic",
              "notifications outside the request path (fan-out rides on the queue)"),
          Map.entry("AWS::CloudWatch::Dashboard", "monitoring"),
          Map.entry("AWS::AutoScaling::LifecycleHook", "instance launch/terminate hooks"),
          Map.entry(
              "AWS::AutoScaling::Attachment",
              "attaches the group to its target group (Terraform's aws_autoscaling_attachment)"),
          Map.entry(
              "AWS::WAFv2::",
              "WAF detail (web ACLs and their associations are read as waf; IP sets and rule groups"
                  + " count as the ACL's rules)"),
          Map.entry(
              "AWS::S3::Bucket",
              "storage outside the request path (S3 behind CloudFront is read with the distribution)"));

  /** Types the model cannot express yet, and what it would take. */
  static final Map<String, String> UNSUPPORTED =
      Map.ofEntries(
          Map.entry(
              "AWS::ECS::Service",
              "a second container service (a stage holds one container service or compute tier)"),
          Map.entry(
              "AWS::ECS::TaskDefinition",
              "a task definition no imported service runs (standalone or scheduled tasks)"),
          Map.entry("AWS::ECS::Cluster", "a cluster without the imported service"),
          Map.entry(
              "AWS::ApplicationAutoScaling::ScalableTarget",
              "scaling of DynamoDB capacity or Aurora replicas (an ECS service's is read as"
                  + " ecs.tasks)"),
          Map.entry(
              "AWS::ApplicationAutoScaling::ScalingPolicy",
              "scaling of DynamoDB capacity or Aurora replicas (an ECS service's is read as"
                  + " ecs.scaling)"),
          Map.entry(
              "AWS::EFS::FileSystem",
              "a shared file system tier with its throughput mode and mount targets per AZ"),
          Map.entry("AWS::EFS::MountTarget", "a shared file system tier"),
          Map.entry("AWS::StepFunctions::StateMachine", "workflow steps as a tier of their own"),
          Map.entry("AWS::Serverless::StateMachine", "workflow steps as a tier of their own"),
          Map.entry(
              "AWS::Kinesis::Stream", "a stream tier: shards, throughput limits and consumer lag"),
          Map.entry(
              "AWS::GlobalAccelerator::Accelerator",
              "anycast entry in front of regional endpoints (DR already models it as dr.globalAccelerator)"),
          Map.entry("AWS::OpenSearchService::Domain", "a search tier"),
          Map.entry("AWS::Elasticsearch::Domain", "a search tier"),
          Map.entry("AWS::Cognito::UserPool", "an identity provider on the request path"),
          Map.entry(
              "AWS::Serverless::Application",
              "a nested application: import its template on its own"),
          Map.entry(
              "AWS::CloudFormation::Stack", "a nested stack: import its template on its own"));

  static String ignored(String type) {
    if (IGNORED_PREFIXES.containsKey(type)) {
      return IGNORED_PREFIXES.get(type);
    }
    for (Map.Entry<String, String> e : IGNORED_PREFIXES.entrySet()) {
      if (e.getKey().endsWith("::") && type.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }
}
