package dev.archsim.local.importer;

/** Small CloudFormation stacks the importer tests build on. */
final class ImportStacks {
  private ImportStacks() {}

  /**
   * An ALB in two AZs forwarding to the target group {@code Tg} of the Auto Scaling group {@code
   * Asg} (m5.large, 2 to 4); append resources below it.
   */
  static final String WEB =
      """
      Resources:
        SubA: {Type: AWS::EC2::Subnet, Properties: {AvailabilityZone: us-east-1a}}
        SubB: {Type: AWS::EC2::Subnet, Properties: {AvailabilityZone: us-east-1b}}
        Lb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Subnets: [!Ref SubA, !Ref SubB]}}
        Tg: {Type: AWS::ElasticLoadBalancingV2::TargetGroup}
        Listener: {Type: AWS::ElasticLoadBalancingV2::Listener, Properties: {LoadBalancerArn: !Ref Lb, DefaultActions: [{Type: forward, TargetGroupArn: !Ref Tg}]}}
        Lt: {Type: AWS::EC2::LaunchTemplate, Properties: {LaunchTemplateData: {InstanceType: m5.large}}}
        Asg: {Type: AWS::AutoScaling::AutoScalingGroup, Properties: {MinSize: 2, MaxSize: 4, VPCZoneIdentifier: [!Ref SubA, !Ref SubB], TargetGroupARNs: [!Ref Tg], LaunchTemplate: {LaunchTemplateId: !Ref Lt}}}
      """;
}
