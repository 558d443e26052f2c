package dev.archsim.engine.model;

import java.util.List;

/**
 * VPC endpoints that carry part of the private instances' egress instead of the NAT gateway.
 * Gateway endpoints exist for S3 and DynamoDB only and are free ([AWS]
 * docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html: "There is no additional charge
 * for using gateway endpoints"); an interface endpoint (AWS PrivateLink) is billed per hour in each
 * AZ it is provisioned in and per GB processed ([AWS] aws.amazon.com/privatelink/pricing). Both are
 * regional or have a network interface in every AZ, so losing an AZ does not cut the other AZs'
 * traffic through them.
 *
 * @param gateway gateway endpoints, each with the share of the egress traffic it carries
 * @param interfaces interface endpoints, each with the share of the egress traffic it carries
 */
public record VpcEndpoints(List<Endpoint> gateway, List<Endpoint> interfaces) {
  /** The services a gateway endpoint exists for. */
  public static final List<String> GATEWAY_SERVICES = List.of("s3", "dynamodb");

  /**
   * Interface endpoint services archsim knows, by the name after {@code com.amazonaws.<region>.} (a
   * partial list of "AWS services that integrate with AWS PrivateLink", [AWS]
   * docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html): another name
   * is accepted with a warning, as AWS adds services.
   */
  public static final java.util.Set<String> INTERFACE_SERVICES =
      java.util.Set.of(
          "s3",
          "dynamodb",
          "sqs",
          "sns",
          "events",
          "lambda",
          "execute-api",
          "states",
          "ecr.api",
          "ecr.dkr",
          "ecs",
          "ecs-agent",
          "ecs-telemetry",
          "eks",
          "sts",
          "ssm",
          "ssmmessages",
          "ec2messages",
          "ec2",
          "secretsmanager",
          "kms",
          "logs",
          "monitoring",
          "kinesis-streams",
          "kinesis-firehose",
          "elasticloadbalancing",
          "autoscaling",
          "application-autoscaling",
          "cloudformation",
          "codebuild",
          "codecommit",
          "git-codecommit",
          "codepipeline",
          "codedeploy",
          "sagemaker.api",
          "sagemaker.runtime",
          "rds",
          "rds-data",
          "elasticache",
          "glue",
          "athena",
          "xray",
          "config",
          "cloudtrail",
          "backup",
          "ebs",
          "elasticfilesystem",
          "email-smtp",
          "acm-pca",
          "textract",
          "comprehend",
          "rekognition",
          "bedrock",
          "bedrock-runtime",
          "transfer",
          "redshift",
          "redshift-data",
          "cognito-idp",
          "servicecatalog",
          "elasticmapreduce",
          "appsync-api");

  /** The most endpoints of each kind a stage may list (the schema's bound). */
  public static final int MAX_ENDPOINTS = 50;

  public VpcEndpoints {
    gateway = List.copyOf(gateway);
    interfaces = List.copyOf(interfaces);
  }

  /**
   * An endpoint to an AWS service.
   *
   * @param service the service (s3, dynamodb, sqs, ecr.api, ...)
   * @param share share of the egress traffic (requests and bytes) bound for the service
   */
  public record Endpoint(String service, double share) {}

  /** Share of the egress traffic carried by gateway endpoints. */
  public double gatewayShare() {
    return gateway.stream().mapToDouble(Endpoint::share).sum();
  }

  /** Share of the egress traffic carried by interface endpoints. */
  public double interfaceShare() {
    return interfaces.stream().mapToDouble(Endpoint::share).sum();
  }

  /** Share of the egress traffic that does not go through a NAT gateway. */
  public double offNatShare() {
    return Math.min(1, gatewayShare() + interfaceShare());
  }
}
