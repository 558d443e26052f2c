package dev.archsim.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules AWS documents for what template.yaml uses and checks when the stack is deployed (or
 * recommends so strongly that breaking them loses messages), applied to the template as SAM writes
 * it: {@code cfn-lint} and {@code sam validate --lint} check the shape of each resource but not
 * these relations between resources (a queue's visibility timeout against the timeout of the
 * function it feeds, a parameter's bounds against the property it sets). Each rule cites the page
 * it comes from; {@link #check} lists every broken one, in the user's terms.
 *
 * <p>A number may be a literal or a {@code !Ref} to a parameter: a parameter stands for every value
 * its {@code MinValue}/{@code MaxValue}/{@code AllowedValues} let a user deploy with, so a
 * parameter without bounds breaks a bounded property.
 */
final class DeployRules {
  /** Lambda developer guide, services-sqs-configure.html: "at least six times". */
  static final int VISIBILITY_TIMEOUT_FACTOR = 6;

  static final String SQS_CONFIGURE =
      "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html";
  static final String SQS_PARAMETERS =
      "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html";
  static final String SQS_SCALING =
      "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html";
  static final String SCALING_CONFIG =
      "https://docs.aws.amazon.com/lambda/latest/api/API_ScalingConfig.html";
  static final String ESM_BATCH_SIZE =
      "https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html#lambda-CreateEventSourceMapping-request-BatchSize";
  static final String DDB_PARAMETERS =
      "https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-params.html";
  static final String DDB_STREAM_READERS =
      "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html#Streams.Processing";
  static final String DDB_DESTINATION =
      "https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html";
  static final String FILTER_CRITERIA =
      "https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html";
  static final String SQS_DLQ =
      "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html";
  static final String SQS_QUEUE =
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html";
  static final String SQS_FIFO =
      "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues.html";
  static final String LAMBDA_QUOTAS =
      "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html";
  static final String RESERVED_CONCURRENCY =
      "https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html";
  static final String SNAPSTART = "https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html";
  static final String LOG_RETENTION =
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html#cfn-logs-loggroup-retentionindays";
  static final String LAMBDA_LOG_GROUP =
      "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html";
  static final String HTTP_API_THROTTLING =
      "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html";

  /** The values CloudWatch Logs accepts for {@code RetentionInDays}. */
  static final Set<Long> RETENTION_DAYS =
      Set.of(
          1L, 3L, 5L, 7L, 14L, 30L, 60L, 90L, 120L, 150L, 180L, 365L, 400L, 545L, 731L, 1096L,
          1827L, 2192L, 2557L, 2922L, 3288L, 3653L);

  /** The managed runtimes SnapStart supports (snapstart.html, "Supported features"). */
  static final Set<String> SNAPSTART_RUNTIMES =
      Set.of("java11", "java17", "java21", "python3.12", "python3.13", "dotnet8");

  private final JsonNode template;
  private final JsonNode resources;
  private final List<String> violations = new ArrayList<>();

  private DeployRules(JsonNode template) {
    this.template = template;
    this.resources = template.path("Resources");
  }

  /** Every rule the template breaks, each with the resource, the values and the source. */
  static List<String> check(JsonNode template) {
    DeployRules rules = new DeployRules(template);
    rules.run();
    return rules.violations;
  }

  private void run() {
    Map<String, Integer> streamReaders = new HashMap<>();
    for (String name : resourcesOfType("AWS::Serverless::Function")) {
      JsonNode f = resources.get(name);
      function(name, f);
      Iterator<Map.Entry<String, JsonNode>> events = f.path("Properties").path("Events").fields();
      while (events.hasNext()) {
        Map.Entry<String, JsonNode> e = events.next();
        String type = e.getValue().path("Type").asText();
        JsonNode p = e.getValue().path("Properties");
        String where = name + " event " + e.getKey();
        if (type.equals("SQS")) {
          sqsEventSource(name, where, p);
        } else if (type.equals("DynamoDB")) {
          String stream = p.path("Stream").asText();
          streamReaders.merge(stream, 1, Integer::sum);
          dynamoDbEventSource(name, where, p);
        }
      }
    }
    streamReaders.forEach(
        (stream, n) -> {
          if (n > 2) {
            fail(
                stream
                    + " is read by "
                    + n
                    + " event source mappings; no more than two processes"
                    + " should read a DynamoDB stream's shard at once",
                DDB_STREAM_READERS);
          }
        });
    for (String name : resourcesOfType("AWS::SQS::Queue")) {
      queue(name, resources.at("/" + name + "/Properties"));
    }
    for (String name : resourcesOfType("AWS::Logs::LogGroup")) {
      Range days = number(resources.at("/" + name + "/Properties/RetentionInDays"), null);
      if (days == null) {
        fail(name + " has no RetentionInDays: its logs are kept forever", LOG_RETENTION);
      } else if (!days.allowed().isEmpty()
          ? !RETENTION_DAYS.containsAll(days.allowed())
          : !(days.lo() != null
              && days.lo().equals(days.hi())
              && RETENTION_DAYS.contains(days.lo()))) {
        fail(
            name
                + " RetentionInDays "
                + days
                + " is not one of the values CloudWatch Logs accepts "
                + new TreeSet<>(RETENTION_DAYS),
            LOG_RETENTION);
      }
    }
    long reserved = 0;
    for (String name : resourcesOfType("AWS::Serverless::Function")) {
      Range r = number(property(name, "ReservedConcurrentExecutions"), null);
      if (r != null) {
        reserved += r.hi() == null ? Long.MAX_VALUE / 4 : r.hi();
      }
    }
    if (reserved > 900) {
      fail(
          "the functions reserve up to "
              + reserved
              + " concurrent executions; Lambda keeps 100 of"
              + " the default account limit of 1000 unreserved",
          RESERVED_CONCURRENCY);
    }
    for (String name : resourcesOfType("AWS::Serverless::HttpApi")) {
      JsonNode s = resources.at("/" + name + "/Properties/DefaultRouteSettings");
      within(
          name + " ThrottlingRateLimit",
          number(s.path("ThrottlingRateLimit"), null),
          0,
          10_000,
          HTTP_API_THROTTLING);
      within(
          name + " ThrottlingBurstLimit",
          number(s.path("ThrottlingBurstLimit"), null),
          0,
          5_000,
          HTTP_API_THROTTLING);
    }
  }

  private void function(String name, JsonNode f) {
    within(name + " Timeout", number(property(name, "Timeout"), 3L), 1, 900, LAMBDA_QUOTAS);
    within(
        name + " MemorySize",
        number(property(name, "MemorySize"), 128L),
        128,
        10_240,
        LAMBDA_QUOTAS);
    Range storage = number(property(name, "EphemeralStorage").path("Size"), 512L);
    within(name + " EphemeralStorage", storage, 512, 10_240, LAMBDA_QUOTAS);

    if (property(name, "SnapStart").path("ApplyOn").asText("None").equals("PublishedVersions")) {
      String runtime = property(name, "Runtime").asText();
      if (!SNAPSTART_RUNTIMES.contains(runtime)) {
        fail(
            name + " uses SnapStart on runtime " + runtime + ", which SnapStart does not support",
            SNAPSTART);
      }
      if (!property(name, "ProvisionedConcurrencyConfig").isMissingNode()) {
        fail(
            name + " uses SnapStart with provisioned concurrency, which SnapStart does not support",
            SNAPSTART);
      }
      if (!property(name, "FileSystemConfigs").isMissingNode()) {
        fail(name + " uses SnapStart with Amazon EFS, which SnapStart does not support", SNAPSTART);
      }
      if (storage.hi() == null || storage.hi() > 512) {
        fail(
            name
                + " uses SnapStart with ephemeral storage "
                + storage
                + " MB; SnapStart supports at most 512 MB",
            SNAPSTART);
      }
      if (property(name, "PackageType").asText("Zip").equals("Image")) {
        fail(
            name + " uses SnapStart on a container image, which SnapStart does not support",
            SNAPSTART);
      }
      if (property(name, "AutoPublishAlias").isMissingNode()) {
        fail(
            name
                + " uses SnapStart without AutoPublishAlias: SnapStart applies only to"
                + " published versions, and nothing would invoke one",
            SNAPSTART);
      }
    }

    // a log group with retention, named as Lambda names it, existing when the function does
    String condition = f.path("Condition").asText("");
    boolean logged = false;
    for (String g : resourcesOfType("AWS::Logs::LogGroup")) {
      JsonNode group = resources.get(g);
      String groupName = group.at("/Properties/LogGroupName").asText();
      if (groupName.equals("/aws/lambda/${" + name + "}")) {
        logged = true;
        if (!group.path("Condition").asText("").equals(condition)) {
          fail(
              g
                  + " has Condition '"
                  + group.path("Condition").asText("")
                  + "' but its function "
                  + name
                  + " has '"
                  + condition
                  + "'",
              LAMBDA_LOG_GROUP);
        }
      }
    }
    String custom = property(name, "LoggingConfig").path("LogGroup").asText("");
    if (!logged && !custom.isEmpty()) {
      logged = true; // a named log group of its own, checked as a LogGroup resource above
    }
    if (!logged) {
      fail(
          name
              + " has no AWS::Logs::LogGroup named /aws/lambda/${"
              + name
              + "}: Lambda creates"
              + " one that never expires",
          LAMBDA_LOG_GROUP);
    }
  }

  private void sqsEventSource(String function, String where, JsonNode p) {
    String queueName = beforeAttribute(p.path("Queue").asText());
    JsonNode queue = resources.at("/" + queueName + "/Properties");
    if (queue.isMissingNode()) {
      return; // a queue outside the stack: nothing to compare here
    }
    boolean fifo = queue.path("FifoQueue").asBoolean(false);
    Range visibility = number(queue.path("VisibilityTimeout"), 30L);
    Range timeout = number(property(function, "Timeout"), 3L);
    if (visibility.lo() == null || timeout.hi() == null || visibility.lo() < timeout.hi()) {
      fail(
          where
              + ": queue "
              + queueName
              + " visibility timeout "
              + visibility
              + " s is less than the function's timeout "
              + timeout
              + " s (Lambda refuses to create the event source mapping)",
          SQS_CONFIGURE);
    } else if (visibility.lo() < VISIBILITY_TIMEOUT_FACTOR * timeout.hi()) {
      fail(
          where
              + ": queue "
              + queueName
              + " visibility timeout "
              + visibility
              + " s is less than six times the function's timeout "
              + timeout
              + " s",
          SQS_CONFIGURE);
    }
    Range batch = number(p.path("BatchSize"), 10L);
    within(where + " BatchSize", batch, 1, fifo ? 10 : 10_000, SQS_PARAMETERS);
    Range window = number(p.path("MaximumBatchingWindowInSeconds"), 0L);
    within(where + " MaximumBatchingWindowInSeconds", window, 0, 300, SQS_PARAMETERS);
    if (fifo && !p.path("MaximumBatchingWindowInSeconds").isMissingNode()) {
      fail(
          where + ": a batching window is not supported for FIFO queue " + queueName,
          SQS_PARAMETERS);
    }
    if ((batch.hi() == null || batch.hi() > 10) && (window.lo() == null || window.lo() < 1)) {
      fail(
          where
              + " BatchSize "
              + batch
              + " above 10 needs MaximumBatchingWindowInSeconds of at"
              + " least 1",
          ESM_BATCH_SIZE);
    }
    JsonNode scaling = p.path("ScalingConfig").path("MaximumConcurrency");
    Range max = null;
    if (!scaling.isMissingNode()) {
      max = number(scaling, null);
      within(where + " ScalingConfig.MaximumConcurrency", max, 2, 1000, SCALING_CONFIG);
    }
    Range reserved = number(property(function, "ReservedConcurrentExecutions"), null);
    if (reserved != null
        && max != null
        && (reserved.lo() == null || max.hi() == null || max.hi() > reserved.lo())) {
      fail(
          where
              + ": maximum concurrency "
              + max
              + " exceeds the function's reserved"
              + " concurrency "
              + reserved
              + " (the excess is throttled)",
          SQS_SCALING);
    }
    for (JsonNode t : p.path("FunctionResponseTypes")) {
      if (!t.asText().equals("ReportBatchItemFailures")) {
        fail(
            where + " FunctionResponseTypes " + t + " is not ReportBatchItemFailures",
            SQS_PARAMETERS);
      }
    }
    filters(where, p);
  }

  private void dynamoDbEventSource(String function, String where, JsonNode p) {
    String table = beforeAttribute(p.path("Stream").asText());
    JsonNode spec = resources.at("/" + table + "/Properties/StreamSpecification/StreamViewType");
    if (resources.has(table) && spec.isMissingNode()) {
      fail(where + ": table " + table + " has no stream (StreamSpecification)", DDB_PARAMETERS);
    }
    String start = p.path("StartingPosition").asText("");
    if (!start.equals("TRIM_HORIZON") && !start.equals("LATEST")) {
      fail(
          where + " StartingPosition '" + start + "' is not TRIM_HORIZON or LATEST",
          DDB_PARAMETERS);
    }
    within(where + " BatchSize", number(p.path("BatchSize"), 100L), 1, 10_000, DDB_PARAMETERS);
    within(
        where + " MaximumBatchingWindowInSeconds",
        number(p.path("MaximumBatchingWindowInSeconds"), 0L),
        0,
        300,
        DDB_PARAMETERS);
    within(
        where + " MaximumRetryAttempts",
        number(p.path("MaximumRetryAttempts"), -1L),
        -1,
        10_000,
        DDB_PARAMETERS);
    Range age = number(p.path("MaximumRecordAgeInSeconds"), -1L);
    within(where + " MaximumRecordAgeInSeconds", age, -1, 604_800, DDB_PARAMETERS);
    if (age.lo() != null && age.lo() > -1 && age.lo() < 60) {
      fail(
          where + " MaximumRecordAgeInSeconds " + age + " must be -1 or at least 60",
          DDB_PARAMETERS);
    }
    within(
        where + " ParallelizationFactor",
        number(p.path("ParallelizationFactor"), 1L),
        1,
        10,
        DDB_PARAMETERS);
    if (!p.path("TumblingWindowInSeconds").isMissingNode()) {
      within(
          where + " TumblingWindowInSeconds",
          number(p.path("TumblingWindowInSeconds"), null),
          0,
          900,
          DDB_PARAMETERS);
    }
    String destination = beforeAttribute(p.at("/DestinationConfig/OnFailure/Destination").asText());
    JsonNode d = resources.get(destination);
    if (d != null) {
      String type = d.path("Type").asText();
      boolean standard =
          (type.equals("AWS::SQS::Queue") && !d.at("/Properties/FifoQueue").asBoolean(false))
              || (type.equals("AWS::SNS::Topic") && !d.at("/Properties/FifoTopic").asBoolean(false))
              || type.equals("AWS::S3::Bucket");
      if (!standard) {
        fail(
            where
                + " on-failure destination "
                + destination
                + " is not a standard SQS queue or SNS topic, or an S3 bucket",
            DDB_PARAMETERS);
      }
      if (!maySendTo(function, destination, type)) {
        fail(
            where
                + ": "
                + function
                + "'s role may not send to its on-failure destination "
                + destination
                + " (sqs:SendMessage, sns:Publish or s3:PutObject)",
            DDB_DESTINATION);
      }
    }
    filters(where, p);
  }

  /** A SAM policy template scoped to the destination, or a statement granting the action. */
  private boolean maySendTo(String function, String destination, String type) {
    String template =
        switch (type) {
          case "AWS::SQS::Queue" -> "SQSSendMessagePolicy";
          case "AWS::SNS::Topic" -> "SNSPublishMessagePolicy";
          default -> "S3WritePolicy";
        };
    String action =
        switch (type) {
          case "AWS::SQS::Queue" -> "sqs:SendMessage";
          case "AWS::SNS::Topic" -> "sns:Publish";
          default -> "s3:PutObject";
        };
    for (JsonNode policy : resources.at("/" + function + "/Properties/Policies")) {
      if (policy.path(template).toString().contains(destination + ".")) {
        return true;
      }
      for (JsonNode statement : policy.path("Statement")) {
        if (statement.path("Action").toString().contains(action)
            && statement.path("Resource").toString().contains(destination)) {
          return true;
        }
      }
    }
    return false;
  }

  private void filters(String where, JsonNode p) {
    JsonNode filters = p.at("/FilterCriteria/Filters");
    if (filters.isMissingNode()) {
      return;
    }
    if (filters.size() > 5) {
      fail(
          where + " has " + filters.size() + " filters; an event source mapping takes 5",
          FILTER_CRITERIA);
    }
    for (JsonNode f : filters) {
      String pattern = f.path("Pattern").asText();
      try {
        if (!new ObjectMapper().readTree(pattern).isObject()) {
          fail(where + " filter pattern is not a JSON object: " + pattern, FILTER_CRITERIA);
        }
      } catch (Exception e) {
        fail(where + " filter pattern is not JSON: " + pattern, FILTER_CRITERIA);
      }
      if (pattern.length() > 4096) {
        fail(where + " filter pattern is longer than 4096 characters", FILTER_CRITERIA);
      }
    }
  }

  private void queue(String name, JsonNode q) {
    boolean fifo = q.path("FifoQueue").asBoolean(false);
    within(
        name + " VisibilityTimeout",
        number(q.path("VisibilityTimeout"), 30L),
        0,
        43_200,
        SQS_QUEUE);
    Range retention = number(q.path("MessageRetentionPeriod"), 345_600L);
    within(name + " MessageRetentionPeriod", retention, 60, 1_209_600, SQS_QUEUE);
    within(name + " DelaySeconds", number(q.path("DelaySeconds"), 0L), 0, 900, SQS_QUEUE);
    within(
        name + " ReceiveMessageWaitTimeSeconds",
        number(q.path("ReceiveMessageWaitTimeSeconds"), 0L),
        0,
        20,
        SQS_QUEUE);
    if (!q.path("QueueName").isMissingNode()
        && fifo != q.path("QueueName").asText().endsWith(".fifo")) {
      fail(name + ": a FIFO queue's name, and only its, ends in .fifo", SQS_FIFO);
    }
    if (!fifo && !q.path("ContentBasedDeduplication").isMissingNode()) {
      fail(name + ": ContentBasedDeduplication is for FIFO queues only", SQS_FIFO);
    }
    JsonNode redrive = q.path("RedrivePolicy");
    if (redrive.isMissingNode()) {
      return;
    }
    within(
        name + " maxReceiveCount", number(redrive.path("maxReceiveCount"), null), 1, 1000, SQS_DLQ);
    String dlqName = beforeAttribute(redrive.path("deadLetterTargetArn").asText());
    JsonNode dlq = resources.at("/" + dlqName + "/Properties");
    if (dlq.isMissingNode()) {
      return;
    }
    if (dlq.path("FifoQueue").asBoolean(false) != fifo) {
      fail(
          name + " and its dead-letter queue " + dlqName + " must both be standard or both FIFO",
          SQS_DLQ);
    }
    Range dlqRetention = number(dlq.path("MessageRetentionPeriod"), 345_600L);
    if (!fifo
        && (dlqRetention.lo() == null
            || retention.hi() == null
            || dlqRetention.lo() <= retention.hi())) {
      fail(
          name
              + " keeps messages "
              + retention
              + " s and its dead-letter queue "
              + dlqName
              + " "
              + dlqRetention
              + " s: a message keeps its first enqueue time when it is moved, so a"
              + " dead-letter queue must keep messages longer than its source",
          SQS_DLQ);
    }
  }

  /** {@code X.Arn} (from {@code !GetAtt X.Arn}) and {@code X} name resource X. */
  private static String beforeAttribute(String reference) {
    int dot = reference.indexOf('.');
    return dot < 0 ? reference : reference.substring(0, dot);
  }

  /** A function's property, or the Globals' when it has none. */
  private JsonNode property(String function, String key) {
    JsonNode own = resources.at("/" + function + "/Properties/" + key);
    return own.isMissingNode() ? template.at("/Globals/Function/" + key) : own;
  }

  private List<String> resourcesOfType(String type) {
    return ofType(resources, type);
  }

  /** The logical ids of the template's resources of this type, in template order. */
  static List<String> ofType(JsonNode resources, String type) {
    List<String> out = new ArrayList<>();
    resources
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().path("Type").asText().equals(type)) {
                out.add(e.getKey());
              }
            });
    return out;
  }

  /** The values a user can deploy: a literal, or a parameter's bounds. */
  record Range(Long lo, Long hi, Set<Long> allowed) {
    @Override
    public String toString() {
      if (lo != null && lo.equals(hi)) {
        return String.valueOf(lo);
      }
      return "[" + (lo == null ? "unbounded" : lo) + ", " + (hi == null ? "unbounded" : hi) + "]";
    }
  }

  /** The node as a range: a number, or a {@code !Ref} to a Number parameter; else the default. */
  private Range number(JsonNode node, Long whenAbsent) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return whenAbsent == null ? null : new Range(whenAbsent, whenAbsent, Set.of());
    }
    if (node.isNumber() || node.asText().matches("-?\\d+")) {
      long v = node.asLong();
      return new Range(v, v, Set.of());
    }
    JsonNode parameter = template.at("/Parameters/" + node.asText());
    if (parameter.isMissingNode()) {
      return new Range(null, null, Set.of());
    }
    Set<Long> allowed = new TreeSet<>();
    parameter.path("AllowedValues").forEach(v -> allowed.add(v.asLong()));
    if (!allowed.isEmpty()) {
      return new Range(
          allowed.stream().min(Long::compare).orElseThrow(),
          allowed.stream().max(Long::compare).orElseThrow(),
          allowed);
    }
    Long lo = parameter.has("MinValue") ? parameter.get("MinValue").asLong() : null;
    Long hi = parameter.has("MaxValue") ? parameter.get("MaxValue").asLong() : null;
    return new Range(lo, hi, Set.of());
  }

  private void within(String what, Range r, long lo, long hi, String source) {
    if (r == null) {
      return;
    }
    if (r.lo() == null || r.hi() == null || r.lo() < lo || r.hi() > hi) {
      fail(
          what
              + " "
              + r
              + " is outside ["
              + lo
              + ", "
              + hi
              + "]"
              + (r.lo() == null || r.hi() == null
                  ? " (bound the parameter with MinValue/MaxValue)"
                  : ""),
          source);
    }
  }

  private void fail(String message, String source) {
    violations.add(message + " — " + source);
  }
}
