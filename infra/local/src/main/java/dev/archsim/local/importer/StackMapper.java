package dev.archsim.local.importer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.engine.validate.Violation;
import dev.archsim.local.importer.ImportReport.Status;
import dev.archsim.local.importer.Value.ResourceRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Maps a stack's resources onto the architecture of one scenario stage: the load balancer (or API,
 * Elastic IPs, Route 53 records) as the entry, the Auto Scaling group (or instances, or the Lambda
 * function behind the API) as the compute tier, the first database, cache, distribution and
 * consumed queue. Everything the stage cannot hold is reported with the reason. Every value the
 * stack does not give is written out with its default, and {@link #origins()} tells which scenario
 * path came from which template path.
 */
final class StackMapper {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final List<StackResource> resources;
  private final Map<String, StackResource> byId = new LinkedHashMap<>();
  private final ImportReport report;
  private final Props props;
  private final String region;
  private final Map<String, String> origins = new LinkedHashMap<>();

  StackMapper(List<StackResource> resources, String region, ImportReport report) {
    this.resources = resources;
    resources.forEach(r -> byId.put(r.id(), r));
    this.region = region;
    this.report = report;
    this.props = new Props(report);
  }

  /** Scenario path (as the validator prints it) → template path the value came from. */
  Map<String, String> origins() {
    return origins;
  }

  private static final String ARCH = "$.stages[0].architecture";

  /** The architecture, or null when nothing in the stack can be simulated. */
  ObjectNode architecture() {
    ObjectNode arch = F.objectNode();
    arch.put("region", region);
    List<StackResource> asgs = ofType("AWS::AutoScaling::AutoScalingGroup");
    List<StackResource> instances = ofType("AWS::EC2::Instance");
    List<StackResource> functions = ofType("AWS::Lambda::Function");
    StackResource lb = pickLoadBalancer();
    entryLb = lb;
    ObjectNode compute = null;
    ObjectNode fn = null;
    List<String> computeSubnets = new ArrayList<>();
    List<StackResource> services = ofType("AWS::ECS::Service");
    List<StackResource> plainAsgs = asgs.stream().filter(a -> !ecsCapacity(a)).toList();
    List<StackResource> lbTargets = lb == null ? List.of() : targetGroups(lb);
    // the service is the stage's compute when no other group serves, or when the entry sends to it
    StackResource service =
        services.stream()
            .filter(
                sv ->
                    plainAsgs.isEmpty()
                        || Props.refs(sv, "LoadBalancers").stream()
                            .anyMatch(t -> lbTargets.stream().anyMatch(g -> g.id().equals(t))))
            .findFirst()
            .orElse(null);
    ObjectNode ecs = null;
    if (service == null) {
      for (StackResource sv : services) {
        unsupported(
            sv, "a container service beside the EC2 compute tier (a stage holds one compute tier)");
      }
    } else {
      services = new ArrayList<>(services);
      services.remove(service);
      services.add(0, service);
      for (StackResource other : services.subList(1, services.size())) {
        unsupported(
            other, "a second container service (a stage holds one; import " + service.id() + ")");
      }
      asgs = asgs.stream().filter(a -> !ecsCapacity(a)).toList();
      computeSubnets.addAll(
          Props.refs(service, "NetworkConfiguration.AwsvpcConfiguration.Subnets"));
    }
    StackResource asg = asgs.isEmpty() || service != null ? null : pickAsg(asgs, lb);
    if (service != null) {
      for (StackResource other : asgs) {
        unsupported(other, "a second compute tier beside the container service " + service.id());
      }
    }
    if (asg != null) {
      for (StackResource other : asgs) {
        if (other != asg) {
          unsupported(other, "a second compute tier (a stage holds one; import " + asg.id() + ")");
        }
      }
      computeSubnets.addAll(Props.refs(asg, "VPCZoneIdentifier"));
    } else if (!instances.isEmpty()) {
      computeSubnets.addAll(
          instances.stream().map(i -> Props.ref(i, "SubnetId")).filter(s -> s != null).toList());
    }
    List<String> azs = availabilityZones(computeSubnets, asg, instances);
    ArrayNode azNode = arch.putArray("azs");
    azs.forEach(azNode::add);
    if (service != null) {
      ecs = ecsService(service);
      compute = ecs;
    } else if (asg != null) {
      compute = asgTier(asg, azs);
    } else if (!instances.isEmpty()) {
      compute = instanceTier(instances, azs);
    }
    ObjectNode entry;
    if (compute != null) {
      entry = computeEntry(lb, compute);
      ofType("AWS::Lambda::Function")
          .forEach(
              f -> {
                if (!consumers().contains(f.id())) {
                  unsupported(
                      f, "a function beside the EC2 compute tier (a stage holds one compute tier)");
                }
              });
    } else {
      StackResource api = pickApi();
      StackResource function = pickFunction(functions, api);
      if (function == null) {
        classifyRest();
        return null;
      }
      fn = functionTier(function);
      entry = apiEntry(api, function);
      for (StackResource f : functions) {
        if (f != function && !consumers().contains(f.id()) && triggeredByRule(f)) {
          report.add(
              f.id(),
              f.sourceType(),
              Status.IGNORED,
              "runs on a schedule or an event rule, outside the request path");
        } else if (f != function && !consumers().contains(f.id())) {
          unsupported(
              f,
              "a second function tier (a stage holds one; import "
                  + function.id()
                  + ", which serves the API)");
        }
      }
      if (lb != null) {
        unsupported(
            lb,
            "a load balancer in front of Lambda functions (the model puts API Gateway in front of functions)");
      }
    }
    arch.set("entry", entry);
    if (ecs != null) {
      arch.set("ecs", ecs);
    } else if (compute != null) {
      arch.set("compute", compute);
    } else {
      arch.set("functions", fn);
    }
    ObjectNode cdn = cdn();
    if (cdn != null) {
      arch.set("cdn", cdn);
    }
    ObjectNode database = database(azs);
    ObjectNode cache = cache(database != null);
    if (cache != null) {
      arch.set("cache", cache);
    }
    if (database != null) {
      arch.set("database", database);
    }
    ObjectNode queue = queue(database != null);
    if (queue != null) {
      arch.set("queue", queue);
    }
    resolveBacklogPolicies();
    egressAndOperations(arch, azs, compute != null, entry, cdn != null);
    routeRecords(lb != null && compute != null);
    classifyRest();
    return arch;
  }

  // ---------------------------------------------------------------- egress, WAF, ops, S3

  private static final String GATEWAY_SERVICES = "s3|dynamodb";

  private void egressAndOperations(
      ObjectNode arch, List<String> azs, boolean ec2, ObjectNode entry, boolean hasCdn) {
    natGateways(arch, azs, ec2);
    vpcEndpoints(arch, ec2);
    waf(arch, entry, hasCdn);
    cloudWatch(arch);
    s3(arch);
  }

  private void natGateways(ObjectNode arch, List<String> azs, boolean ec2) {
    List<StackResource> nats = new ArrayList<>();
    for (StackResource n : ofType("AWS::EC2::NatGateway")) {
      if ("private".equalsIgnoreCase(props.str(n, "ConnectivityType"))) {
        unsupported(
            n,
            "a private NAT gateway (ConnectivityType private): no internet egress, so not in"
                + " natGateways; it carries traffic to other VPCs or on-premises networks through a"
                + " transit gateway or virtual private gateway, which archsim does not model"
                + " (modelling it would take that private path, its AZ dependency and its hourly"
                + " and per-GB charge)");
      } else {
        nats.add(n);
      }
    }
    if (nats.isEmpty()) {
      return;
    }
    if (!ec2) {
      nats.forEach(
          n ->
              unsupported(n, "a NAT gateway for a Lambda tier (the model routes EC2 egress only)"));
      return;
    }
    Set<String> natAzs = new LinkedHashSet<>();
    for (StackResource n : nats) {
      if (byId.get(natSubnet(n)) instanceof StackResource subnet
          && Props.get(subnet, "AvailabilityZone") instanceof String az) {
        String inRegion = az.startsWith(region) ? az : region + az.substring(az.length() - 1);
        natAzs.add(inRegion);
      }
    }
    ObjectNode nat = arch.putObject("natGateways");
    boolean perAz = natAzs.containsAll(azs) || (natAzs.isEmpty() && nats.size() >= azs.size());
    if (perAz) {
      nat.put("placement", "per-az");
    } else {
      nat.put("placement", "single");
      String az = natAzs.stream().filter(azs::contains).findFirst().orElse(azs.get(0));
      nat.put("az", az);
      if (natAzs.isEmpty()) {
        assume(ARCH + ".natGateways.az", az + " (no subnet of the NAT gateways names its AZ)");
      }
    }
    for (StackResource n : nats) {
      mapped(
          n,
          "natGateways: "
              + (perAz
                  ? "one per AZ (" + nats.size() + " gateways over " + azs.size() + " AZs)"
                  : "single, in "
                      + nat.path("az").asText()
                      + ", shared by "
                      + azs.size()
                      + " AZs"));
    }
    origin(ARCH + ".natGateways.placement", nats.get(0), "SubnetId");
    report.assume(
        "workload.profile.egressShare: the share of requests that call out through the NAT"
            + " gateways is not in the template; set it (and egressKb) to bill and fail egress");
  }

  /**
   * The subnet of a NAT gateway: the one it names, or, when a Terraform count refers to a list of
   * subnets, the subnet with the gateway's own index; null when that is not known.
   */
  private String natSubnet(StackResource n) {
    if (Props.get(n, "SubnetId") instanceof ResourceRef ref) {
      return ref.resource();
    }
    List<String> subnets = Props.refs(n, "SubnetId");
    if (subnets.size() == 1) {
      return subnets.get(0);
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\[\\d+])$").matcher(n.id());
    if (m.find()) {
      String index = m.group(1);
      List<String> same = subnets.stream().filter(s -> s.endsWith(index)).toList();
      return same.size() == 1 ? same.get(0) : null;
    }
    return null;
  }

  private void vpcEndpoints(ObjectNode arch, boolean ec2) {
    List<StackResource> eps = ofType("AWS::EC2::VPCEndpoint");
    if (eps.isEmpty()) {
      return;
    }
    if (!ec2) {
      eps.forEach(
          e ->
              unsupported(
                  e, "a VPC endpoint for a Lambda tier (the model routes EC2 egress only)"));
      return;
    }
    ObjectNode node = F.objectNode();
    for (StackResource e : eps) {
      String name = props.str(e, "ServiceName");
      String service =
          name == null
              ? null
              : name.replaceFirst("^(aws\\.sagemaker\\.)?com\\.amazonaws\\.[^.]+\\.", "");
      if (service == null || service.isBlank() || service.contains("${")) {
        unsupported(e, "an endpoint whose service is only known once deployed");
        continue;
      }
      String typeText = props.str(e, "VpcEndpointType");
      String kind = typeText == null ? "gateway" : typeText.toLowerCase(java.util.Locale.ROOT);
      if (!kind.equals("gateway") && !kind.equals("interface")) {
        unsupported(
            e, "a " + typeText + " endpoint (the model has gateway and interface endpoints)");
        continue;
      }
      if (kind.equals("gateway") && !service.matches(GATEWAY_SERVICES)) {
        unsupported(e, "a gateway endpoint for " + service + " (AWS has them for S3 and DynamoDB)");
        continue;
      }
      ArrayNode list = node.has(kind) ? (ArrayNode) node.get(kind) : node.putArray(kind);
      ObjectNode item = list.addObject();
      item.put("service", service);
      item.put("share", 0.0);
      String at = ARCH + ".vpcEndpoints." + kind + "[" + (list.size() - 1) + "]";
      origin(at + ".service", e, "ServiceName");
      assume(
          at + ".share",
          "0 (the share of egress bound for " + service + " is not in the template; set it)");
      mapped(e, "vpcEndpoints." + kind + ": " + service);
    }
    if (!node.isEmpty()) {
      arch.set("vpcEndpoints", node);
    }
  }

  private void waf(ObjectNode arch, ObjectNode entry, boolean hasCdn) {
    List<StackResource> acls = ofType("AWS::WAFv2::WebACL");
    if (acls.isEmpty()) {
      return;
    }
    String entryType = entry.path("type").asText();
    boolean entryWafable =
        entryType.equals("alb")
            || (entryType.equals("api-gateway") && entry.path("api").asText().equals("rest"));
    Set<String> protect = new LinkedHashSet<>();
    int rules = 0;
    for (StackResource acl : acls) {
      String scope = props.str(acl, "Scope");
      String what = null;
      if ("CLOUDFRONT".equalsIgnoreCase(scope)) {
        if (hasCdn) {
          what = "cloudfront";
        } else {
          unsupported(acl, "a CloudFront web ACL with no imported distribution");
        }
      } else {
        List<StackResource> assocs =
            referencing(acl.id(), r -> r.type().equals("AWS::WAFv2::WebACLAssociation"));
        boolean onEntry =
            assocs.stream()
                .anyMatch(
                    a ->
                        CfnTemplate.refsIn(a.properties()).stream()
                            .map(byId::get)
                            .anyMatch(
                                t ->
                                    t != null
                                        && (t.type()
                                                .equals("AWS::ElasticLoadBalancingV2::LoadBalancer")
                                            || t.type().startsWith("AWS::ApiGateway::"))));
        if (onEntry && entryWafable) {
          what = "entry";
          assocs.forEach(a -> mapped(a, "attaches " + acl.id() + " to the entry (waf.protect)"));
        } else if (onEntry) {
          unsupported(
              acl, "a web ACL on a " + entryType + " entry (AWS WAF protects ALBs and REST APIs)");
        } else {
          unsupported(acl, "a regional web ACL associated with nothing the stage imports");
        }
      }
      if (what != null) {
        protect.add(what);
        int n = Props.list(acl, "Rules").size();
        rules = Math.max(rules, n);
        mapped(acl, "waf: protects " + what + ", " + n + " rules");
      }
    }
    if (protect.isEmpty()) {
      return;
    }
    ObjectNode w = arch.putObject("waf");
    ArrayNode p = w.putArray("protect");
    protect.forEach(p::add);
    w.put("rules", rules);
    if (acls.size() > 1) {
      assume(ARCH + ".waf.rules", rules + ", the most rules of any imported web ACL");
    }
  }

  private void cloudWatch(ObjectNode arch) {
    List<StackResource> alarms = ofType("AWS::CloudWatch::Alarm");
    List<StackResource> logs = ofType("AWS::Logs::LogGroup");
    if (alarms.isEmpty() && logs.isEmpty()) {
      return;
    }
    ObjectNode cw = arch.putObject("cloudWatch");
    cw.put("alarms", alarms.size());
    for (StackResource a : alarms) {
      if (!reported(a)) {
        mapped(a, "counted in cloudWatch.alarms (" + alarms.size() + ")");
      }
    }
    if (!logs.isEmpty()) {
      int retention = 0;
      boolean forever = false;
      for (StackResource g : logs) {
        Integer days = props.integer(g, "RetentionInDays");
        if (days == null || days <= 0) {
          forever = true;
        } else {
          retention = Math.max(retention, days);
        }
      }
      int kept = forever ? 0 : retention;
      cw.put("retentionDays", kept);
      String text =
          kept == 0
              ? "the stage keeps logs forever (a group has no retention)"
              : "the stage keeps " + kept + " days, the longest";
      for (StackResource g : logs) {
        Integer days = props.integer(g, "RetentionInDays");
        boolean own = days == null || days <= 0 ? kept == 0 : days == kept;
        String mine = days == null || days <= 0 ? "no retention" : "retention " + days + " days";
        mapped(g, "cloudWatch.retentionDays: " + mine + (own ? "" : "; " + text));
      }
      if (logs.size() > 1) {
        assume(
            ARCH + ".cloudWatch.retentionDays",
            kept == 0
                ? "0: a log group without retention keeps its logs forever"
                : kept + ", the longest retention of the log groups");
      }
      assume(
          ARCH + ".cloudWatch.logKbPerRequest",
          "0 (the log volume is not in the template; set it to bill ingestion and storage)");
    }
  }

  private static final Set<String> S3_CLASSES = Set.of("STANDARD_IA", "GLACIER", "DEEP_ARCHIVE");

  private void s3(ObjectNode arch) {
    List<StackResource> buckets =
        ofType("AWS::S3::Bucket", "aws_s3_bucket_lifecycle_configuration").stream()
            .filter(b -> !Props.list(b, "LifecycleConfiguration.Rules").isEmpty())
            .toList();
    if (buckets.isEmpty()) {
      return;
    }
    StackResource b = buckets.get(0);
    java.util.TreeMap<Integer, String> transitions = new java.util.TreeMap<>();
    List<String> skipped = new ArrayList<>();
    List<String> byDate = new ArrayList<>();
    List<Object> rules = Props.list(b, "LifecycleConfiguration.Rules");
    for (int ri = 0; ri < rules.size(); ri++) {
      if (!(rules.get(ri) instanceof Map<?, ?> m) || "Disabled".equals(m.get("Status"))) {
        continue;
      }
      Map<String, Object> ts = new LinkedHashMap<>();
      String rulePath = "LifecycleConfiguration.Rules[" + ri + "].";
      if (m.get("Transitions") instanceof List<?> l) {
        for (int ti = 0; ti < l.size(); ti++) {
          ts.put(rulePath + "Transitions[" + ti + "]", l.get(ti));
        }
      }
      if (m.get("Transition") instanceof Map<?, ?> one) {
        ts.put(rulePath + "Transition", one);
      }
      for (Map.Entry<String, Object> te : ts.entrySet()) {
        if (!(te.getValue() instanceof Map<?, ?> tm)) {
          continue;
        }
        String cls = String.valueOf(tm.get("StorageClass"));
        Object date = tm.get("TransitionDate");
        if (tm.get("TransitionInDays") != null) {
          Double days = parse(CfnTemplate.scalarText(tm.get("TransitionInDays")));
          if (days == null || !S3_CLASSES.contains(cls)) {
            skipped.add(cls);
            continue;
          }
          int age = days.intValue();
          if (tm.get("DaysCountedFrom") instanceof String from) {
            // a date: AWS moves every object on that day; archsim moves objects by age
            if ("STANDARD_IA".equals(cls)
                && age < dev.archsim.engine.model.S3Storage.MIN_DAYS_BEFORE_IA) {
              age = dev.archsim.engine.model.S3Storage.MIN_DAYS_BEFORE_IA;
            }
            byDate.add(
                cls
                    + " on "
                    + CfnTemplate.scalarText(date)
                    + " became "
                    + age
                    + " days (whole days from the plan's timestamp "
                    + from
                    + (age == days.intValue()
                        ? ""
                        : ", raised to the "
                            + dev.archsim.engine.model.S3Storage.MIN_DAYS_BEFORE_IA
                            + "-day minimum")
                    + "; AWS moves every object on that date, archsim moves each object at that"
                    + " age)");
          }
          transitions.merge(age, cls, (x, y) -> x);
        } else if (date != null && TerraformTypes.dateOf(CfnTemplate.scalarText(date)) == null) {
          report.problem(
              Violation.warning(
                  b.at(te.getKey() + ".TransitionDate"),
                  "'"
                      + CfnTemplate.scalarText(date)
                      + "' is not a date (YYYY-MM-DD or an ISO 8601 time); the transition is not"
                      + " imported"));
        } else if (date != null) {
          skipped.add(
              cls
                  + " on "
                  + CfnTemplate.scalarText(date)
                  + " (a transition by date: the stack gives no time to count its days from; set"
                  + " s3.lifecycle days by hand)");
        }
      }
    }
    if (transitions.isEmpty()) {
      unsupported(
          b,
          "lifecycle rules with no transition the model has (STANDARD_IA, GLACIER, DEEP_ARCHIVE"
              + " by days)"
              + (skipped.isEmpty() ? "" : "; not modelled: " + String.join(", ", skipped)));
      return;
    }
    byDate.forEach(d -> assume(ARCH + ".s3.lifecycle", d));
    ObjectNode s = arch.putObject("s3");
    s.put("initialGb", 0);
    s.put("gbPerMonth", 0);
    ArrayNode lc = s.putArray("lifecycle");
    StringBuilder text = new StringBuilder();
    Set<String> seen = new LinkedHashSet<>();
    for (Map.Entry<Integer, String> t : transitions.entrySet()) {
      if (lc.size() == 3 || !seen.add(t.getValue())) {
        skipped.add(t.getValue() + " at " + t.getKey() + " days");
        continue;
      }
      ObjectNode o = lc.addObject();
      o.put("days", t.getKey());
      o.put("storageClass", t.getValue());
      text.append(text.isEmpty() ? "" : ", ")
          .append(t.getValue())
          .append(" at ")
          .append(t.getKey())
          .append(" days");
    }
    origin(ARCH + ".s3.lifecycle", b, "LifecycleConfiguration");
    if (byId.get(Props.ref(b, "Bucket")) instanceof StackResource bucket && !reported(bucket)) {
      mapped(bucket, "the bucket of the s3 section (its lifecycle rules are in " + b.id() + ")");
    }
    assume(
        ARCH + ".s3.gbPerMonth",
        "0 GB stored and written (not in the template; set initialGb and gbPerMonth)");
    mapped(
        b,
        "s3.lifecycle: "
            + text
            + (skipped.isEmpty() ? "" : "; not modelled: " + String.join(", ", skipped)));
    buckets
        .subList(1, buckets.size())
        .forEach(
            o ->
                unsupported(
                    o,
                    "a second bucket with lifecycle rules (a stage holds one s3 section; import "
                        + b.id()
                        + ")"));
  }

  // ---------------------------------------------------------------- helpers

  private List<StackResource> ofType(String... types) {
    Set<String> wanted = Set.of(types);
    return resources.stream().filter(r -> wanted.contains(r.type())).toList();
  }

  private List<StackResource> referencing(String id, Predicate<StackResource> filter) {
    return resources.stream()
        .filter(filter)
        .filter(r -> CfnTemplate.refsIn(r.properties()).contains(id))
        .toList();
  }

  private void mapped(StackResource r, String what) {
    report.add(r.id(), r.sourceType(), Status.MAPPED, what);
  }

  private void unsupported(StackResource r, String why) {
    report.add(r.id(), r.sourceType(), Status.UNSUPPORTED, why);
  }

  private boolean reported(StackResource r) {
    return report.lines().stream().anyMatch(l -> l.resource().equals(r.id()));
  }

  private void origin(String scenarioPath, StackResource r, String property) {
    origins.put(scenarioPath, r.at(property));
  }

  private void assume(String path, String text) {
    report.assume(path.replace("$.stages[0].architecture", "architecture") + ": " + text);
  }

  // ---------------------------------------------------------------- AZs

  private List<String> availabilityZones(
      List<String> subnetIds, StackResource asg, List<StackResource> instances) {
    Set<String> azs = new LinkedHashSet<>();
    for (String id : subnetIds) {
      StackResource subnet = byId.get(id);
      if (subnet != null && subnet.type().equals("AWS::EC2::Subnet")) {
        String az = props.str(subnet, "AvailabilityZone");
        if (az != null) {
          azs.add(az);
        }
      }
    }
    if (asg != null) {
      for (Object az : Props.list(asg, "AvailabilityZones")) {
        if (az instanceof String s) {
          azs.add(s);
        }
      }
    }
    for (StackResource i : instances) {
      if (Props.get(i, "AvailabilityZone") instanceof String s) {
        azs.add(s);
      }
    }
    if (azs.isEmpty()) {
      for (StackResource subnet : ofType("AWS::EC2::Subnet")) {
        if (Props.get(subnet, "AvailabilityZone") instanceof String s) {
          azs.add(s);
        }
      }
    }
    for (StackResource subnet : ofType("AWS::EC2::Subnet")) {
      Object az = Props.get(subnet, "AvailabilityZone");
      mapped(
          subnet,
          az instanceof String s
              ? "Availability Zone " + s
              : "a subnet (its AZ is only known once deployed)");
    }
    List<String> inRegion = new ArrayList<>();
    for (String az : azs) {
      if (!az.startsWith(region) && az.matches("[a-z]{2}(-[a-z]+)+-\\d[a-z]")) {
        String moved = region + az.substring(az.length() - 1);
        assume(
            ARCH + ".azs",
            az + " simulated as " + moved + " (the stack is simulated in " + region + ")");
        az = moved;
      }
      if (!inRegion.contains(az)) {
        inRegion.add(az);
      }
    }
    azs.clear();
    azs.addAll(inRegion);
    if (azs.isEmpty()) {
      azs.add(region + "a");
      azs.add(region + "b");
      assume(
          ARCH + ".azs", "two AZs, " + region + "a and " + region + "b (no subnet names its AZ)");
    }
    return new ArrayList<>(azs);
  }

  // ---------------------------------------------------------------- compute

  // ---------------------------------------------------------------- ECS services

  private static final String ECS = ARCH + ".ecs";

  /** True for an Auto Scaling group an ECS capacity provider runs tasks on. */
  private boolean ecsCapacity(StackResource asg) {
    return ofType("AWS::ECS::CapacityProvider").stream()
        .anyMatch(
            cp ->
                Props.refs(cp, "AutoScalingGroupProvider.AutoScalingGroupArn").contains(asg.id()));
  }

  /**
   * An ECS service with its task definition, capacity provider strategy (the service's, else its
   * cluster's default, else its launch type), deployment configuration and Application Auto Scaling
   * target and policies, as the ecs section.
   */
  private ObjectNode ecsService(StackResource svc) {
    ObjectNode e = F.objectNode();
    e.put("name", svc.id());
    mapped(svc, "ecs: the container service");
    StackResource td = byId.get(Props.ref(svc, "TaskDefinition"));
    ObjectNode task = e.putObject("task");
    if (td == null) {
      assume(ECS + ".task", "no task definition in the stack: 1 vCPU and 2 GB assumed");
      task.put("vcpu", 1);
      task.put("memoryGb", 2);
    } else {
      mapped(td, "ecs.task: its CPU, memory and CPU architecture");
      Double cpu = taskSize(td, "Cpu", 1024);
      Double memory = taskSize(td, "Memory", 1024);
      task.put("vcpu", cpu == null ? 1 : cpu);
      task.put("memoryGb", memory == null ? 2 : memory);
      origin(ECS + ".task.vcpu", td, "Cpu");
      origin(ECS + ".task.memoryGb", td, "Memory");
      String arch = props.str(td, "RuntimePlatform.CpuArchitecture");
      if (arch != null && arch.equalsIgnoreCase("ARM64")) {
        task.put("cpuArchitecture", "arm64");
      }
    }
    StackResource cluster = byId.get(Props.ref(svc, "Cluster"));
    if (cluster != null) {
      mapped(cluster, "the cluster of ecs (its default capacity provider strategy)");
    }
    List<Object> strategy = Props.list(svc, "CapacityProviderStrategy");
    String strategyAt = svc.at("CapacityProviderStrategy");
    if (strategy.isEmpty() && cluster != null) {
      strategy = Props.list(cluster, "DefaultCapacityProviderStrategy");
      strategyAt = cluster.at("DefaultCapacityProviderStrategy");
    }
    ArrayNode providers = F.arrayNode();
    for (Object o : strategy) {
      if (!(o instanceof Map<?, ?> m)) {
        continue;
      }
      ObjectNode pn = F.objectNode();
      Object name = m.get("CapacityProvider");
      StackResource cp = name instanceof ResourceRef rr ? byId.get(rr.resource()) : null;
      if (cp != null) {
        mapped(cp, "the EC2 capacity provider of ecs");
        StackResource group =
            byId.get(Props.ref(cp, "AutoScalingGroupProvider.AutoScalingGroupArn"));
        String type = group == null ? null : launchInstanceType(group);
        if (group != null) {
          mapped(group, "the instances of ecs's EC2 capacity provider (priced as the instances)");
        }
        if (type == null) {
          assume(
              ECS + ".capacityProviders",
              "the EC2 capacity's instance type is not in the stack: m5.large assumed");
          type = "m5.large";
        }
        pn.put("provider", "EC2");
        pn.put("instanceType", type);
      } else {
        String text = name == null ? "FARGATE" : CfnTemplate.scalarText(name);
        if (!text.equals("FARGATE") && !text.equals("FARGATE_SPOT")) {
          report.problem(
              Violation.warning(
                  strategyAt,
                  "capacity provider '" + text + "' is not in the stack; FARGATE assumed"));
          text = "FARGATE";
        }
        pn.put("provider", text);
      }
      Object base = m.get("Base");
      Object weight = m.get("Weight");
      if (base != null) {
        pn.put("base", (int) Double.parseDouble(CfnTemplate.scalarText(base)));
      }
      // ECS's API takes a missing weight as 0
      pn.put(
          "weight", weight == null ? 0 : (int) Double.parseDouble(CfnTemplate.scalarText(weight)));
      providers.add(pn);
    }
    if (providers.isEmpty()) {
      String launch = props.str(svc, "LaunchType");
      ObjectNode pn = providers.addObject();
      if ("EC2".equals(launch)) {
        StackResource group =
            ofType("AWS::AutoScaling::AutoScalingGroup").stream().findFirst().orElse(null);
        String type = group == null ? null : launchInstanceType(group);
        if (group != null) {
          mapped(
              group, "the container instances of ecs (EC2 launch type, priced as the instances)");
        }
        pn.put("provider", "EC2");
        pn.put("instanceType", type == null ? "m5.large" : type);
      } else {
        pn.put("provider", "FARGATE");
      }
    }
    e.set("capacityProviders", providers);
    Integer desired = props.integer(svc, "DesiredCount");
    ObjectNode tasks = e.putObject("tasks");
    tasks.put("desired", desired == null ? 1 : desired);
    origin(ECS + ".tasks.desired", svc, "DesiredCount");
    if (desired == null) {
      assume(ECS + ".tasks.desired", "DesiredCount not set: 1 task");
    }
    Integer grace = props.integer(svc, "HealthCheckGracePeriodSeconds");
    if (grace != null) {
      e.put("healthCheckGraceSeconds", grace);
    }
    Integer minHealthy = props.integer(svc, "DeploymentConfiguration.MinimumHealthyPercent");
    Integer maxPercent = props.integer(svc, "DeploymentConfiguration.MaximumPercent");
    if (minHealthy != null || maxPercent != null) {
      ObjectNode d = e.putObject("deployment");
      if (minHealthy != null) {
        d.put("minimumHealthyPercent", minHealthy);
        origin(
            ECS + ".deployment.minimumHealthyPercent",
            svc,
            "DeploymentConfiguration.MinimumHealthyPercent");
      }
      if (maxPercent != null) {
        d.put("maximumPercent", maxPercent);
        origin(ECS + ".deployment.maximumPercent", svc, "DeploymentConfiguration.MaximumPercent");
      }
    }
    ArrayNode scaling = F.arrayNode();
    for (StackResource target :
        referencing(
            svc.id(), r -> r.type().equals("AWS::ApplicationAutoScaling::ScalableTarget"))) {
      mapped(target, "ecs.tasks: the Service Auto Scaling minimum and maximum");
      Integer min = props.integer(target, "MinCapacity");
      Integer max = props.integer(target, "MaxCapacity");
      int d = tasks.path("desired").asInt();
      if (min != null) {
        tasks.put("min", Math.min(min, d));
        origin(ECS + ".tasks.min", target, "MinCapacity");
      }
      if (max != null) {
        tasks.put("max", Math.max(max, d));
        origin(ECS + ".tasks.max", target, "MaxCapacity");
      }
      for (StackResource policy :
          referencing(
              target.id(), r -> r.type().equals("AWS::ApplicationAutoScaling::ScalingPolicy"))) {
        ecsPolicy(policy, scaling, e);
      }
    }
    if (!scaling.isEmpty()) {
      e.set("scaling", scaling);
    }
    return e;
  }

  /** Task CPU (units: 1024 a vCPU, or "1 vCPU") or memory (MiB, or "2 GB") in vCPU or GB. */
  private Double taskSize(StackResource td, String key, double perUnit) {
    String s = props.str(td, key);
    if (s == null) {
      return null;
    }
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (t.endsWith("vcpu") || t.endsWith("gb")) {
        return Double.valueOf(t.replace("vcpu", "").replace("gb", "").trim());
      }
      return Double.parseDouble(t) / perUnit;
    } catch (NumberFormatException x) {
      report.problem(
          Violation.error(
              td.at(key), "must be a number or e.g. '1 vCPU' / '2 GB'; found '" + s + "'"));
      return null;
    }
  }

  /** An Application Auto Scaling policy of the service, or the reason it is not modelled. */
  private void ecsPolicy(StackResource policy, ArrayNode scaling, ObjectNode e) {
    String type = props.str(policy, "PolicyType");
    if ("TargetTrackingScaling".equals(type)) {
      String metric =
          props.str(
              policy,
              "TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType");
      Double target = props.num(policy, "TargetTrackingScalingPolicyConfiguration.TargetValue");
      String m =
          "ECSServiceAverageCPUUtilization".equals(metric)
              ? "cpu"
              : "ALBRequestCountPerTarget".equals(metric) ? "alb-request-count-per-target" : null;
      if (m == null || target == null) {
        unsupported(
            policy,
            "target tracking on "
                + (metric == null ? "a custom metric" : metric)
                + " (the model tracks CPU or ALB requests per target)");
        return;
      }
      ObjectNode p = scaling.addObject();
      p.put("type", "target-tracking");
      p.put("metric", m);
      p.put("cpu".equals(m) ? "targetPercent" : "targetValue", target);
      Double cooldown =
          props.num(policy, "TargetTrackingScalingPolicyConfiguration.ScaleOutCooldown");
      if (cooldown != null) {
        e.put("scaleOutCooldownSeconds", cooldown);
      }
      mapped(
          policy, "ecs.scaling: target tracking on " + m + " at " + CfnTemplate.scalarText(target));
    } else {
      unsupported(
          policy,
          "Application Auto Scaling "
              + (type == null ? "policy" : type)
              + " on a service (ecs.scaling takes target tracking on CPU or ALB requests per"
              + " target, and step scaling on CPU written by hand)");
    }
  }

  /** The instance type of an Auto Scaling group's launch template or configuration, or null. */
  private String launchInstanceType(StackResource asg) {
    StackResource lt = byId.get(Props.ref(asg, "LaunchTemplate.LaunchTemplateId"));
    if (lt != null) {
      return props.str(lt, "LaunchTemplateData.InstanceType");
    }
    StackResource lc = byId.get(Props.ref(asg, "LaunchConfigurationName"));
    return lc == null ? null : props.str(lc, "InstanceType");
  }

  private StackResource pickLoadBalancer() {
    List<StackResource> lbs =
        ofType(
            "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancing::LoadBalancer");
    if (lbs.isEmpty()) {
      return null;
    }
    StackResource first = lbs.get(0);
    for (StackResource other : lbs.subList(1, lbs.size())) {
      unsupported(
          other, "a second load balancer (a stage has one entry; import " + first.id() + ")");
    }
    return first;
  }

  /** Target groups of the load balancer's listeners. */
  private List<StackResource> targetGroups(StackResource lb) {
    List<StackResource> out = new ArrayList<>();
    for (StackResource listener : ofType("AWS::ElasticLoadBalancingV2::Listener")) {
      if (lb == null || Props.refs(listener, "LoadBalancerArn").contains(lb.id())) {
        for (String tg : Props.refs(listener, "DefaultActions")) {
          if (byId.containsKey(tg) && !out.contains(byId.get(tg))) {
            out.add(byId.get(tg));
          }
        }
      }
    }
    for (StackResource rule : ofType("AWS::ElasticLoadBalancingV2::ListenerRule")) {
      for (String tg : Props.refs(rule, "Actions")) {
        if (byId.containsKey(tg) && !out.contains(byId.get(tg))) {
          out.add(byId.get(tg));
        }
      }
    }
    if (out.isEmpty()) {
      out.addAll(ofType("AWS::ElasticLoadBalancingV2::TargetGroup"));
    }
    return out;
  }

  private StackResource pickAsg(List<StackResource> asgs, StackResource lb) {
    if (lb != null) {
      List<StackResource> tgs = targetGroups(lb);
      for (StackResource asg : asgs) {
        List<String> attached = Props.refs(asg, "TargetGroupARNs");
        attached.addAll(Props.refs(asg, "LoadBalancerNames"));
        if (attached.contains(lb.id()) || tgs.stream().anyMatch(t -> attached.contains(t.id()))) {
          return asg;
        }
      }
    }
    return asgs.stream()
        .max(
            Comparator.comparingInt(
                a -> {
                  Double d = Props.get(a, "MaxSize") instanceof String s ? parse(s) : null;
                  return d == null ? 0 : d.intValue();
                }))
        .orElse(asgs.get(0));
  }

  private static Double parse(String s) {
    try {
      return Double.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The instance type and purchase mix of an ASG's launch template or configuration. */
  private ObjectNode asgTier(StackResource asg, List<String> azs) {
    String cp = ARCH + ".compute";
    ObjectNode c = F.objectNode();
    c.put("name", asg.id());
    String type = null;
    StackResource launch = null;
    String typePath = null;
    String mixedLt =
        Props.ref(asg, "MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification");
    Object overrides = Props.get(asg, "MixedInstancesPolicy.LaunchTemplate.Overrides");
    if (overrides instanceof List<?> ov
        && !ov.isEmpty()
        && ov.get(0) instanceof Map<?, ?> o0
        && o0.get("InstanceType") instanceof String t) {
      type = t;
      typePath = asg.at("MixedInstancesPolicy.LaunchTemplate.Overrides[0].InstanceType");
      if (ov.size() > 1) {
        report.problem(
            Violation.warning(
                asg.at("MixedInstancesPolicy.LaunchTemplate.Overrides"),
                ov.size()
                    + " instance types: the model runs one type per tier; the first, "
                    + t
                    + ", is used"));
      }
    }
    String ltId = mixedLt != null ? mixedLt : Props.ref(asg, "LaunchTemplate");
    String lcId = Props.ref(asg, "LaunchConfigurationName");
    boolean spotLaunch = false;
    if (ltId != null && byId.get(ltId) instanceof StackResource lt) {
      launch = lt;
      if (type == null) {
        type = props.str(lt, "LaunchTemplateData.InstanceType");
        typePath = lt.at("LaunchTemplateData.InstanceType");
      }
      spotLaunch =
          "spot"
              .equalsIgnoreCase(
                  String.valueOf(
                      Props.get(lt, "LaunchTemplateData.InstanceMarketOptions.MarketType")));
      credits(c, lt, "LaunchTemplateData.CreditSpecification.CpuCredits");
    } else if (lcId != null && byId.get(lcId) instanceof StackResource lc) {
      launch = lc;
      type = props.str(lc, "InstanceType");
      typePath = lc.at("InstanceType");
      spotLaunch = Props.get(lc, "SpotPrice") != null;
    }
    if (launch != null) {
      mapped(launch, "instance type of " + asg.id() + (type == null ? "" : " (" + type + ")"));
    }
    if (type == null) {
      type = "m5.large";
      assume(
          cp + ".instanceType",
          "m5.large (the group's launch template or configuration gives no instance type)");
    } else {
      origins.put(cp + ".instanceType", typePath);
      type =
          catalogType(
              type,
              dev.archsim.engine.catalog.Catalog.instanceTypeNames(),
              typePath,
              "instance type");
    }
    c.put("instanceType", type);
    Integer min = props.integer(asg, "MinSize");
    Integer max = props.integer(asg, "MaxSize");
    Integer desired = props.integer(asg, "DesiredCapacity");
    if (min == null) {
      min = 1;
      if (Props.get(asg, "MinSize") == null) {
        report.problem(
            Violation.error(asg.at("MinSize"), "missing: an Auto Scaling group needs MinSize"));
      }
    }
    if (max == null) {
      max = Math.max(min, 1);
      if (Props.get(asg, "MaxSize") == null) {
        report.problem(
            Violation.error(asg.at("MaxSize"), "missing: an Auto Scaling group needs MaxSize"));
      }
    }
    if (desired == null) {
      desired = min;
    }
    int start = Math.max(1, desired);
    ObjectNode placement = c.putObject("placement");
    for (int i = 0; i < azs.size(); i++) {
      placement.put(azs.get(i), start / azs.size() + (i < start % azs.size() ? 1 : 0));
    }
    c.put("publicAddresses", false);
    c.put("ingress", "load-balancer");
    ObjectNode g = c.putObject("autoScaling");
    g.put("min", min);
    origin(cp + ".autoScaling.min", asg, "MinSize");
    g.put("max", max);
    origin(cp + ".autoScaling.max", asg, "MaxSize");
    g.put("desired", desired);
    origin(cp + ".autoScaling.desired", asg, "DesiredCapacity");
    g.set("policies", policies(asg, cp + ".autoScaling.policies"));
    g.set("scheduled", scheduled(asg));
    String hct = props.str(asg, "HealthCheckType");
    g.put("healthCheckType", "ELB".equalsIgnoreCase(hct) ? "elb" : "ec2");
    Double grace = props.num(asg, "HealthCheckGracePeriod");
    g.put("healthCheckGraceSeconds", grace != null ? grace : hct == null ? 0 : 300);
    g.put("bootSeconds", 120);
    assume(cp + ".autoScaling.bootSeconds", "120 s from launch to a serving application");
    Double warmup = props.num(asg, "DefaultInstanceWarmup");
    g.put("warmupSeconds", warmup != null ? warmup : 300);
    g.put("rebalance", true);
    ObjectNode purchase = purchase(asg, spotLaunch, cp);
    if (purchase != null) {
      c.set("purchase", purchase);
    }
    mapped(
        asg,
        "compute tier "
            + asg.id()
            + ": "
            + type
            + ", min "
            + min
            + " / desired "
            + desired
            + " / max "
            + max
            + " over "
            + azs.size()
            + " AZ(s)");
    return c;
  }

  private void credits(ObjectNode c, StackResource r, String key) {
    Object mode = Props.get(r, key);
    if (mode instanceof String m && (m.equals("standard") || m.equals("unlimited"))) {
      c.putObject("credits").put("mode", m);
    }
  }

  private ObjectNode purchase(StackResource asg, boolean spotLaunch, String cp) {
    Object dist = Props.get(asg, "MixedInstancesPolicy.InstancesDistribution");
    if (dist == null && !spotLaunch) {
      return null;
    }
    int base = 0;
    double onDemandPct = spotLaunch ? 0 : 100;
    if (dist != null) {
      Integer b =
          props.integer(asg, "MixedInstancesPolicy.InstancesDistribution.OnDemandBaseCapacity");
      Double pct =
          props.num(
              asg,
              "MixedInstancesPolicy.InstancesDistribution.OnDemandPercentageAboveBaseCapacity");
      base = b == null ? 0 : b;
      onDemandPct = pct == null ? 100 : pct;
    }
    if (onDemandPct >= 100) {
      return null;
    }
    ObjectNode p = F.objectNode();
    ObjectNode spot = p.putObject("spot");
    spot.put("share", (100 - onDemandPct) / 100.0);
    spot.put("discount", dev.archsim.engine.catalog.Catalog.DEFAULT_SPOT_DISCOUNT);
    spot.put(
        "interruptionsPerMonth",
        dev.archsim.engine.catalog.Catalog.DEFAULT_SPOT_INTERRUPTIONS_PER_MONTH);
    spot.put("onDemandBase", base);
    origin(
        cp + ".purchase.spot.share",
        asg,
        "MixedInstancesPolicy.InstancesDistribution.OnDemandPercentageAboveBaseCapacity");
    assume(cp + ".purchase.spot", "the catalog's default spot discount and interruption rate");
    return p;
  }

  private ArrayNode policies(StackResource asg, String pp) {
    ArrayNode out = F.arrayNode();
    for (StackResource pol :
        referencing(asg.id(), r -> r.type().equals("AWS::AutoScaling::ScalingPolicy"))) {
      if (!Props.refs(pol, "AutoScalingGroupName").contains(asg.id())) {
        continue;
      }
      String type = props.str(pol, "PolicyType");
      type = type == null ? "SimpleScaling" : type;
      String at = pp + "[" + out.size() + "]";
      switch (type) {
        case "TargetTrackingScaling" -> {
          TrackedMetric metric = TrackedMetric.of(pol);
          Double target = props.num(pol, "TargetTrackingConfiguration.TargetValue");
          if (metric instanceof TrackedMetric.Unsupported u) {
            unsupported(pol, u.why());
            continue;
          }
          if (target == null) {
            if (Props.get(pol, "TargetTrackingConfiguration.TargetValue") == null) {
              report.problem(
                  Violation.error(
                      pol.at("TargetTrackingConfiguration.TargetValue"),
                      "missing: a target-tracking policy needs its TargetValue"));
            }
            continue;
          }
          String why = trackable(metric, asg);
          if (why != null) {
            unsupported(pol, why);
            continue;
          }
          ObjectNode p = out.addObject();
          p.put("type", "target-tracking");
          switch (metric) {
            case TrackedMetric.RequestCount r -> {
              p.put("metric", "alb-request-count-per-target");
              p.put("targetValue", target);
              origin(at + ".targetValue", pol, "TargetTrackingConfiguration.TargetValue");
              mapped(
                  pol,
                  "target tracking at "
                      + fmt(target)
                      + " ALB requests per target a minute (target group "
                      + requestCountGroup(r)
                      + ")");
            }
            case TrackedMetric.Backlog b -> {
              p.put("metric", "sqs-backlog-per-instance");
              p.put("targetValue", target);
              origin(at + ".targetValue", pol, "TargetTrackingConfiguration.TargetValue");
              pendingBacklog.add(new PendingBacklog(pol, queueOf(b.queue()), out, p, at));
            }
            default -> {
              p.put("targetPercent", target);
              origin(at + ".targetPercent", pol, "TargetTrackingConfiguration.TargetValue");
              mapped(pol, "target tracking at " + fmt(target) + " % CPU");
            }
          }
        }
        case "SimpleScaling", "StepScaling" -> {
          StackResource alarm = alarmFor(pol);
          if (alarm == null || !"CPUUtilization".equals(Props.get(alarm, "MetricName"))) {
            unsupported(
                pol,
                alarm == null
                    ? "no CloudWatch alarm triggers it"
                    : "its alarm watches "
                        + Props.get(alarm, "MetricName")
                        + " (the model scales on average CPU only)");
            continue;
          }
          String cmp = String.valueOf(Props.get(alarm, "ComparisonOperator"));
          boolean above = cmp.startsWith("GreaterThan");
          Double threshold = props.num(alarm, "Threshold");
          Double period = props.num(alarm, "Period");
          Integer periods = props.integer(alarm, "EvaluationPeriods");
          ObjectNode p = out.addObject();
          p.put("comparison", above ? "above" : "below");
          p.put("thresholdPercent", threshold == null ? 70 : threshold);
          origin(at + ".thresholdPercent", alarm, "Threshold");
          p.put("periodSeconds", period == null ? 300 : period);
          p.put("evaluationPeriods", periods == null ? 1 : periods);
          if (type.equals("SimpleScaling")) {
            Integer adj = props.integer(pol, "ScalingAdjustment");
            String adjType = props.str(pol, "AdjustmentType");
            if (adjType != null && !adjType.equals("ChangeInCapacity")) {
              report.problem(
                  Violation.warning(
                      pol.at("AdjustmentType"),
                      adjType
                          + " is mapped as a change in capacity of ScalingAdjustment instances"));
            }
            Double cooldown = props.num(pol, "Cooldown");
            p.put("type", "simple");
            p.put("adjustment", adj == null ? (above ? 1 : -1) : adj);
            origin(at + ".adjustment", pol, "ScalingAdjustment");
            p.put("cooldownSeconds", cooldown == null ? 300 : cooldown);
          } else {
            p.put("type", "step");
            ArrayNode steps = p.putArray("steps");
            List<Object> adjustments = Props.list(pol, "StepAdjustments");
            for (int i = 0; i < adjustments.size(); i++) {
              if (!(adjustments.get(i) instanceof Map<?, ?> m)) {
                continue;
              }
              Double lo =
                  m.get("MetricIntervalLowerBound") == null
                      ? 0
                      : parse(CfnTemplate.scalarText(m.get("MetricIntervalLowerBound")));
              Double hi =
                  m.get("MetricIntervalUpperBound") == null
                      ? 1000
                      : parse(CfnTemplate.scalarText(m.get("MetricIntervalUpperBound")));
              Double adj =
                  m.get("ScalingAdjustment") == null
                      ? null
                      : parse(CfnTemplate.scalarText(m.get("ScalingAdjustment")));
              if (lo == null || hi == null || adj == null) {
                report.problem(
                    Violation.error(
                        pol.at("StepAdjustments[" + i + "]"),
                        "needs numeric bounds and ScalingAdjustment"));
                continue;
              }
              ObjectNode s = steps.addObject();
              s.put("lower", Math.abs(lo));
              s.put("upper", Math.min(1000, Math.abs(hi)));
              s.put("adjustment", adj.intValue());
            }
            p.remove("cooldownSeconds");
          }
          mapped(
              pol,
              type.equals("SimpleScaling")
                  ? "simple scaling on CPU "
                      + (above ? "above " : "below ")
                      + fmt(p.get("thresholdPercent").asDouble())
                      + " %"
                  : "step scaling on CPU");
          mapped(alarm, "the trigger of " + pol.id());
        }
        default ->
            unsupported(pol, type + " (the model has simple, step and target-tracking policies)");
      }
    }
    return out;
  }

  /** A backlog policy waiting for the stage's queue to be known. */
  private record PendingBacklog(
      StackResource policy, String queue, ArrayNode policies, ObjectNode node, String at) {}

  private final List<PendingBacklog> pendingBacklog = new ArrayList<>();

  /** The entry's load balancer, once picked. */
  private StackResource entryLb;

  /** The SQS queue the stage imports (the one a Lambda function consumes), once known. */
  private String stageQueue;

  /**
   * Why the group cannot track this metric in the model, or null when it can: requests per target
   * need the ALB entry and a ResourceLabel naming a target group of the entry that the group is
   * registered with; the backlog needs the group itself in the metric math.
   */
  private String trackable(TrackedMetric metric, StackResource asg) {
    switch (metric) {
      case TrackedMetric.RequestCount r -> {
        Object lbType = entryLb == null ? null : Props.get(entryLb, "Type");
        if (entryLb == null
            || !entryLb.type().equals("AWS::ElasticLoadBalancingV2::LoadBalancer")
            || (lbType != null && !"application".equalsIgnoreCase(String.valueOf(lbType)))) {
          return "ALBRequestCountPerTarget needs an Application Load Balancer entry; the stage has "
              + (entryLb == null ? "none" : entryLb.id() + " (" + entryLb.sourceType() + ")");
        }
        if (r.label() == null) {
          return "ALBRequestCountPerTarget without a ResourceLabel (AWS requires the"
              + " app/LB/ID/targetgroup/TG/ID label of the target group it counts)";
        }
        Set<String> named = CfnTemplate.refsIn(r.label());
        List<String> entryGroups = targetGroups(entryLb).stream().map(StackResource::id).toList();
        List<String> groupTgs = Props.refs(asg, "TargetGroupARNs");
        List<String> labelled =
            named.stream()
                .filter(
                    id ->
                        byId.get(id) instanceof StackResource t
                            && t.type().equals("AWS::ElasticLoadBalancingV2::TargetGroup"))
                .toList();
        if (labelled.isEmpty()) {
          return "its ResourceLabel '"
              + r.label()
              + "' names no target group of the stack, so archsim cannot tell it counts the"
              + " entry's requests (build it from the target group's TargetGroupFullName)";
        }
        String tg = labelled.get(0);
        if (!entryGroups.contains(tg)) {
          return "it counts the requests of target group "
              + tg
              + ", which is not behind the entry "
              + entryLb.id();
        }
        if (!groupTgs.isEmpty() && !groupTgs.contains(tg)) {
          return "it counts the requests of target group "
              + tg
              + ", in which "
              + asg.id()
              + " registers no instances";
        }
        return null;
      }
      case TrackedMetric.Backlog b -> {
        Set<String> groups = CfnTemplate.refsIn(b.group());
        boolean thisGroup =
            groups.contains(asg.id())
                || (groups.isEmpty()
                    && String.valueOf(b.group())
                        .equals(String.valueOf(Props.get(asg, "AutoScalingGroupName"))));
        if (!thisGroup) {
          return "its metric math divides the backlog by the instances of "
              + (groups.isEmpty() ? "'" + b.group() + "'" : String.join(", ", groups))
              + ", not of "
              + asg.id();
        }
        if (queueOf(b.queue()) == null) {
          return "its metric math reads the backlog of '"
              + b.queue()
              + "', which is no queue of the stack";
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  private static String requestCountGroup(TrackedMetric.RequestCount r) {
    return String.join(", ", CfnTemplate.refsIn(r.label()).stream().sorted().toList());
  }

  /** The SQS queue resource a QueueName dimension value names (a reference, or its name). */
  private String queueOf(Object value) {
    for (String id : CfnTemplate.refsIn(value)) {
      if (byId.get(id) instanceof StackResource q && q.type().equals("AWS::SQS::Queue")) {
        return id;
      }
    }
    if (value instanceof String name) {
      for (StackResource q : ofType("AWS::SQS::Queue")) {
        if (name.equals(Props.get(q, "QueueName"))) {
          return q.id();
        }
      }
    }
    return null;
  }

  /**
   * Backlog policies on the stage's queue are mapped; one on another queue is dropped from the
   * group (renumbering the template paths of the policies after it) and reported with why.
   */
  private void resolveBacklogPolicies() {
    for (PendingBacklog b : pendingBacklog) {
      if (b.queue().equals(stageQueue)) {
        mapped(
            b.policy(),
            "target tracking at "
                + fmt(b.node().get("targetValue").asDouble())
                + " messages of "
                + b.queue()
                + " per instance in service (SQS backlog per instance)");
        continue;
      }
      int index = -1;
      for (int i = 0; i < b.policies().size(); i++) {
        if (b.policies().get(i) == b.node()) {
          index = i;
        }
      }
      b.policies().remove(index);
      String prefix = b.at().substring(0, b.at().lastIndexOf('['));
      Map<String, String> renumbered = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : origins.entrySet()) {
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile(
                    java.util.regex.Pattern.quote(prefix) + "\\[(\\d+)](.*)")
                .matcher(e.getKey());
        if (m.matches() && Integer.parseInt(m.group(1)) >= index) {
          int i = Integer.parseInt(m.group(1));
          if (i > index) {
            renumbered.put(prefix + "[" + (i - 1) + "]" + m.group(2), e.getValue());
          }
        } else {
          renumbered.put(e.getKey(), e.getValue());
        }
      }
      origins.clear();
      origins.putAll(renumbered);
      unsupported(
          b.policy(),
          "it scales on the backlog of "
              + b.queue()
              + ", which is not the stage's queue: archsim's queue is the one a Lambda function"
              + " consumes between the requests and the database (architecture.queue), and a group"
              + " whose own instances consume a queue is not modelled yet"
              + (stageQueue == null ? "" : " (the stage's queue is " + stageQueue + ")"));
    }
  }

  private StackResource alarmFor(StackResource policy) {
    for (StackResource alarm : ofType("AWS::CloudWatch::Alarm")) {
      if (Props.refs(alarm, "AlarmActions").contains(policy.id())) {
        return alarm;
      }
    }
    return null;
  }

  private ArrayNode scheduled(StackResource asg) {
    ArrayNode out = F.arrayNode();
    for (StackResource a : ofType("AWS::AutoScaling::ScheduledAction")) {
      if (!Props.refs(a, "AutoScalingGroupName").contains(asg.id())) {
        continue;
      }
      String cron = props.str(a, "Recurrence");
      String[] f = cron == null ? new String[0] : cron.trim().split("\\s+");
      if (f.length != 5
          || !f[0].matches("\\d+")
          || !f[1].matches("\\d+")
          || !f[2].equals("*")
          || !f[3].equals("*")
          || !f[4].equals("*")) {
        unsupported(
            a,
            cron == null
                ? "a one-off action at a calendar time (the model schedules daily or at an offset into the trial)"
                : "recurrence '" + cron + "' (the model repeats actions daily: 'M H * * *')");
        continue;
      }
      ObjectNode s = out.addObject();
      s.put("at", "PT" + Integer.parseInt(f[1]) + "H" + Integer.parseInt(f[0]) + "M");
      s.put("daily", true);
      Integer min = props.integer(a, "MinSize");
      Integer max = props.integer(a, "MaxSize");
      Integer desired = props.integer(a, "DesiredCapacity");
      if (min != null) {
        s.put("min", min);
      }
      if (max != null) {
        s.put("max", max);
      }
      if (desired != null) {
        s.put("desired", desired);
      }
      mapped(a, "daily at " + f[1] + ":" + String.format("%02d", Integer.parseInt(f[0])) + " UTC");
    }
    return out;
  }

  private ObjectNode instanceTier(List<StackResource> instances, List<String> azs) {
    String cp = ARCH + ".compute";
    Map<String, List<StackResource>> byType = new LinkedHashMap<>();
    for (StackResource i : instances) {
      String t = props.str(i, "InstanceType");
      byType.computeIfAbsent(t == null ? "m1.small" : t, k -> new ArrayList<>()).add(i);
    }
    String type =
        byType.entrySet().stream()
            .max(Comparator.comparingInt(e -> e.getValue().size()))
            .orElseThrow()
            .getKey();
    List<StackResource> tier = byType.get(type);
    ObjectNode c = F.objectNode();
    c.put("name", tier.size() == 1 ? tier.get(0).id() : "instances");
    c.put(
        "instanceType",
        catalogType(
            type,
            dev.archsim.engine.catalog.Catalog.instanceTypeNames(),
            tier.get(0).at("InstanceType"),
            "instance type"));
    if (Props.get(tier.get(0), "InstanceType") == null) {
      assume(cp + ".instanceType", "m1.small, EC2's default when InstanceType is not given");
    } else {
      origin(cp + ".instanceType", tier.get(0), "InstanceType");
    }
    ObjectNode placement = c.putObject("placement");
    azs.forEach(az -> placement.put(az, 0));
    for (int k = 0; k < tier.size(); k++) {
      StackResource i = tier.get(k);
      String az = instanceAz(i);
      if (az == null || !azs.contains(az)) {
        az = azs.get(k % azs.size());
      }
      placement.put(az, placement.get(az).asInt() + 1);
      mapped(i, "instance of tier " + c.get("name").asText() + " in " + az);
    }
    for (String az : azs) {
      if (placement.get(az).asInt() == 0) {
        placement.remove(az);
      }
    }
    credits(c, tier.get(0), "CreditSpecification.CPUCredits");
    for (Map.Entry<String, List<StackResource>> e : byType.entrySet()) {
      if (!e.getKey().equals(type)) {
        e.getValue()
            .forEach(
                i ->
                    unsupported(
                        i,
                        "an instance of another type ("
                            + e.getKey()
                            + "): a stage holds one compute tier of one type"));
      }
    }
    boolean publicIp =
        !ofType("AWS::EC2::EIP").isEmpty()
            || tier.stream().anyMatch(i -> Props.get(i, "NetworkInterfaces") != null);
    c.put(
        "publicAddresses",
        publicIp
            || ofType(
                    "AWS::ElasticLoadBalancingV2::LoadBalancer",
                    "AWS::ElasticLoadBalancing::LoadBalancer")
                .isEmpty());
    c.put(
        "ingress",
        ofType(
                    "AWS::ElasticLoadBalancingV2::LoadBalancer",
                    "AWS::ElasticLoadBalancing::LoadBalancer")
                .isEmpty()
            ? "anywhere"
            : "load-balancer");
    return c;
  }

  private String instanceAz(StackResource i) {
    if (Props.get(i, "AvailabilityZone") instanceof String s) {
      return s;
    }
    String subnet = Props.ref(i, "SubnetId");
    if (subnet != null
        && byId.get(subnet) instanceof StackResource sn
        && Props.get(sn, "AvailabilityZone") instanceof String s) {
      return s;
    }
    return null;
  }

  // ---------------------------------------------------------------- entry

  private ObjectNode computeEntry(StackResource lb, ObjectNode compute) {
    ObjectNode e = F.objectNode();
    String ep = ARCH + ".entry";
    if (lb != null) {
      boolean classic = lb.type().equals("AWS::ElasticLoadBalancing::LoadBalancer");
      String type =
          classic
              ? "application"
              : String.valueOf(
                  Props.get(lb, "Type") == null ? "application" : Props.get(lb, "Type"));
      if (type.equals("gateway")) {
        unsupported(lb, "a Gateway Load Balancer (appliances, not web traffic)");
        return elasticIps(compute);
      }
      e.put("type", type.equals("network") ? "nlb" : "alb");
      ObjectNode hc = e.putObject("healthCheck");
      // interval, timeout, healthy and unhealthy thresholds: the defaults, then as written
      double[] check = {30, type.equals("network") ? 10 : 5, 5, 2};
      double dereg = 300;
      boolean sticky = false;
      String algorithm = null;
      boolean crossZone = !type.equals("network");
      if (classic) {
        check =
            healthCheck(
                lb,
                new String[] {
                  "HealthCheck.Interval",
                  "HealthCheck.Timeout",
                  "HealthCheck.HealthyThreshold",
                  "HealthCheck.UnhealthyThreshold"
                },
                check);
        crossZone = props.bool(lb, "CrossZone", false);
        mapped(lb, "entry: a Classic Load Balancer, modelled as an ALB with its health check");
      } else {
        List<StackResource> tgs = targetGroups(lb);
        StackResource tg = tgs.isEmpty() ? null : tgs.get(0);
        if (tg != null) {
          check =
              healthCheck(
                  tg,
                  new String[] {
                    "HealthCheckIntervalSeconds",
                    "HealthCheckTimeoutSeconds",
                    "HealthyThresholdCount",
                    "UnhealthyThresholdCount"
                  },
                  check);
          for (Object attr : Props.list(tg, "TargetGroupAttributes")) {
            if (attr instanceof Map<?, ?> a) {
              String key = String.valueOf(a.get("Key"));
              String value = CfnTemplate.scalarText(a.get("Value"));
              if (key.equals("deregistration_delay.timeout_seconds") && parse(value) != null) {
                dereg = parse(value);
              } else if (key.equals("stickiness.enabled")) {
                sticky = value.equalsIgnoreCase("true");
              } else if (key.equals("load_balancing.algorithm.type")) {
                // weighted_random with equal weights picks at random (docs/decisions/015)
                algorithm =
                    switch (value) {
                      case "least_outstanding_requests" -> "least-outstanding-requests";
                      case "weighted_random" -> "random";
                      default -> "round-robin";
                    };
              } else if (key.equals("load_balancing.cross_zone.enabled")) {
                crossZone = value.equalsIgnoreCase("true");
              }
            }
          }
          mapped(
              tg,
              "health check of the entry: every "
                  + fmt(check[0])
                  + " s, unhealthy after "
                  + (int) check[3]);
          tgs.subList(1, tgs.size())
              .forEach(
                  o ->
                      unsupported(
                          o,
                          "a second target group (the entry sends all traffic to the compute tier)"));
        }
        for (StackResource l : ofType("AWS::ElasticLoadBalancingV2::Listener")) {
          if (Props.refs(l, "LoadBalancerArn").contains(lb.id())) {
            mapped(l, "listener of " + lb.id());
          }
        }
        for (Object attr : Props.list(lb, "LoadBalancerAttributes")) {
          if (attr instanceof Map<?, ?> a
              && "load_balancing.cross_zone.enabled".equals(a.get("Key"))) {
            crossZone = CfnTemplate.scalarText(a.get("Value")).equalsIgnoreCase("true");
          }
        }
        mapped(lb, "entry: " + (type.equals("network") ? "NLB" : "ALB"));
      }
      hc.put("intervalSeconds", check[0]);
      hc.put("timeoutSeconds", check[1]);
      hc.put("healthyThreshold", (int) check[2]);
      hc.put("unhealthyThreshold", (int) check[3]);
      e.put("crossZone", crossZone);
      e.put("deregistrationDelaySeconds", dereg);
      e.put("stickySessions", sticky);
      e.put("aliasRecord", true);
      if (algorithm != null && !type.equals("network")) {
        e.put("algorithm", algorithm);
      }
      return e;
    }
    List<StackResource> records =
        ofType("AWS::Route53::RecordSet").stream()
            .filter(r -> "A".equals(Props.get(r, "Type")) && Props.get(r, "AliasTarget") == null)
            .toList();
    if (!records.isEmpty()) {
      StackResource rec = records.get(0);
      Double ttl = props.num(rec, "TTL");
      e.put("type", "route53");
      e.put("ttlSeconds", ttl == null ? 300 : ttl);
      origin(ep + ".ttlSeconds", rec, "TTL");
      String policy =
          Props.get(rec, "Weight") != null
              ? "weighted"
              : Props.get(rec, "MultiValueAnswer") != null ? "multivalue" : "simple";
      e.put("routing", policy);
      String hcId = Props.ref(rec, "HealthCheckId");
      if (hcId != null && byId.get(hcId) instanceof StackResource hc) {
        Double interval = props.num(hc, "HealthCheckConfig.RequestInterval");
        Integer threshold = props.integer(hc, "HealthCheckConfig.FailureThreshold");
        ObjectNode h = e.putObject("healthCheck");
        h.put("intervalSeconds", interval == null ? 30 : interval);
        h.put("failureThreshold", threshold == null ? 3 : threshold);
        mapped(hc, "health check of the DNS entry");
      } else {
        e.put("removalMinutes", 30);
        assume(
            ep + ".removalMinutes",
            "an operator removes a dead instance's record after 30 minutes (no health check)");
      }
      records.forEach(r -> mapped(r, "entry: Route 53 " + policy + " record"));
      return e;
    }
    return elasticIps(compute);
  }

  /**
   * Interval, timeout, healthy and unhealthy thresholds read from four properties (each default
   * kept when absent), each scenario field remembering the property it came from.
   */
  private double[] healthCheck(StackResource r, String[] keys, double[] defaults) {
    String[] fields = {
      "intervalSeconds", "timeoutSeconds", "healthyThreshold", "unhealthyThreshold"
    };
    double[] out = defaults.clone();
    for (int k = 0; k < 4; k++) {
      Double v = k < 2 ? props.num(r, keys[k]) : (Double) asDouble(props.integer(r, keys[k]));
      if (v != null) {
        out[k] = v;
      }
      origin(ARCH + ".entry.healthCheck." + fields[k], r, keys[k]);
    }
    return out;
  }

  private static Double asDouble(Integer i) {
    return i == null ? null : i.doubleValue();
  }

  private ObjectNode elasticIps(ObjectNode compute) {
    ObjectNode e = F.objectNode();
    e.put("type", "elastic-ip");
    List<StackResource> eips = ofType("AWS::EC2::EIP");
    eips.forEach(ip -> mapped(ip, "entry: an Elastic IP per instance"));
    if (eips.isEmpty()) {
      assume(
          ARCH + ".entry",
          "clients reach each instance at its public address (no load balancer, record or Elastic IP)");
    }
    compute.put("publicAddresses", true);
    compute.put("ingress", "anywhere");
    return e;
  }

  // ---------------------------------------------------------------- serverless

  private StackResource pickApi() {
    List<StackResource> apis = ofType("AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api");
    if (apis.isEmpty()) {
      return null;
    }
    StackResource first =
        apis.stream().max(Comparator.comparingInt(a -> integrations(a).size())).orElseThrow();
    for (StackResource other : apis) {
      if (other != first) {
        unsupported(other, "a second API (a stage has one entry; import " + first.id() + ")");
      }
    }
    return first;
  }

  /**
   * Functions an API integrates with: SAM events, or methods/integrations naming the API and a
   * function.
   */
  private List<String> integrations(StackResource api) {
    List<String> fns = new ArrayList<>(Props.refs(api, SamExpander.INTEGRATIONS));
    for (StackResource m : ofType("AWS::ApiGateway::Method", "AWS::ApiGatewayV2::Integration")) {
      Set<String> refs = CfnTemplate.refsIn(m.properties());
      if (refs.contains(api.id())) {
        refs.stream()
            .filter(
                id ->
                    byId.containsKey(id)
                        && byId.get(id).type().equals("AWS::Lambda::Function")
                        && !fns.contains(id))
            .forEach(fns::add);
        mapped(m, "route of " + api.id());
      }
    }
    return fns;
  }

  private StackResource pickFunction(List<StackResource> functions, StackResource api) {
    if (functions.isEmpty()) {
      return null;
    }
    if (api != null) {
      List<String> fns = integrations(api);
      if (!fns.isEmpty()) {
        return byId.get(fns.get(0));
      }
    }
    return functions.stream().filter(f -> !consumers().contains(f.id())).findFirst().orElse(null);
  }

  private ObjectNode functionTier(StackResource f) {
    String fp = ARCH + ".functions";
    ObjectNode o = F.objectNode();
    o.put("name", f.id());
    Integer memory = props.integer(f, "MemorySize");
    o.put("memoryMb", memory == null ? 128 : memory);
    origin(fp + ".memoryMb", f, "MemorySize");
    o.put("accountConcurrency", dev.archsim.engine.model.Functions.DEFAULT_ACCOUNT_CONCURRENCY);
    Integer reserved = props.integer(f, "ReservedConcurrentExecutions");
    if (reserved != null) {
      o.put("reservedConcurrency", reserved);
      origin(fp + ".reservedConcurrency", f, "ReservedConcurrentExecutions");
    }
    Integer provisioned =
        props.integer(f, "ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions");
    for (StackResource alias : ofType("AWS::Lambda::Alias")) {
      if (Props.refs(alias, "FunctionName").contains(f.id())) {
        Integer p =
            props.integer(alias, "ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions");
        provisioned = p != null ? p : provisioned;
        mapped(alias, "provisioned concurrency of " + f.id());
      }
    }
    o.put("provisionedConcurrency", provisioned == null ? 0 : provisioned);
    String runtime = String.valueOf(Props.get(f, "Runtime"));
    boolean jvm = runtime.startsWith("java");
    o.put("coldStartMs", jvm ? dev.archsim.engine.model.Functions.DEFAULT_COLD_START_MS : 300);
    assume(
        fp + ".coldStartMs",
        (jvm
                ? "1500 ms, a plain Java function's cold start"
                : "300 ms for the " + runtime + " runtime")
            + "; measure yours");
    o.put("snapStart", "PublishedVersions".equals(Props.get(f, "SnapStart.ApplyOn")));
    o.put(
        "environmentLifetimeMinutes",
        dev.archsim.engine.model.Functions.DEFAULT_ENVIRONMENT_LIFETIME_MINUTES);
    o.put("arm64", Props.list(f, "Architectures").contains("arm64"));
    mapped(
        f,
        "function tier "
            + f.id()
            + ": "
            + o.get("memoryMb").asInt()
            + " MB"
            + (reserved == null ? "" : ", reserved concurrency " + reserved));
    return o;
  }

  private ObjectNode apiEntry(StackResource api, StackResource function) {
    ObjectNode e = F.objectNode();
    e.put("type", "api-gateway");
    boolean rest = api != null && api.type().equals("AWS::ApiGateway::RestApi");
    e.put("api", rest ? "rest" : "http");
    Double throttle = null;
    if (api != null) {
      throttle =
          rest
              ? throttleOf(api, "MethodSettings")
              : props.num(api, "DefaultRouteSettings.ThrottlingRateLimit");
      for (StackResource stage : ofType("AWS::ApiGatewayV2::Stage", "AWS::ApiGateway::Stage")) {
        if (CfnTemplate.refsIn(stage.properties()).contains(api.id())) {
          Double t =
              stage.type().equals("AWS::ApiGateway::Stage")
                  ? throttleOf(stage, "MethodSettings")
                  : props.num(stage, "DefaultRouteSettings.ThrottlingRateLimit");
          throttle = t != null ? t : throttle;
          mapped(stage, "stage of " + api.id());
        }
      }
      mapped(api, "entry: API Gateway " + (rest ? "REST" : "HTTP") + " API");
    } else {
      assume(
          ARCH + ".entry",
          "an HTTP API in front of " + function.id() + " (the stack declares no API)");
    }
    e.put(
        "throttleRps",
        throttle == null
            ? dev.archsim.engine.model.Entry.ApiGateway.DEFAULT_THROTTLE_RPS
            : throttle);
    e.put("timeoutSeconds", rest ? 29 : 30);
    return e;
  }

  private Double throttleOf(StackResource r, String key) {
    for (Object s : Props.list(r, key)) {
      if (s instanceof Map<?, ?> m && m.get("ThrottlingRateLimit") != null) {
        return parse(CfnTemplate.scalarText(m.get("ThrottlingRateLimit")));
      }
    }
    return null;
  }

  /** True when an EventBridge rule or schedule invokes the function. */
  private boolean triggeredByRule(StackResource f) {
    return resources.stream()
        .anyMatch(
            r ->
                (r.type().equals("AWS::Events::Rule")
                        || r.type().equals("AWS::Scheduler::Schedule"))
                    && CfnTemplate.refsIn(r.properties()).contains(f.id()));
  }

  private Set<String> consumersCache;

  /** Functions that consume a queue or stream (an event source mapping names them). */
  private Set<String> consumers() {
    if (consumersCache == null) {
      consumersCache = new LinkedHashSet<>();
      for (StackResource m : ofType("AWS::Lambda::EventSourceMapping")) {
        consumersCache.addAll(Props.refs(m, "FunctionName"));
      }
    }
    return consumersCache;
  }

  // ---------------------------------------------------------------- data tier

  private ObjectNode database(List<String> azs) {
    String dp = ARCH + ".database";
    List<StackResource> clusters = ofType("AWS::RDS::DBCluster");
    List<StackResource> instances = ofType("AWS::RDS::DBInstance");
    List<StackResource> tables = ofType("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable");
    ObjectNode d = F.objectNode();
    StackResource chosen;
    if (!clusters.isEmpty()) {
      StackResource cl = clusters.get(0);
      chosen = cl;
      List<StackResource> members =
          instances.stream()
              .filter(i -> Props.refs(i, "DBClusterIdentifier").contains(cl.id()))
              .toList();
      String engine = String.valueOf(Props.get(cl, "Engine"));
      if (!engine.startsWith("aurora")) {
        unsupported(
            cl,
            "a Multi-AZ DB cluster of "
                + engine
                + " (two readable standbys); the model has RDS Multi-AZ instances and Aurora");
        return instanceDatabase(
            instances.stream().filter(i -> !members.contains(i)).toList(), tables, azs);
      }
      d.put("engine", "aurora");
      String cls = members.isEmpty() ? null : props.str(members.get(0), "DBInstanceClass");
      ObjectNode range = serverlessV2(cl, members, cls);
      if (range != null) {
        cls = dev.archsim.engine.model.Database.ServerlessV2.INSTANCE_CLASS;
        d.set("serverless", range);
      } else if (cls == null || cls.equals("db.serverless")) {
        cls = "db.r6g.large";
        assume(
            dp + ".instanceClass",
            "db.r6g.large ("
                + (members.isEmpty()
                    ? "the cluster declares no instances"
                    : "Aurora Serverless v2 has no fixed class")
                + ")");
      } else {
        origin(dp + ".instanceClass", members.get(0), "DBInstanceClass");
        cls =
            catalogType(
                cls,
                dev.archsim.engine.catalog.Services.dbClassNames().stream()
                    .filter(n -> dev.archsim.engine.catalog.Services.dbClass(n).get().aurora())
                    .toList(),
                members.get(0).at("DBInstanceClass"),
                "Aurora instance class");
      }
      d.put("instanceClass", cls);
      int replicas = Math.max(0, members.size() - 1);
      d.put("multiAz", replicas > 0);
      d.put("readReplicas", replicas);
      members.forEach(m -> mapped(m, "Aurora instance of " + cl.id()));
      clusters
          .subList(1, clusters.size())
          .forEach(
              o -> unsupported(o, "a second database (a stage holds one; import " + cl.id() + ")"));
      instances.stream()
          .filter(i -> !members.contains(i))
          .forEach(
              i -> unsupported(i, "a second database (a stage holds one; import " + cl.id() + ")"));
      tables.forEach(
          t -> unsupported(t, "a second database (a stage holds one; import " + cl.id() + ")"));
      d.put("global", Props.get(cl, "GlobalClusterIdentifier") != null);
      mapped(
          cl,
          "database: Aurora, "
              + (range == null
                  ? cls
                  : "Serverless v2 "
                      + fmt(range.get("minAcu").asDouble())
                      + "-"
                      + fmt(range.get("maxAcu").asDouble())
                      + " ACU")
              + ", "
              + (replicas + 1)
              + " instance(s)");
    } else if (!instances.isEmpty()) {
      return instanceDatabase(instances, tables, azs);
    } else if (!tables.isEmpty()) {
      StackResource t = tables.get(0);
      chosen = t;
      d.put("engine", "dynamodb");
      ObjectNode cap = d.putObject("capacity");
      boolean provisioned =
          "PROVISIONED".equals(Props.get(t, "BillingMode"))
              || (Props.get(t, "BillingMode") == null
                  && Props.get(t, "ProvisionedThroughput") != null);
      if (t.type().equals("AWS::DynamoDB::GlobalTable")) {
        provisioned = "PROVISIONED".equals(Props.get(t, "BillingMode"));
      }
      cap.put("mode", provisioned ? "provisioned" : "on-demand");
      if (provisioned) {
        Double rcu = props.num(t, "ProvisionedThroughput.ReadCapacityUnits");
        Double wcu = props.num(t, "ProvisionedThroughput.WriteCapacityUnits");
        cap.put("readUnits", rcu == null ? 5 : rcu);
        cap.put("writeUnits", wcu == null ? 5 : wcu);
        origin(dp + ".capacity.readUnits", t, "ProvisionedThroughput.ReadCapacityUnits");
      }
      boolean global =
          t.type().equals("AWS::DynamoDB::GlobalTable") && Props.list(t, "Replicas").size() > 1;
      d.put("global", global);
      mapped(
          t,
          "database: DynamoDB, "
              + (provisioned ? "provisioned" : "on-demand")
              + (global ? ", global table" : ""));
      tables
          .subList(1, tables.size())
          .forEach(
              o ->
                  unsupported(
                      o, "a second table (a stage holds one database; import " + t.id() + ")"));
    } else {
      return null;
    }
    proxy(d, chosen);
    return finishDatabase(d);
  }

  /**
   * Aurora Serverless v2: the cluster's {@code ServerlessV2ScalingConfiguration} when its writer
   * (the first member) is a {@code db.serverless} instance, or when it declares no instance but a
   * range; null for a provisioned cluster. A serverless writer without the range is an error (AWS
   * refuses it too); serverless readers beside a provisioned writer are a warning (the model gives
   * every instance of the cluster one kind).
   */
  private ObjectNode serverlessV2(StackResource cl, List<StackResource> members, String writer) {
    String cfg = "ServerlessV2ScalingConfiguration";
    boolean hasRange = Props.get(cl, cfg) != null;
    String serverless = dev.archsim.engine.model.Database.ServerlessV2.INSTANCE_CLASS;
    boolean serverlessWriter = serverless.equals(writer) || (members.isEmpty() && hasRange);
    if (!serverlessWriter) {
      members.stream()
          .skip(1)
          .filter(m -> serverless.equals(Props.get(m, "DBInstanceClass")))
          .findFirst()
          .ifPresent(
              m ->
                  report.problem(
                      Violation.warning(
                          m.at("DBInstanceClass"),
                          "a db.serverless reader beside the provisioned writer "
                              + members.get(0).id()
                              + ": the model gives every instance of the cluster the writer's"
                              + " class ("
                              + writer
                              + ")")));
      return null;
    }
    if (!hasRange) {
      report.problem(
          Violation.error(
              cl.at(cfg),
              "missing: the cluster's db.serverless instances need its"
                  + " ServerlessV2ScalingConfiguration (MinCapacity, MaxCapacity)"));
      return null;
    }
    Double min = props.num(cl, cfg + ".MinCapacity");
    Double max = props.num(cl, cfg + ".MaxCapacity");
    if (min == null || max == null) {
      if (min == null && Props.get(cl, cfg + ".MinCapacity") == null) {
        report.problem(Violation.error(cl.at(cfg + ".MinCapacity"), "missing: the least ACUs"));
      }
      if (max == null && Props.get(cl, cfg + ".MaxCapacity") == null) {
        report.problem(Violation.error(cl.at(cfg + ".MaxCapacity"), "missing: the most ACUs"));
      }
      return null;
    }
    ObjectNode range = F.objectNode();
    range.put("minAcu", min);
    range.put("maxAcu", max);
    origin(ARCH + ".database.serverless.minAcu", cl, cfg + ".MinCapacity");
    origin(ARCH + ".database.serverless.maxAcu", cl, cfg + ".MaxCapacity");
    return range;
  }

  private ObjectNode instanceDatabase(
      List<StackResource> instances, List<StackResource> tables, List<String> azs) {
    String dp = ARCH + ".database";
    if (instances.isEmpty()) {
      return null;
    }
    List<StackResource> primaries =
        instances.stream().filter(i -> Props.get(i, "SourceDBInstanceIdentifier") == null).toList();
    StackResource primary = primaries.isEmpty() ? instances.get(0) : primaries.get(0);
    ObjectNode d = F.objectNode();
    String engine = String.valueOf(Props.get(primary, "Engine"));
    if (engine.startsWith("sqlserver") || engine.startsWith("oracle") || engine.startsWith("db2")) {
      report.problem(
          Violation.warning(
              primary.at("Engine"),
              engine
                  + " is modelled with RDS's MySQL/PostgreSQL failover and the instance class's price without licence"));
    }
    d.put("engine", "rds");
    String cls = props.str(primary, "DBInstanceClass");
    if (cls == null) {
      cls = "db.m5.large";
      assume(dp + ".instanceClass", "db.m5.large (DBInstanceClass not known)");
    } else {
      origin(dp + ".instanceClass", primary, "DBInstanceClass");
      cls =
          catalogType(
              cls,
              dev.archsim.engine.catalog.Services.dbClassNames(),
              primary.at("DBInstanceClass"),
              "instance class");
    }
    d.put("instanceClass", cls);
    boolean multiAz = props.bool(primary, "MultiAZ", false);
    d.put("multiAz", multiAz);
    origin(dp + ".multiAz", primary, "MultiAZ");
    List<StackResource> replicas =
        instances.stream()
            .filter(i -> Props.refs(i, "SourceDBInstanceIdentifier").contains(primary.id()))
            .toList();
    d.put("readReplicas", replicas.size());
    replicas.forEach(r -> mapped(r, "read replica of " + primary.id()));
    Double storage = props.num(primary, "AllocatedStorage");
    if (storage != null) {
      d.put("storageGb", storage);
    }
    if (Props.get(primary, "AvailabilityZone") instanceof String az && azs.contains(az)) {
      d.put("primaryAz", az);
    }
    for (StackResource o : instances) {
      if (o != primary && !replicas.contains(o)) {
        unsupported(o, "a second database (a stage holds one; import " + primary.id() + ")");
      }
    }
    tables.forEach(
        t -> unsupported(t, "a second database (a stage holds one; import " + primary.id() + ")"));
    mapped(
        primary,
        "database: RDS "
            + engine
            + ", "
            + cls
            + (multiAz ? ", Multi-AZ" : ", single-AZ")
            + (replicas.isEmpty() ? "" : ", " + replicas.size() + " read replica(s)"));
    proxy(d, primary);
    return finishDatabase(d);
  }

  private void proxy(ObjectNode d, StackResource db) {
    boolean proxied = false;
    for (StackResource tg : ofType("AWS::RDS::DBProxyTargetGroup")) {
      Set<String> refs = CfnTemplate.refsIn(tg.properties());
      if (refs.contains(db.id())
          || refs.stream()
              .anyMatch(
                  id ->
                      byId.containsKey(id)
                          && Props.refs(byId.get(id), "DBClusterIdentifier").contains(db.id()))) {
        for (String proxy : Props.refs(tg, "DBProxyName")) {
          if (byId.get(proxy) instanceof StackResource p) {
            mapped(p, "RDS Proxy in front of " + db.id());
            proxied = true;
          }
        }
        mapped(tg, "targets of the proxy");
      }
    }
    if (d.get("engine").asText().equals("dynamodb")) {
      return;
    }
    if (proxied && d.has("serverless")) {
      for (StackResource p : ofType("AWS::RDS::DBProxy")) {
        if (report.lines().stream()
            .anyMatch(l -> l.resource().equals(p.id()) && l.status() == Status.MAPPED)) {
          report.add(
              p.id(),
              p.sourceType(),
              Status.UNSUPPORTED,
              "RDS Proxy in front of Aurora Serverless v2 is billed per ACU, which archsim does not"
                  + " price; the database is simulated without it");
        }
      }
      proxied = false;
    }
    d.put("proxy", proxied);
  }

  private ObjectNode finishDatabase(ObjectNode d) {
    boolean dynamo = d.get("engine").asText().equals("dynamodb");
    if (!dynamo) {
      d.put("replicaLagSeconds", dev.archsim.engine.model.Database.DEFAULT_REPLICA_LAG_SECONDS);
      d.put(
          "queriesPerSecondPerVcpu",
          dev.archsim.engine.model.Database.DEFAULT_QUERIES_PER_SECOND_PER_VCPU);
    }
    d.put(
        "queryMs",
        dynamo
            ? dev.archsim.engine.model.Database.DEFAULT_DYNAMODB_QUERY_MS
            : dev.archsim.engine.model.Database.DEFAULT_RDS_QUERY_MS);
    if (!d.has("storageGb")) {
      d.put("storageGb", dev.archsim.engine.model.Database.DEFAULT_STORAGE_GB);
      assume(ARCH + ".database.storageGb", "100 GB of data");
    }
    return d;
  }

  private ObjectNode cache(boolean hasDatabase) {
    List<StackResource> groups = ofType("AWS::ElastiCache::ReplicationGroup");
    List<StackResource> clusters = ofType("AWS::ElastiCache::CacheCluster");
    List<StackResource> serverless = ofType("AWS::ElastiCache::ServerlessCache");
    if (groups.isEmpty() && clusters.isEmpty()) {
      if (serverless.isEmpty()) {
        return null;
      }
      return serverlessCache(serverless, hasDatabase);
    }
    serverless.forEach(
        s ->
            unsupported(s, "a second cache (a stage holds one; the node-based cache is imported)"));
    StackResource r = groups.isEmpty() ? clusters.get(0) : groups.get(0);
    if (!hasDatabase) {
      unsupported(
          r,
          "a cache with no database behind it (the model puts the cache in front of the database)");
      return null;
    }
    ObjectNode c = F.objectNode();
    String cp = ARCH + ".cache";
    boolean group = r.type().equals("AWS::ElastiCache::ReplicationGroup");
    String engine = group ? "redis" : String.valueOf(Props.get(r, "Engine"));
    engine = engine.equals("memcached") ? "memcached" : "redis";
    c.put("engine", engine);
    String node = props.str(r, "CacheNodeType");
    c.put(
        "nodeType",
        node == null
            ? "cache.r6g.large"
            : catalogType(
                node,
                dev.archsim.engine.catalog.Services.cacheNodeTypes(),
                r.at("CacheNodeType"),
                "node type"));
    origin(cp + ".nodeType", r, "CacheNodeType");
    int nodes;
    boolean replicated;
    if (group) {
      Integer shards = props.integer(r, "NumNodeGroups");
      Integer clustersCount = props.integer(r, "NumCacheClusters");
      Integer replicasPer = props.integer(r, "ReplicasPerNodeGroup");
      nodes = shards != null ? shards : 1;
      replicated =
          props.bool(r, "AutomaticFailoverEnabled", false)
              || (clustersCount != null && clustersCount > 1)
              || (replicasPer != null && replicasPer > 0);
    } else {
      Integer n = props.integer(r, "NumCacheNodes");
      nodes = n == null ? 1 : n;
      replicated = false;
    }
    c.put("nodes", nodes);
    c.put("hitRatio", 0.8);
    assume(cp + ".hitRatio", "80 % of reads hit the cache when warm");
    c.put("replicated", replicated);
    c.put("warmupMinutes", dev.archsim.engine.model.Cache.DEFAULT_WARMUP_MINUTES);
    mapped(
        r,
        "cache: "
            + engine
            + " "
            + c.get("nodeType").asText()
            + " x"
            + nodes
            + (replicated ? ", replicated" : ""));
    for (StackResource o : groups) {
      if (o != r) unsupported(o, "a second cache (a stage holds one)");
    }
    for (StackResource o : clusters) {
      if (o != r) {
        if (Props.refs(o, "ReplicationGroupId").contains(r.id())) mapped(o, "node of " + r.id());
        else unsupported(o, "a second cache (a stage holds one)");
      }
    }
    return c;
  }

  /**
   * ElastiCache Serverless: its engine, the ECPU/second maximum of its usage limits (beyond which
   * it throttles), and a data size within its data storage limits. The data size is the model's;
   * the stack gives only limits, so it is assumed (the storage minimum, which AWS bills at least,
   * or the 1 GB ElastiCache Serverless meters at least).
   */
  private ObjectNode serverlessCache(List<StackResource> caches, boolean hasDatabase) {
    StackResource r = caches.get(0);
    caches
        .subList(1, caches.size())
        .forEach(o -> unsupported(o, "a second cache (a stage holds one)"));
    if (!hasDatabase) {
      unsupported(
          r,
          "a cache with no database behind it (the model puts the cache in front of the database)");
      return null;
    }
    String cp = ARCH + ".cache";
    String limits = "CacheUsageLimits";
    ObjectNode c = F.objectNode();
    String engine = props.str(r, "Engine");
    String lower = engine == null ? "redis" : engine.toLowerCase(java.util.Locale.ROOT);
    if (!lower.equals("redis") && !lower.equals("memcached") && !lower.equals("valkey")) {
      report.problem(
          Violation.error(
              r.at("Engine"), "must be redis, valkey or memcached; found '" + engine + "'"));
    }
    if (lower.equals("valkey")) {
      report.problem(
          Violation.warning(
              r.at("Engine"),
              "Valkey is simulated and priced as Redis OSS (AWS prices ElastiCache Serverless for"
                  + " Valkey lower)"));
    }
    c.put("engine", lower.equals("memcached") ? "memcached" : "redis");
    origin(cp + ".engine", r, "Engine");
    c.put("hitRatio", 0.8);
    assume(cp + ".hitRatio", "80 % of reads hit the cache when warm");
    ObjectNode sv = c.putObject("serverless");
    String unit = props.str(r, limits + ".DataStorage.Unit");
    if (unit != null && !unit.equalsIgnoreCase("GB")) {
      report.problem(
          Violation.error(
              r.at(limits + ".DataStorage.Unit"),
              "must be GB (ElastiCache's only unit); found '" + unit + "'"));
    }
    Double minGb = props.num(r, limits + ".DataStorage.Minimum");
    Double maxGb = props.num(r, limits + ".DataStorage.Maximum");
    double dataGb =
        Math.max(
            minGb == null ? 0 : minGb, dev.archsim.engine.model.Cache.Serverless.MIN_BILLED_GB);
    if (maxGb != null && dataGb > maxGb) {
      dataGb = maxGb;
    }
    sv.put("dataGb", dataGb);
    assume(
        cp + ".serverless.dataGb",
        fmt(dataGb)
            + " GB of cached data ("
            + (minGb != null
                ? "the data storage minimum, which AWS bills at least"
                : "ElastiCache Serverless meters at least 1 GB")
            + (maxGb != null
                ? "; the stack's data storage maximum of "
                    + fmt(maxGb)
                    + " GB caps what is kept, which the model does not simulate: keep dataGb at"
                    + " or below it"
                : "")
            + ")");
    sv.put("itemKb", dev.archsim.engine.model.Cache.DEFAULT_SERVERLESS_ITEM_KB);
    assume(cp + ".serverless.itemKb", "1 KB items (one ECPU per GET or SET)");
    Double ecpu = props.num(r, limits + ".ECPUPerSecond.Maximum");
    if (ecpu != null) {
      sv.put("maxEcpuPerSecond", ecpu);
      origin(cp + ".serverless.maxEcpuPerSecond", r, limits + ".ECPUPerSecond.Maximum");
    } else {
      sv.put("maxEcpuPerSecond", 0);
    }
    mapped(
        r,
        "cache: ElastiCache Serverless ("
            + (engine == null ? "redis" : lower)
            + ")"
            + (ecpu != null ? ", at most " + fmt(ecpu) + " ECPU/s" : ", no ECPU/s limit")
            + (maxGb != null ? ", data storage at most " + fmt(maxGb) + " GB" : ""));
    return c;
  }

  private ObjectNode cdn() {
    List<StackResource> dists = ofType("AWS::CloudFront::Distribution");
    if (dists.isEmpty()) {
      return null;
    }
    StackResource d = dists.get(0);
    boolean s3 = false;
    for (Object o : Props.list(d, "DistributionConfig.Origins")) {
      if (o instanceof Map<?, ?> m) {
        s3 |=
            m.containsKey("S3OriginConfig") || String.valueOf(m.get("DomainName")).contains(".s3.");
        for (String ref : CfnTemplate.refsIn(m)) {
          if (byId.get(ref) instanceof StackResource target
              && target.type().equals("AWS::S3::Bucket")) {
            s3 = true;
            mapped(target, "origin of " + d.id());
          }
        }
      }
    }
    ObjectNode c = F.objectNode();
    c.put("hitRatio", 0.9);
    assume(ARCH + ".cdn.hitRatio", "90 % of static requests hit the edge");
    c.put("edgeLatencyMs", dev.archsim.engine.model.Cdn.DEFAULT_EDGE_LATENCY_MS);
    c.put("s3Origin", s3);
    mapped(d, "CloudFront in front of the entry" + (s3 ? ", static content from S3" : ""));
    dists
        .subList(1, dists.size())
        .forEach(o -> unsupported(o, "a second distribution (a stage holds one)"));
    return c;
  }

  private ObjectNode queue(boolean hasDatabase) {
    for (StackResource m : ofType("AWS::Lambda::EventSourceMapping")) {
      String src = Props.ref(m, "EventSourceArn");
      if (src == null
          || !(byId.get(src) instanceof StackResource q)
          || !q.type().equals("AWS::SQS::Queue")) {
        continue;
      }
      if (!hasDatabase) {
        unsupported(
            q,
            "a queue with no database behind it (the model's queue carries the requests' writes to the database)");
        continue;
      }
      String fnId = Props.ref(m, "FunctionName");
      StackResource fn = fnId == null ? null : byId.get(fnId);
      ObjectNode o = F.objectNode();
      String qp = ARCH + ".queue";
      o.put("share", 1.0);
      assume(qp + ".share", "every write of a request goes through the queue " + q.id());
      Integer batch = props.integer(m, "BatchSize");
      Integer maxConc = props.integer(m, "ScalingConfig.MaximumConcurrency");
      Integer reserved = fn == null ? null : props.integer(fn, "ReservedConcurrentExecutions");
      int consumers = maxConc != null ? maxConc : reserved != null ? reserved : 5;
      int perBatch = batch == null ? 10 : batch;
      double rate = consumers * perBatch / 1.0;
      o.put("consumerRatePerSecond", rate);
      assume(
          qp + ".consumerRatePerSecond",
          fmt(rate)
              + " messages/s: "
              + consumers
              + " concurrent consumer(s)"
              + (maxConc == null && reserved == null ? " (Lambda's initial 5 pollers)" : "")
              + " × batches of "
              + perBatch
              + " each taking 1 s");
      Integer receives = null;
      if (Props.get(q, "RedrivePolicy") instanceof Map<?, ?>) {
        receives = props.integer(q, "RedrivePolicy.maxReceiveCount");
        for (String dlq : Props.refs(q, "RedrivePolicy")) {
          if (byId.get(dlq) instanceof StackResource dl) {
            mapped(dl, "dead-letter queue of " + q.id());
          }
        }
      }
      o.put("maxReceiveCount", receives == null ? 5 : receives);
      o.put("poisonShare", 0);
      Double retention = props.num(q, "MessageRetentionPeriod");
      o.put(
          "retentionHours",
          retention == null
              ? dev.archsim.engine.model.AsyncQueue.DEFAULT_RETENTION_HOURS
              : retention / 3600.0);
      origin(qp + ".retentionHours", q, "MessageRetentionPeriod");
      o.put("fanoutSubscribers", 0);
      o.put("fanoutVia", "sns");
      fanout(o, q);
      stageQueue = q.id();
      mapped(q, "queue between the compute tier and the database, consumed by " + fnId);
      mapped(m, "consumer of " + q.id());
      if (fn != null) {
        mapped(fn, "consumer of " + q.id());
      }
      return o;
    }
    return null;
  }

  /**
   * The fan-out in front of the queue: an SNS topic one of whose subscriptions is the queue (its
   * subscriptions are the subscribers), or else an EventBridge rule that targets the queue (its
   * targets are).
   */
  private void fanout(ObjectNode o, StackResource q) {
    for (StackResource topic : ofType("AWS::SNS::Topic")) {
      List<StackResource> subs =
          ofType("AWS::SNS::Subscription").stream()
              .filter(sub -> topic.id().equals(Props.ref(sub, "TopicArn")))
              .toList();
      List<Object> inline = Props.list(topic, "Subscription");
      boolean toQueue =
          subs.stream().anyMatch(sub -> Props.refs(sub, "Endpoint").contains(q.id()))
              || CfnTemplate.refsIn(inline).contains(q.id());
      if (toQueue) {
        int n = subs.size() + inline.size();
        o.put("fanoutSubscribers", n);
        o.put("fanoutVia", "sns");
        origin(ARCH + ".queue.fanoutSubscribers", topic, "Subscription");
        mapped(
            topic,
            "queue.fanoutSubscribers: publishes each message to "
                + n
                + " subscriber(s), "
                + q.id()
                + " among them (fanoutVia sns)");
        subs.forEach(sub -> mapped(sub, "a subscriber of " + topic.id() + " (queue fan-out)"));
        return;
      }
    }
    for (StackResource rule : ofType("AWS::Events::Rule")) {
      List<StackResource> tfTargets =
          ofType("aws_cloudwatch_event_target").stream()
              .filter(t -> rule.id().equals(Props.ref(t, "Rule")))
              .toList();
      if (CfnTemplate.refsIn(Props.get(rule, "Targets")).contains(q.id())
          || tfTargets.stream().anyMatch(t -> Props.refs(t, "Arn").contains(q.id()))) {
        int n = Props.list(rule, "Targets").size() + tfTargets.size();
        tfTargets.forEach(t -> mapped(t, "a target of " + rule.id() + " (queue fan-out)"));
        o.put("fanoutSubscribers", n);
        o.put("fanoutVia", "eventbridge");
        origin(ARCH + ".queue.fanoutSubscribers", rule, "Targets");
        mapped(
            rule,
            "queue.fanoutSubscribers: routes each event to "
                + n
                + " target(s), "
                + q.id()
                + " among them (fanoutVia eventbridge)");
        if (byId.get(Props.ref(rule, "EventBusName")) instanceof StackResource bus) {
          mapped(bus, "the bus of " + rule.id() + " (queue fan-out)");
        }
        return;
      }
    }
  }

  private void routeRecords(boolean behindLb) {
    for (StackResource r : ofType("AWS::Route53::RecordSet", "AWS::Route53::RecordSetGroup")) {
      if (reported(r)) {
        continue;
      }
      Set<String> refs = CfnTemplate.refsIn(r.properties());
      boolean toEntry =
          refs.stream()
              .anyMatch(
                  id ->
                      byId.containsKey(id)
                          && report.lines().stream()
                              .anyMatch(
                                  l -> l.resource().equals(id) && l.status() == Status.MAPPED));
      if (Props.get(r, "Failover") != null) {
        unsupported(
            r,
            "a failover record: give the scenario a dr section with the secondary region instead");
      } else if (toEntry || behindLb) {
        mapped(
            r,
            "DNS name of the entry"
                + (Props.get(r, "AliasTarget") != null ? " (alias: no TTL to wait for)" : ""));
      } else {
        report.add(r.id(), r.sourceType(), Status.IGNORED, "names nothing this stage simulates");
      }
    }
  }

  private void classifyRest() {
    for (StackResource r : resources) {
      if (reported(r)) {
        continue;
      }
      String unsupported = ResourceKinds.UNSUPPORTED.get(r.type());
      if (unsupported != null) {
        unsupported(r, "not in the model yet: it would take " + unsupported);
        continue;
      }
      String ignored = ResourceKinds.ignored(r.type());
      if (r.type().equals("AWS::EC2::EIP")) {
        boolean nat =
            resources.stream()
                .anyMatch(
                    n ->
                        n.type().equals("AWS::EC2::NatGateway")
                            && CfnTemplate.refsIn(n.properties()).contains(r.id()));
        ignored = nat ? "the address of a NAT gateway" : "an address no imported instance uses";
      } else if (r.type().equals("AWS::EC2::NatGateway")
          || r.type().equals("AWS::EC2::VPCEndpoint")) {
        ignored = "egress of an EC2 tier, and the stack has none to import";
      } else if (r.type().equals("AWS::CloudWatch::Alarm")) {
        ignored = "monitoring of a stack with nothing to simulate";
      } else if (r.type().equals("AWS::EC2::SecurityGroup")) {
        ignored = "security groups are read as the compute tier's ingress";
      } else if (r.type().equals("AWS::SQS::Queue")
          || r.type().equals("AWS::Lambda::EventSourceMapping")
          || r.type().equals("AWS::Lambda::Function")) {
        ignored =
            "outside the request path of the imported stage (the model has one queue, fed by the requests' writes)";
      } else if (r.type().equals("AWS::ElasticLoadBalancingV2::Listener")
          || r.type().equals("AWS::ElasticLoadBalancingV2::TargetGroup")) {
        ignored = "belongs to a load balancer the stage does not import";
      } else if (r.type().equals("AWS::Route53::HealthCheck")) {
        ignored = "no record of the entry uses it";
      } else if (r.type().startsWith("AWS::AutoScaling::")
          || r.type().equals("AWS::EC2::LaunchTemplate")) {
        ignored = "belongs to no imported Auto Scaling group";
      } else if (r.type().startsWith("AWS::ApiGateway")) {
        ignored = "API detail with no effect on the model";
      } else if (r.type().startsWith("AWS::RDS::") || r.type().startsWith("AWS::ElastiCache::")) {
        ignored = "belongs to no imported database or cache";
      }
      if (ignored != null) {
        report.add(r.id(), r.sourceType(), Status.IGNORED, ignored);
      } else {
        unsupported(r, "no mapping for " + r.type() + " yet");
      }
    }
  }

  /** The type, or the catalog's nearest one with a warning at the template path. */
  private String catalogType(String type, List<String> known, String path, String what) {
    String nearest = NearestType.of(type, known);
    if (nearest != null && !nearest.equals(type)) {
      report.problem(
          Violation.warning(
              path,
              type
                  + " is not in archsim's catalog; simulated as "
                  + nearest
                  + ", the nearest "
                  + what
                  + " it has"));
      return nearest;
    }
    return type;
  }

  static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
