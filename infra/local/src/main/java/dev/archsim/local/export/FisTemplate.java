package dev.archsim.local.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds a CloudFormation template of {@code AWS::FIS::ExperimentTemplate}s reproducing the faults
 * of one scenario stage on the real stack:
 *
 * <ul>
 *   <li>an AZ outage: the actions of FIS's "AZ Availability: Power Interruption" scenario that
 *       apply to the stage (stop the instances in the AZ, make the Auto Scaling groups fail to
 *       launch there, disrupt the AZ's subnets, fail the database over when its writer is there,
 *       interrupt the cache's power in the AZ);
 *   <li>random instance failures: terminate (a group replaces it) or stop (an operator repairs it)
 *       one tagged instance;
 *   <li>spot capacity: a two-minute spot interruption of one tagged spot instance;
 *   <li>a database failure: Aurora cluster failover, or an RDS reboot with forced failover;
 *   <li>a cache node loss: the ElastiCache AZ power interruption of the first AZ;
 *   <li>consumers stopped: Lambda invocation errors on the tagged consumer functions;
 *   <li>a region outage: FIS has no such action; the nearest, disrupting the connectivity of every
 *       tagged subnet, is exported and said to be only that.
 * </ul>
 *
 * Targets are found by resource type and the tag {@code archsim-target}={@code TargetTagValue} (a
 * parameter of the template; CloudFormation cannot take a map key from a parameter, so the key is
 * fixed). Stop conditions are CloudWatch alarms on the entry's metrics at the stage's availability
 * and p99 latency objectives.
 */
public final class FisTemplate {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /**
   * One experiment: its logical id, what it does, and the faults that reproduce it in the
   * simulation (the prediction).
   */
  public record Experiment(
      String id, String description, ObjectNode simulatedFaults, String note) {}

  /** The template, its experiments, and the faults FIS cannot reproduce. */
  public record Export(
      ObjectNode template, List<Experiment> experiments, List<String> notExported) {}

  private final JsonNode stage;
  private final JsonNode arch;
  private final JsonNode faults;
  private final JsonNode objectives;
  private final ObjectNode resources = F.objectNode();
  private final ObjectNode parameters = F.objectNode();
  private final List<Experiment> experiments = new ArrayList<>();
  private final List<String> notExported = new ArrayList<>();
  private final Set<String> permissions = new LinkedHashSet<>();
  private final ArrayNode stopConditions = F.arrayNode();

  private FisTemplate(JsonNode scenario, JsonNode stage) {
    this.stage = stage;
    this.arch = stage.path("architecture");
    this.faults = stage.has("faults") ? stage.get("faults") : scenario.path("faults");
    this.objectives = scenario.path("objectives");
  }

  /** The export of one stage of a valid scenario document. */
  public static Export of(JsonNode scenario, JsonNode stage) {
    return new FisTemplate(scenario, stage).build();
  }

  private Export build() {
    ObjectNode t = F.objectNode();
    t.put("AWSTemplateFormatVersion", "2010-09-09");
    t.put(
        "Description",
        "AWS FIS experiments reproducing the faults of archsim stage '"
            + stage.path("name").asText()
            + "'. Tag the resources they may act on archsim-target=TargetTagValue first.");
    parameters
        .putObject("TargetTagValue")
        .put("Type", "String")
        .put("Default", tagValue(stage.path("name").asText()))
        .put(
            "Description",
            "value of the tag archsim-target on the resources the experiments may act on");
    t.set("Parameters", parameters);
    stopConditions();
    experiments();
    if (experiments.isEmpty()) {
      return new Export(null, List.of(), notExported);
    }
    role();
    t.set("Resources", resources);
    ObjectNode outputs = t.putObject("Outputs");
    for (Experiment e : experiments) {
      outputs
          .putObject(e.id() + "Id")
          .put("Description", e.description())
          .set("Value", ref(e.id()));
    }
    return new Export(t, List.copyOf(experiments), List.copyOf(notExported));
  }

  // ------------------------------------------------------------------ experiments

  private void experiments() {
    List<String> azs = new ArrayList<>();
    arch.path("azs").forEach(a -> azs.add(a.asText()));
    boolean ec2 = arch.has("compute");
    boolean asg = ec2 && arch.path("compute").has("autoScaling");
    int outages = 0;
    java.util.Map<String, List<JsonNode>> failuresAt = new java.util.LinkedHashMap<>();
    for (JsonNode s : faults.path("scheduled")) {
      String type = s.path("type").asText();
      ObjectNode only = F.objectNode();
      only.putArray("scheduled").add(s.deepCopy());
      switch (type) {
        case "instance-failure" ->
            failuresAt.computeIfAbsent(s.path("at").asText(), k -> new ArrayList<>()).add(s);
        case "deployment" ->
            notExported.add(
                "deployment at "
                    + s.path("at").asText()
                    + ": a rolling deployment is run by deploying the service, not injected by FIS");
        case "az-outage" -> {
          outages++;
          azOutage("AzOutage" + outages, s.path("az").asText(), s.path("duration").asText(), only);
        }
        case "db-failure" -> database("DatabaseFailover", only);
        case "cache-node-failure" -> cache("CacheNodeFailure", azs.get(0), only);
        case "consumer-outage" -> consumers("ConsumerOutage", s.path("duration").asText(), only);
        case "region-outage" ->
            regionNearest("RegionOutageNearest", s.path("duration").asText(), only);
        case "resize" ->
            notExported.add(
                "resize at "
                    + s.path("at").asText()
                    + ": a vertical resize is a deployment (stop, change type, start), not a fault FIS injects; run it by hand");
        default ->
            notExported.add(
                type
                    + " at "
                    + s.path("at").asText()
                    + ": an operator's DNS change, not a fault FIS injects");
      }
    }
    int moment = 0;
    for (List<JsonNode> failures : failuresAt.values()) {
      moment++;
      scheduledInstanceFailures(
          failuresAt.size() == 1 ? "ScheduledInstanceFailure" : "ScheduledInstanceFailure" + moment,
          failures,
          asg);
    }
    if (faults.has("az")) {
      JsonNode az = faults.get("az");
      String duration =
          Duration.ofSeconds(Math.round(az.path("meanDurationHours").asDouble() * 3600)).toString();
      ObjectNode sim = F.objectNode();
      ObjectNode o = sim.putArray("scheduled").addObject();
      o.put("type", "az-outage").put("az", azs.get(0)).put("at", "P1D").put("duration", duration);
      azOutage("RandomAzOutage", azs.get(0), duration, sim);
    }
    if (faults.has("database")
        && !experiments.stream().anyMatch(e -> e.id().equals("DatabaseFailover"))) {
      ObjectNode sim = F.objectNode();
      sim.putArray("scheduled").addObject().put("type", "db-failure").put("at", "P1D");
      database("DatabaseFailover", sim);
    }
    if (faults.has("instance") && ec2) {
      instanceFailure(faults.get("instance"), asg);
    }
    if (ec2 && arch.path("compute").path("purchase").path("spot").path("share").asDouble() > 0) {
      spot();
    }
    if (faults.has("region")) {
      ObjectNode sim = F.objectNode();
      sim.set("region", faults.get("region").deepCopy());
      regionNearest(
          "RandomRegionOutageNearest",
          Duration.ofSeconds(
                  Math.round(faults.get("region").path("meanDurationHours").asDouble() * 3600))
              .toString(),
          sim);
    }
  }

  private void azOutage(String id, String az, String duration, ObjectNode sim) {
    ObjectNode targets = F.objectNode();
    ObjectNode actions = F.objectNode();
    boolean ec2 = arch.has("compute");
    if (ec2) {
      ObjectNode inst = target(targets, "InstancesInAz", "aws:ec2:instance", "ALL");
      filters(inst, "State.Name", "running", "Placement.AvailabilityZone", az);
      action(actions, "StopInstances", "aws:ec2:stop-instances", "Instances", "InstancesInAz")
          .putObject("Parameters")
          .put("startInstancesAfterDuration", duration)
          .put("completeIfInstancesTerminated", "true");
      permissions.addAll(
          List.of("ec2:StopInstances", "ec2:StartInstances", "ec2:DescribeInstances"));
      if (arch.path("compute").has("autoScaling")) {
        target(targets, "AutoScalingGroups", "aws:ec2:autoscaling-group", "ALL");
        action(
                actions,
                "PauseAsgLaunches",
                "aws:ec2:asg-insufficient-instance-capacity-error",
                "AutoScalingGroups",
                "AutoScalingGroups")
            .putObject("Parameters")
            .put("availabilityZoneIdentifiers", az)
            .put("duration", duration)
            .put("percentage", "100");
        permissions.addAll(List.of("ec2:InjectApiError", "autoscaling:DescribeAutoScalingGroups"));
      }
    }
    ObjectNode subnets = target(targets, "SubnetsInAz", "aws:ec2:subnet", "ALL");
    filters(subnets, "AvailabilityZone", az);
    action(actions, "DisruptSubnets", "aws:network:disrupt-connectivity", "Subnets", "SubnetsInAz")
        .putObject("Parameters")
        .put("duration", duration)
        .put("scope", "all");
    networkPermissions();
    JsonNode db = arch.path("database");
    String primaryAz = db.path("primaryAz").asText(arch.path("azs").path(0).asText());
    if (db.has("engine")
        && !db.path("engine").asText().equals("dynamodb")
        && primaryAz.equals(az)) {
      databaseActions(targets, actions);
    }
    if (arch.path("cache").path("replicated").asBoolean(false)) {
      cacheActions(targets, actions, az, duration);
    }
    experiment(
        id,
        "AZ power interruption of "
            + az
            + " for "
            + duration
            + " (stop its instances, block launches, cut its subnets, fail over what has its primary there)",
        targets,
        actions,
        sim,
        "archsim simulates the whole AZ failing at once; FIS acts on the tagged resources only");
  }

  private void database(String id, ObjectNode sim) {
    JsonNode db = arch.path("database");
    if (!db.has("engine") || db.path("engine").asText().equals("dynamodb")) {
      notExported.add("database failure: DynamoDB has no writer to fail over");
      return;
    }
    ObjectNode targets = F.objectNode();
    ObjectNode actions = F.objectNode();
    databaseActions(targets, actions);
    experiment(
        id,
        "database writer failure: "
            + (db.path("engine").asText().equals("aurora")
                ? "Aurora cluster failover"
                : db.path("multiAz").asBoolean()
                    ? "RDS reboot with forced failover to the standby"
                    : "RDS reboot (single-AZ: no standby to fail over to)"),
        targets,
        actions,
        sim,
        null);
  }

  private void databaseActions(ObjectNode targets, ObjectNode actions) {
    JsonNode db = arch.path("database");
    if (db.path("engine").asText().equals("aurora")) {
      target(targets, "DbClusters", "aws:rds:cluster", "ALL");
      action(actions, "FailoverDbCluster", "aws:rds:failover-db-cluster", "Clusters", "DbClusters");
      permissions.addAll(List.of("rds:FailoverDBCluster", "rds:DescribeDBClusters"));
    } else {
      target(targets, "DbInstances", "aws:rds:db", "ALL");
      action(
              actions,
              "RebootDbInstances",
              "aws:rds:reboot-db-instances",
              "DBInstances",
              "DbInstances")
          .putObject("Parameters")
          .put("forceFailover", String.valueOf(db.path("multiAz").asBoolean(false)));
      permissions.addAll(List.of("rds:RebootDBInstance", "rds:DescribeDBInstances"));
    }
  }

  private void cache(String id, String az, ObjectNode sim) {
    if (!arch.path("cache").path("replicated").asBoolean(false)) {
      notExported.add(
          "cache node failure: FIS interrupts power only of Multi-AZ replication groups (the stage's cache is not replicated)");
      return;
    }
    ObjectNode targets = F.objectNode();
    ObjectNode actions = F.objectNode();
    cacheActions(targets, actions, az, "PT10M");
    experiment(
        id,
        "ElastiCache AZ power interruption in "
            + az
            + " (the nearest FIS action to losing one node)",
        targets,
        actions,
        sim,
        null);
  }

  private void cacheActions(ObjectNode targets, ObjectNode actions, String az, String duration) {
    ObjectNode rg = target(targets, "ReplicationGroups", "aws:elasticache:replicationgroup", "ALL");
    rg.putObject("Parameters").put("availabilityZoneIdentifier", az);
    action(
            actions,
            "InterruptCacheAzPower",
            "aws:elasticache:replicationgroup-interrupt-az-power",
            "ReplicationGroups",
            "ReplicationGroups")
        .putObject("Parameters")
        .put("duration", duration);
    permissions.addAll(
        List.of("elasticache:InterruptClusterAzPower", "elasticache:DescribeReplicationGroups"));
  }

  private void consumers(String id, String duration, ObjectNode sim) {
    ObjectNode targets = F.objectNode();
    ObjectNode actions = F.objectNode();
    target(targets, "ConsumerFunctions", "aws:lambda:function", "ALL");
    action(
            actions,
            "FailInvocations",
            "aws:lambda:invocation-error",
            "Functions",
            "ConsumerFunctions")
        .putObject("Parameters")
        .put("duration", duration)
        .put("invocationPercentage", "100")
        .put("preventExecution", "true");
    permissions.addAll(List.of("lambda:GetFunction", "s3:PutObject", "s3:DeleteObject"));
    experiment(
        id,
        "queue consumers fail every invocation for "
            + duration
            + " (tag the consumer functions, which need the FIS Lambda extension)",
        targets,
        actions,
        sim,
        null);
  }

  private void regionNearest(String id, String duration, ObjectNode sim) {
    ObjectNode targets = F.objectNode();
    ObjectNode actions = F.objectNode();
    target(targets, "AllSubnets", "aws:ec2:subnet", "ALL");
    action(
            actions,
            "DisruptAllSubnets",
            "aws:network:disrupt-connectivity",
            "Subnets",
            "AllSubnets")
        .putObject("Parameters")
        .put("duration", duration)
        .put("scope", "all");
    networkPermissions();
    notExported.add(
        "region outage: FIS has no region outage action; "
            + id
            + " only cuts the tagged subnets' connectivity, the nearest it can do");
    experiment(
        id,
        "NOT a region outage (FIS has none): every tagged subnet loses connectivity for "
            + duration,
        targets,
        actions,
        sim,
        "FIS cannot reproduce a region outage; compare with care");
  }

  /**
   * Random instance failures come one at a time (each instance at its MTBF), so the experiment
   * fails one instance: COUNT(1). The prediction is that one failure, scheduled a day in, with the
   * stage's recovery.
   */
  private void instanceFailure(JsonNode instance, boolean asg) {
    ObjectNode targets = F.objectNode();
    ObjectNode actions = F.objectNode();
    ObjectNode t = target(targets, "OneInstance", "aws:ec2:instance", "COUNT(1)");
    filters(t, "State.Name", "running");
    boolean replace = failAction(actions, "OneInstance", "Instance", asg);
    ObjectNode sim = recoveryOnly();
    String az = placedAzs().get(0);
    sim.putArray("scheduled")
        .addObject()
        .put("type", "instance-failure")
        .put("at", "P1D")
        .put("az", az);
    experiment(
        "InstanceFailure",
        replace
            ? "one tagged instance terminated (its group or auto-recovery replaces it)"
            : "one tagged instance stopped, started again after the operator's mean repair time",
        targets,
        actions,
        sim,
        "the stage's random failures (MTBF "
            + instance.path("mtbfHours").asText()
            + " h per instance) come one at a time; the prediction is one failure in "
            + az
            + " a day in, recovered as the stage recovers");
  }

  /**
   * Instances failing at the same moment: when they are the same share of every AZ's instances,
   * that share of the tagged fleet, PERCENT(p); otherwise COUNT(n) of the running instances in each
   * AZ. The prediction is exactly those scheduled failures.
   */
  private void scheduledInstanceFailures(String id, List<JsonNode> failures, boolean asg) {
    String at = failures.get(0).path("at").asText();
    if (!arch.has("compute")) {
      notExported.add(
          failures.size()
              + " instance failure(s) at "
              + at
              + ": the stage has no EC2 instances for FIS to stop or terminate");
      return;
    }
    java.util.Map<String, Integer> perAz = new java.util.LinkedHashMap<>();
    failures.forEach(f -> perAz.merge(f.path("az").asText(), 1, Integer::sum));
    java.util.Map<String, Integer> placed = placement();
    int fleet = placed.values().stream().mapToInt(Integer::intValue).sum();
    int failed = failures.size();
    boolean evenShare =
        fleet > 0
            && (100L * failed) % fleet == 0
            && placed.entrySet().stream()
                .allMatch(
                    e ->
                        (long) perAz.getOrDefault(e.getKey(), 0) * fleet
                            == (long) failed * e.getValue())
            && placed.keySet().containsAll(perAz.keySet());
    ObjectNode targets = F.objectNode();
    ObjectNode actions = F.objectNode();
    boolean replace;
    String selection;
    if (evenShare) {
      int percent = (int) (100L * failed / fleet);
      selection = "PERCENT(" + percent + ")";
      ObjectNode t = target(targets, "ShareOfFleet", "aws:ec2:instance", selection);
      filters(t, "State.Name", "running");
      replace = failAction(actions, "ShareOfFleet", "Instances", asg);
      selection = percent + " % of the tagged fleet (" + failed + " of " + fleet + ")";
    } else {
      replace = true;
      StringBuilder what = new StringBuilder();
      for (java.util.Map.Entry<String, Integer> e : perAz.entrySet()) {
        String name = "InstancesIn" + e.getKey().replaceAll("[^A-Za-z0-9]", "");
        ObjectNode t = target(targets, name, "aws:ec2:instance", "COUNT(" + e.getValue() + ")");
        filters(t, "State.Name", "running", "Placement.AvailabilityZone", e.getKey());
        replace = failAction(actions, name, name.replace("InstancesIn", "In"), asg);
        what.append(what.length() == 0 ? "" : ", ")
            .append(e.getValue())
            .append(" in ")
            .append(e.getKey());
      }
      selection = what.toString();
    }
    ObjectNode sim = recoveryOnly();
    ArrayNode scheduled = sim.putArray("scheduled");
    failures.forEach(f -> scheduled.add(f.deepCopy()));
    experiment(
        id,
        (replace ? "terminate " : "stop ")
            + selection
            + " at once, as the stage's "
            + failed
            + " instance failure(s) at "
            + at,
        targets,
        actions,
        sim,
        evenShare
            ? "FIS picks the instances at random over the AZs; the stage fails the same share of"
                + " each AZ"
            : null);
  }

  /**
   * The action that fails the target's instances: terminate them when a group or auto-recovery
   * replaces them, else stop them and start them again after the operator's repair time (or leave
   * them stopped when nothing repairs them). True when it terminates.
   */
  private boolean failAction(ObjectNode actions, String target, String suffix, boolean asg) {
    JsonNode recovery = faults.path("instance").path("recovery");
    boolean replace = asg || "replace".equals(recovery.path("type").asText());
    if (replace) {
      action(actions, "Terminate" + suffix, "aws:ec2:terminate-instances", "Instances", target);
      permissions.addAll(List.of("ec2:TerminateInstances", "ec2:DescribeInstances"));
      return true;
    }
    ObjectNode a = action(actions, "Stop" + suffix, "aws:ec2:stop-instances", "Instances", target);
    if (recovery.has("mttrMinutes")) {
      long minutes = Math.round(recovery.path("mttrMinutes").asDouble());
      a.putObject("Parameters")
          .put("startInstancesAfterDuration", Duration.ofMinutes(minutes).toString());
    }
    permissions.addAll(List.of("ec2:StopInstances", "ec2:StartInstances", "ec2:DescribeInstances"));
    return false;
  }

  /**
   * Faults that only say how a failed instance recovers: the stage's {@code instance} recovery with
   * an MTBF of 10^9 hours, so no random failure adds to the experiment's (the chance of one in a
   * 30-day horizon is below 10^-6 for a thousand instances).
   */
  private ObjectNode recoveryOnly() {
    ObjectNode sim = F.objectNode();
    if (faults.has("instance")) {
      ObjectNode i = faults.get("instance").deepCopy();
      i.put("mtbfHours", 1_000_000_000);
      sim.set("instance", i);
    }
    return sim;
  }

  /**
   * Instances per AZ at the start: the compute tier's placement, or {@code countPerAz} (default 1)
   * in every AZ of the stage.
   */
  private java.util.Map<String, Integer> placement() {
    java.util.Map<String, Integer> placed = new java.util.LinkedHashMap<>();
    JsonNode compute = arch.path("compute");
    if (compute.has("placement")) {
      compute
          .get("placement")
          .fields()
          .forEachRemaining(e -> placed.put(e.getKey(), e.getValue().asInt()));
    } else {
      arch.path("azs").forEach(a -> placed.put(a.asText(), compute.path("countPerAz").asInt(1)));
    }
    return placed;
  }

  /** The AZs holding instances at the start, in the stage's order (the first AZ if none). */
  private List<String> placedAzs() {
    java.util.Map<String, Integer> placed = placement();
    List<String> azs = new ArrayList<>();
    arch.path("azs")
        .forEach(
            a -> {
              if (placed.getOrDefault(a.asText(), 0) > 0) {
                azs.add(a.asText());
              }
            });
    if (azs.isEmpty()) {
      azs.add(arch.path("azs").path(0).asText());
    }
    return azs;
  }

  private void spot() {
    ObjectNode targets = F.objectNode();
    ObjectNode actions = F.objectNode();
    ObjectNode t = target(targets, "OneSpotInstance", "aws:ec2:spot-instance", "COUNT(1)");
    filters(t, "State.Name", "running");
    action(
            actions,
            "InterruptSpot",
            "aws:ec2:send-spot-instance-interruptions",
            "SpotInstances",
            "OneSpotInstance")
        .putObject("Parameters")
        .put("durationBeforeInterruption", "PT2M");
    permissions.addAll(List.of("ec2:SendSpotInstanceInterruptions", "ec2:DescribeInstances"));
    ObjectNode sim = F.objectNode();
    sim.putArray("scheduled");
    experiment(
        "SpotInterruption",
        "a two-minute interruption notice to one tagged spot instance",
        targets,
        actions,
        sim,
        "the prediction is the stage's spot interruptions at their monthly rate, read per incident");
  }

  // ------------------------------------------------------------------ template pieces

  private ObjectNode target(ObjectNode targets, String name, String type, String selection) {
    ObjectNode t = targets.putObject(name);
    t.put("ResourceType", type);
    ObjectNode tags = t.putObject("ResourceTags");
    tags.set("archsim-target", ref("TargetTagValue"));
    t.put("SelectionMode", selection);
    permissions.add("tag:GetResources");
    return t;
  }

  private static void filters(ObjectNode target, String... pathValues) {
    ArrayNode f = target.putArray("Filters");
    for (int i = 0; i < pathValues.length; i += 2) {
      ObjectNode x = f.addObject();
      x.put("Path", pathValues[i]);
      x.putArray("Values").add(pathValues[i + 1]);
    }
  }

  private static ObjectNode action(
      ObjectNode actions, String name, String actionId, String role, String target) {
    ObjectNode a = actions.putObject(name);
    a.put("ActionId", actionId);
    a.putObject("Targets").put(role, target);
    return a;
  }

  private void networkPermissions() {
    permissions.addAll(
        List.of(
            "ec2:CreateNetworkAcl",
            "ec2:CreateNetworkAclEntry",
            "ec2:CreateTags",
            "ec2:DeleteNetworkAcl",
            "ec2:DescribeManagedPrefixLists",
            "ec2:DescribeNetworkAcls",
            "ec2:DescribeSubnets",
            "ec2:DescribeVpcs",
            "ec2:GetManagedPrefixListEntries",
            "ec2:ReplaceNetworkAclAssociation"));
  }

  private void experiment(
      String id,
      String description,
      ObjectNode targets,
      ObjectNode actions,
      ObjectNode sim,
      String note) {
    ObjectNode r = resources.putObject(id);
    r.put("Type", "AWS::FIS::ExperimentTemplate");
    ObjectNode p = r.putObject("Properties");
    p.put("Description", description.length() > 512 ? description.substring(0, 512) : description);
    p.set("RoleArn", getAtt("FisExperimentRole", "Arn"));
    p.set(
        "StopConditions",
        stopConditions.isEmpty()
            ? F.arrayNode().add(F.objectNode().put("Source", "none"))
            : stopConditions.deepCopy());
    p.set("Targets", targets);
    p.set("Actions", actions);
    p.putObject("ExperimentOptions").put("EmptyTargetResolutionMode", "fail");
    p.putObject("Tags")
        .put("archsim-stage", stage.path("name").asText())
        .put("archsim-experiment", id);
    experiments.add(new Experiment(id, description, sim, note));
  }

  private void role() {
    ObjectNode r = resources.putObject("FisExperimentRole");
    r.put("Type", "AWS::IAM::Role");
    ObjectNode p = r.putObject("Properties");
    ObjectNode trust = p.putObject("AssumeRolePolicyDocument");
    trust.put("Version", "2012-10-17");
    ObjectNode st = trust.putArray("Statement").addObject();
    st.put("Effect", "Allow");
    st.putObject("Principal").put("Service", "fis.amazonaws.com");
    st.put("Action", "sts:AssumeRole");
    ObjectNode policy = p.putArray("Policies").addObject();
    policy.put("PolicyName", "archsim-fis-actions");
    ObjectNode doc = policy.putObject("PolicyDocument");
    doc.put("Version", "2012-10-17");
    ObjectNode allow = doc.putArray("Statement").addObject();
    allow.put("Effect", "Allow");
    ArrayNode actions = allow.putArray("Action");
    permissions.stream().sorted().forEach(actions::add);
    allow.put("Resource", "*");
  }

  /**
   * CloudWatch alarms at the stage's objectives on the entry's metrics; FIS stops when one fires.
   */
  private void stopConditions() {
    String entry = arch.path("entry").path("type").asText();
    Double availability =
        objectives.has("availability") ? objectives.get("availability").asDouble() : null;
    Double p99 = objectives.has("latencyP99Ms") ? objectives.get("latencyP99Ms").asDouble() : null;
    if (entry.equals("alb")) {
      parameters
          .putObject("LoadBalancerFullName")
          .put("Type", "String")
          .put(
              "Description",
              "the load balancer's LoadBalancerFullName (app/NAME/ID), for the stop-condition alarms");
      ObjectNode dims = dims("LoadBalancer", "LoadBalancerFullName");
      if (availability != null) {
        ratioAlarm(
            "AvailabilityAlarm",
            "AWS/ApplicationELB",
            dims,
            List.of("HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count"),
            "RequestCount",
            failedShare(availability));
      }
      if (p99 != null) {
        percentileAlarm(
            "LatencyAlarm", "AWS/ApplicationELB", "TargetResponseTime", dims, p99 / 1000.0);
      }
    } else if (entry.equals("api-gateway")) {
      boolean rest = "rest".equals(arch.path("entry").path("api").asText("http"));
      String param = rest ? "ApiName" : "ApiId";
      parameters
          .putObject(param)
          .put("Type", "String")
          .put(
              "Description",
              "the API's " + (rest ? "name" : "id") + ", for the stop-condition alarms");
      ObjectNode dims = dims(param, param);
      if (availability != null) {
        ratioAlarm(
            "AvailabilityAlarm",
            "AWS/ApiGateway",
            dims,
            List.of(rest ? "5XXError" : "5xx"),
            "Count",
            failedShare(availability));
      }
      if (p99 != null) {
        percentileAlarm("LatencyAlarm", "AWS/ApiGateway", "Latency", dims, p99);
      }
    } else {
      notExported.add(
          "stop conditions: a "
              + entry
              + " entry has no CloudWatch request metrics; the experiments run without a stop condition");
    }
  }

  /** 1 - availability without binary noise (0.999 gives 0.001, not 0.0010000000000000009). */
  private static double failedShare(double availability) {
    return java.math.BigDecimal.ONE
        .subtract(java.math.BigDecimal.valueOf(availability))
        .doubleValue();
  }

  private static ObjectNode dims(String name, String parameter) {
    ObjectNode d = F.objectNode();
    d.put("Name", name);
    d.set("Value", ref(parameter));
    return d;
  }

  private void ratioAlarm(
      String id, String ns, ObjectNode dims, List<String> errors, String total, double threshold) {
    ObjectNode p = alarm(id, "archsim objective: failed share of requests above " + threshold);
    ArrayNode metrics = p.putArray("Metrics");
    StringBuilder expr = new StringBuilder("(");
    for (int i = 0; i < errors.size(); i++) {
      metric(metrics, "e" + i, ns, errors.get(i), dims, "Sum");
      expr.append(i == 0 ? "" : " + ").append("FILL(e").append(i).append(", 0)");
    }
    metric(metrics, "total", ns, total, dims, "Sum");
    ObjectNode e = metrics.addObject();
    e.put("Id", "failedShare");
    e.put("Expression", expr.append(") / total").toString());
    e.put("ReturnData", true);
    p.put("Threshold", threshold);
    stopConditions
        .addObject()
        .put("Source", "aws:cloudwatch:alarm")
        .set("Value", getAtt(id, "Arn"));
  }

  private void percentileAlarm(
      String id, String ns, String metric, ObjectNode dims, double threshold) {
    ObjectNode p = alarm(id, "archsim objective: p99 latency above " + threshold);
    p.put("Namespace", ns);
    p.put("MetricName", metric);
    p.putArray("Dimensions").add(dims.deepCopy());
    p.put("ExtendedStatistic", "p99");
    p.put("Period", 60);
    p.put("Threshold", threshold);
    stopConditions
        .addObject()
        .put("Source", "aws:cloudwatch:alarm")
        .set("Value", getAtt(id, "Arn"));
  }

  private ObjectNode alarm(String id, String description) {
    ObjectNode r = resources.putObject(id);
    r.put("Type", "AWS::CloudWatch::Alarm");
    ObjectNode p = r.putObject("Properties");
    p.put("AlarmDescription", description);
    p.put("ComparisonOperator", "GreaterThanThreshold");
    p.put("EvaluationPeriods", 5);
    p.put("DatapointsToAlarm", 3);
    p.put("TreatMissingData", "notBreaching");
    return p;
  }

  private static void metric(
      ArrayNode metrics, String id, String ns, String name, ObjectNode dims, String stat) {
    ObjectNode m = metrics.addObject();
    m.put("Id", id);
    ObjectNode ms = m.putObject("MetricStat");
    ObjectNode metric = ms.putObject("Metric");
    metric.put("Namespace", ns);
    metric.put("MetricName", name);
    metric.putArray("Dimensions").add(dims.deepCopy());
    ms.put("Period", 60);
    ms.put("Stat", stat);
    m.put("ReturnData", false);
  }

  private static ObjectNode ref(String name) {
    return F.objectNode().put("Ref", name);
  }

  private static ObjectNode getAtt(String resource, String attribute) {
    ObjectNode o = F.objectNode();
    o.putArray("Fn::GetAtt").add(resource).add(attribute);
    return o;
  }

  private static String tagValue(String stageName) {
    String v = stageName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9+\\-=._:/@ ]", "-");
    return v.isEmpty() ? "archsim" : v;
  }
}
