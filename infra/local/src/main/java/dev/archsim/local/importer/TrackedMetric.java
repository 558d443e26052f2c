package dev.archsim.local.importer;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an Auto Scaling target-tracking policy tracks, read from its {@code
 * TargetTrackingConfiguration}: average CPU, the ALB's requests per target ({@code
 * ALBRequestCountPerTarget} with the {@code ResourceLabel} naming its target group), the SQS
 * backlog per instance written as AWS's metric math (EC2 Auto Scaling user guide, "Scaling policy
 * based on Amazon SQS": {@code m1} the queue's {@code ApproximateNumberOfMessagesVisible}, {@code
 * m2} the group's {@code GroupInServiceInstances}, {@code e1 = m1 / m2} returned), or something the
 * model cannot track, with why.
 */
sealed interface TrackedMetric {
  String CONFIG = "TargetTrackingConfiguration";

  /** ASGAverageCPUUtilization. */
  record Cpu() implements TrackedMetric {}

  /**
   * ALBRequestCountPerTarget; {@code label} is the ResourceLabel as the template resolves it (a
   * value naming the load balancer and target group resources, or a literal label), null if absent.
   */
  record RequestCount(Object label) implements TrackedMetric {}

  /**
   * The backlog per instance: the queue's and the group's dimension values (resource references, or
   * literal names).
   */
  record Backlog(Object queue, Object group) implements TrackedMetric {}

  /** Not something the model tracks: {@code why} in the user's terms. */
  record Unsupported(String why) implements TrackedMetric {}

  String MODELLED =
      "the model tracks average CPU, ALB requests per target and the SQS backlog per instance";

  /** The metric of a target-tracking policy resource. */
  static TrackedMetric of(StackResource policy) {
    Object predefined =
        Props.get(policy, CONFIG + ".PredefinedMetricSpecification.PredefinedMetricType");
    if (predefined != null) {
      String type = String.valueOf(predefined);
      return switch (type) {
        case "ASGAverageCPUUtilization" -> new Cpu();
        case "ALBRequestCountPerTarget" ->
            new RequestCount(
                Props.get(policy, CONFIG + ".PredefinedMetricSpecification.ResourceLabel"));
        default -> new Unsupported("target tracking on " + type + " (" + MODELLED + ")");
      };
    }
    if (!(Props.get(policy, CONFIG + ".CustomizedMetricSpecification") instanceof Map<?, ?> spec)) {
      return new Unsupported("target tracking with no metric (" + MODELLED + ")");
    }
    return customized(spec);
  }

  /** A customized metric: a single CloudWatch metric, or metric math over several. */
  static TrackedMetric customized(Map<?, ?> spec) {
    if (!(spec.get("Metrics") instanceof List<?> metrics) || metrics.isEmpty()) {
      String ns = String.valueOf(spec.get("Namespace"));
      String name = String.valueOf(spec.get("MetricName"));
      if (isQueueSize(ns, name)) {
        return new Unsupported(
            "target tracking on the queue's whole backlog (AWS/SQS "
                + name
                + "), not per instance: AWS advises against it, and the model's queue policy"
                + " divides the backlog by the instances in service (metric math m1 / m2)");
      }
      return new Unsupported(
          "target tracking on the custom metric "
              + ns
              + "/"
              + name
              + ": archsim cannot tell what the application publishes there ("
              + MODELLED
              + "; a backlog per instance is recognised as AWS's metric math: the queue's"
              + " ApproximateNumberOfMessagesVisible over the group's GroupInServiceInstances)");
    }
    Map<?, ?> returned = null;
    int returning = 0;
    for (Object m : metrics) {
      if (m instanceof Map<?, ?> q && !"false".equals(String.valueOf(q.get("ReturnData")))) {
        returned = q;
        returning++;
      }
    }
    String expression = returned == null ? null : (String) str(returned.get("Expression"));
    if (returning != 1 || expression == null) {
      return new Unsupported("metric math whose result is not one expression (" + MODELLED + ")");
    }
    java.util.regex.Matcher ratio =
        java.util.regex.Pattern.compile("^\\(?(\\w+)\\)?/\\(?(\\w+)\\)?$")
            .matcher(expression.replaceAll("\\s+", ""));
    Map<?, ?> numerator = ratio.matches() ? byId(metrics, ratio.group(1)) : null;
    Map<?, ?> denominator = ratio.matches() ? byId(metrics, ratio.group(2)) : null;
    Object queue = numerator == null ? null : dimension(numerator, "AWS/SQS", "QueueName");
    Object group =
        denominator == null
            ? null
            : dimension(denominator, "AWS/AutoScaling", "AutoScalingGroupName");
    if (queue != null
        && group != null
        && isQueueSize("AWS/SQS", metricName(numerator))
        && "GroupInServiceInstances".equals(metricName(denominator))) {
      return new Backlog(queue, group);
    }
    return new Unsupported(
        "metric math '"
            + expression
            + "' is not the backlog per instance (AWS's pattern: the queue's"
            + " ApproximateNumberOfMessagesVisible over the group's GroupInServiceInstances); "
            + MODELLED);
  }

  private static boolean isQueueSize(String namespace, String name) {
    return "AWS/SQS".equals(namespace) && "ApproximateNumberOfMessagesVisible".equals(name);
  }

  private static Map<?, ?> byId(List<?> metrics, String id) {
    for (Object m : metrics) {
      if (m instanceof Map<?, ?> q && id.equals(str(q.get("Id")))) {
        return q;
      }
    }
    return null;
  }

  private static String metricName(Map<?, ?> query) {
    return query.get("MetricStat") instanceof Map<?, ?> stat
            && stat.get("Metric") instanceof Map<?, ?> metric
        ? (String) str(metric.get("MetricName"))
        : null;
  }

  /** The value of dimension {@code name} of a query's metric in {@code namespace}, or null. */
  private static Object dimension(Map<?, ?> query, String namespace, String name) {
    if (!(query.get("MetricStat") instanceof Map<?, ?> stat)
        || !(stat.get("Metric") instanceof Map<?, ?> metric)
        || !namespace.equals(str(metric.get("Namespace")))
        || !(metric.get("Dimensions") instanceof List<?> dims)) {
      return null;
    }
    for (Object d : dims) {
      if (d instanceof Map<?, ?> dim && name.equals(str(dim.get("Name")))) {
        return dim.get("Value");
      }
    }
    return null;
  }

  private static Object str(Object v) {
    return v instanceof String || v == null ? v : CfnTemplate.scalarText(v);
  }

  /** The resources a dimension value names: its references, or none for a literal. */
  static Set<String> refs(Object value) {
    return CfnTemplate.refsIn(value);
  }
}
