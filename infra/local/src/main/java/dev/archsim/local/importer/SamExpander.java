package dev.archsim.local.importer;

import dev.archsim.local.importer.Value.ResourceRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands the SAM transform's types into the CloudFormation resources it generates, as far as the
 * simulation needs them: a function becomes an {@code AWS::Lambda::Function}; its {@code Api} /
 * {@code HttpApi} events an API (the implicit {@code ServerlessRestApi} / {@code ServerlessHttpApi}
 * unless they name one) with the function as its integration; {@code SQS}, {@code DynamoDB} and
 * {@code Kinesis} events event source mappings; {@code SNS} events subscriptions; {@code
 * SimpleTable} an on-demand DynamoDB table. The expanded resources keep the SAM type as their
 * origin, and the APIs list their functions under the synthetic property {@code Integrations}.
 */
final class SamExpander {
  static final String INTEGRATIONS = "Integrations";

  private SamExpander() {}

  static List<StackResource> expand(List<StackResource> in, ImportReport report) {
    List<StackResource> out = new ArrayList<>();
    Map<String, List<Object>> integrations = new LinkedHashMap<>();
    Map<String, StackResource> implicitApis = new LinkedHashMap<>();
    for (StackResource r : in) {
      switch (r.type()) {
        case "AWS::Serverless::Function" -> {
          Map<String, Object> p = new LinkedHashMap<>(r.properties());
          Object events = p.remove("Events");
          out.add(new StackResource(r.id(), "AWS::Lambda::Function", r.path(), p, r.type()));
          if (events instanceof Map<?, ?> ev) {
            for (Map.Entry<String, Object> e : CfnTemplate.stringKeys(ev).entrySet()) {
              event(r, e.getKey(), e.getValue(), out, integrations, implicitApis);
            }
          }
        }
        case "AWS::Serverless::Api" ->
            out.add(
                new StackResource(
                    r.id(), "AWS::ApiGateway::RestApi", r.path(), r.properties(), r.type()));
        case "AWS::Serverless::HttpApi" ->
            out.add(
                new StackResource(
                    r.id(), "AWS::ApiGatewayV2::Api", r.path(), r.properties(), r.type()));
        case "AWS::Serverless::SimpleTable" -> {
          Map<String, Object> p = new LinkedHashMap<>(r.properties());
          p.put(
              "BillingMode",
              p.containsKey("ProvisionedThroughput") ? "PROVISIONED" : "PAY_PER_REQUEST");
          out.add(new StackResource(r.id(), "AWS::DynamoDB::Table", r.path(), p, r.type()));
        }
        case "AWS::Serverless::LayerVersion" ->
            out.add(
                new StackResource(
                    r.id(), "AWS::Lambda::LayerVersion", r.path(), r.properties(), r.type()));
        default -> out.add(r);
      }
    }
    out.addAll(implicitApis.values());
    List<StackResource> withIntegrations = new ArrayList<>();
    for (StackResource r : out) {
      List<Object> fns = integrations.get(r.id());
      if (fns == null) {
        withIntegrations.add(r);
      } else {
        Map<String, Object> p = new LinkedHashMap<>(r.properties());
        p.put(INTEGRATIONS, fns);
        withIntegrations.add(new StackResource(r.id(), r.type(), r.path(), p, r.origin()));
      }
    }
    return withIntegrations;
  }

  private static void event(
      StackResource fn,
      String name,
      Object body,
      List<StackResource> out,
      Map<String, List<Object>> integrations,
      Map<String, StackResource> implicitApis) {
    if (!(body instanceof Map<?, ?> b)) {
      return;
    }
    Map<String, Object> e = CfnTemplate.stringKeys(b);
    String type = String.valueOf(e.get("Type"));
    Map<String, Object> props =
        e.get("Properties") instanceof Map<?, ?> pm ? CfnTemplate.stringKeys(pm) : Map.of();
    String path = fn.path() + ".Events." + name;
    ResourceRef self = new ResourceRef(fn.id(), null);
    switch (type) {
      case "Api", "HttpApi" -> {
        boolean rest = type.equals("Api");
        Object api = props.get(rest ? "RestApiId" : "ApiId");
        String apiId;
        if (api instanceof ResourceRef ref) {
          apiId = ref.resource();
        } else {
          apiId = rest ? "ServerlessRestApi" : "ServerlessHttpApi";
          implicitApis.computeIfAbsent(
              apiId,
              id ->
                  new StackResource(
                      id,
                      rest ? "AWS::ApiGateway::RestApi" : "AWS::ApiGatewayV2::Api",
                      path,
                      Map.of(),
                      "AWS::Serverless::Function (implicit " + type + ")"));
        }
        List<Object> fns = integrations.computeIfAbsent(apiId, k -> new ArrayList<>());
        if (!fns.contains(self)) {
          fns.add(self);
        }
      }
      case "SQS", "DynamoDB", "Kinesis", "MSK", "MQ" -> {
        Map<String, Object> p = new LinkedHashMap<>();
        Object source = props.get(type.equals("SQS") ? "Queue" : "Stream");
        if (source != null) {
          p.put("EventSourceArn", source);
        }
        p.put("FunctionName", self);
        if (props.containsKey("BatchSize")) {
          p.put("BatchSize", props.get("BatchSize"));
        }
        if (props.containsKey("ScalingConfig")) {
          p.put("ScalingConfig", props.get("ScalingConfig"));
        }
        out.add(
            new StackResource(
                fn.id() + name,
                "AWS::Lambda::EventSourceMapping",
                path,
                p,
                "AWS::Serverless::Function (" + type + " event)"));
      }
      case "SNS" -> {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("TopicArn", props.get("Topic"));
        p.put("Protocol", "lambda");
        p.put("Endpoint", self);
        out.add(
            new StackResource(
                fn.id() + name,
                "AWS::SNS::Subscription",
                path,
                p,
                "AWS::Serverless::Function (SNS event)"));
      }
      case "Schedule", "ScheduleV2", "EventBridgeRule", "CloudWatchEvent" -> {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Targets", List.of(Map.of("Arn", self)));
        if (props.containsKey("EventBusName")) {
          p.put("EventBusName", props.get("EventBusName"));
        }
        out.add(
            new StackResource(
                fn.id() + name,
                "AWS::Events::Rule",
                path,
                p,
                "AWS::Serverless::Function (" + type + " event)"));
      }
      default -> {
        // S3, Cognito, IoT ... events trigger the function outside the request path
      }
    }
  }
}
