package dev.archsim.local.importer;

import dev.archsim.engine.validate.Violation;
import dev.archsim.local.importer.Value.Opaque;
import dev.archsim.local.importer.Value.ResourceRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CloudFormation (or SAM, or CDK-synthesised) template resolved into {@link StackResource}s:
 * parameters from their defaults or the user's values, conditions evaluated (resources whose
 * condition is false are left out and reported), intrinsic functions evaluated where their value is
 * known at import time, and the SAM transform's types expanded ({@link SamExpander}).
 */
public final class CfnTemplate {
  /** AWS::NoValue: the property is removed. */
  static final Object NO_VALUE = new Object();

  private final Map<String, Object> root;
  private final Map<String, String> userParams;
  private final String region;
  private final ImportReport report;
  private final Map<String, Object> params = new LinkedHashMap<>();
  private final Map<String, Object> conditionDefs = new LinkedHashMap<>();
  private final Map<String, Boolean> conditions = new LinkedHashMap<>();
  private final Set<String> evaluating = new HashSet<>();
  private Map<String, Object> mappings = Map.of();
  private Set<String> resourceIds = Set.of();

  private CfnTemplate(
      Map<String, Object> root, Map<String, String> userParams, String region, ImportReport r) {
    this.root = root;
    this.userParams = userParams;
    this.region = region;
    this.report = r;
  }

  /**
   * Reads and resolves a template; problems go to the report (errors make the import fail).
   *
   * @param region the value of AWS::Region (and of Fn::GetAZs)
   */
  public static List<StackResource> resolve(
      String text, Map<String, String> userParams, String region, ImportReport report) {
    Object tree;
    try {
      tree = CfnYaml.read(text);
    } catch (CfnYaml.TemplateException e) {
      report.problem(Violation.error("$", "not a YAML or JSON template: " + e.getMessage()));
      return List.of();
    }
    if (!(tree instanceof Map<?, ?> m)) {
      report.problem(Violation.error("$", "a template is a mapping with a Resources section"));
      return List.of();
    }
    return new CfnTemplate(stringKeys(m), userParams, region, report).resolveAll();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> stringKeys(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private List<StackResource> resolveAll() {
    if (!(root.get("Resources") instanceof Map<?, ?> resources) || resources.isEmpty()) {
      report.problem(
          Violation.error("Resources", "a template needs a non-empty Resources section"));
      return List.of();
    }
    resourceIds = new HashSet<>();
    resources.keySet().forEach(k -> resourceIds.add(String.valueOf(k)));
    if (root.get("Mappings") instanceof Map<?, ?> mp) {
      mappings = stringKeys(mp);
    }
    readParameters();
    if (root.get("Conditions") instanceof Map<?, ?> c) {
      conditionDefs.putAll(stringKeys(c));
      for (String name : conditionDefs.keySet()) {
        condition(name, "Conditions." + name);
      }
    }
    Map<String, Object> globals =
        root.get("Globals") instanceof Map<?, ?> g ? stringKeys(g) : Map.of();
    List<StackResource> out = new ArrayList<>();
    for (Map.Entry<?, ?> e : resources.entrySet()) {
      String id = String.valueOf(e.getKey());
      String path = "Resources." + id;
      if (!(e.getValue() instanceof Map<?, ?> body)) {
        report.problem(Violation.error(path, "a resource is a mapping with a Type"));
        continue;
      }
      Map<String, Object> r = stringKeys(body);
      if (!(r.get("Type") instanceof String type)) {
        report.problem(Violation.error(path + ".Type", "missing: every resource needs a Type"));
        continue;
      }
      if (r.get("Condition") instanceof String cond && !condition(cond, path + ".Condition")) {
        report.add(id, type, ImportReport.Status.IGNORED, "its condition " + cond + " is false");
        continue;
      }
      Map<String, Object> props = new LinkedHashMap<>();
      if (type.startsWith("AWS::Serverless::")
          && globals.get(globalsKey(type)) instanceof Map<?, ?> gl) {
        stringKeys(gl)
            .forEach((k, v) -> props.put(k, eval(v, "Globals." + globalsKey(type) + "." + k)));
      }
      Object p = r.get("Properties");
      if (p != null && !(p instanceof Map<?, ?>)) {
        report.problem(Violation.error(path + ".Properties", "must be a mapping"));
        continue;
      }
      if (p instanceof Map<?, ?> pm) {
        for (Map.Entry<String, Object> pe : stringKeys(pm).entrySet()) {
          Object v = eval(pe.getValue(), path + ".Properties." + pe.getKey());
          if (v != NO_VALUE) {
            props.put(pe.getKey(), v);
          }
        }
      }
      out.add(new StackResource(id, type, path + ".Properties", props, null));
    }
    return SamExpander.expand(out, report);
  }

  private static String globalsKey(String samType) {
    return samType.substring("AWS::Serverless::".length());
  }

  private void readParameters() {
    Map<String, Object> declared =
        root.get("Parameters") instanceof Map<?, ?> p ? stringKeys(p) : Map.of();
    for (String name : userParams.keySet()) {
      if (!declared.containsKey(name)) {
        report.problem(
            Violation.error(
                "--param " + name,
                "the template declares no parameter " + name + "; it has " + declared.keySet()));
      }
    }
    for (Map.Entry<String, Object> e : declared.entrySet()) {
      String path = "Parameters." + e.getKey();
      Map<String, Object> decl = e.getValue() instanceof Map<?, ?> d ? stringKeys(d) : Map.of();
      String type = String.valueOf(decl.getOrDefault("Type", "String"));
      Object raw =
          userParams.containsKey(e.getKey()) ? userParams.get(e.getKey()) : decl.get("Default");
      if (raw == null) {
        boolean secret = "true".equalsIgnoreCase(String.valueOf(decl.get("NoEcho")));
        if (secret
            || type.startsWith("AWS::EC2::")
            || type.startsWith("List<AWS::EC2::")
            || type.startsWith("AWS::SSM::")) {
          params.put(
              e.getKey(), new Opaque("parameter " + e.getKey() + " (" + type + ")", Set.of()));
        } else {
          report.problem(
              Violation.warning(
                  path,
                  "has no Default; give it with --param " + e.getKey() + "=VALUE (left unknown)"));
          params.put(e.getKey(), new Opaque("parameter " + e.getKey(), Set.of()));
        }
        continue;
      }
      String text = scalarText(raw);
      if (decl.get("AllowedValues") instanceof List<?> allowed
          && !allowed.stream().map(CfnTemplate::scalarText).toList().contains(text)) {
        report.problem(
            Violation.error(
                userParams.containsKey(e.getKey()) ? "--param " + e.getKey() : path + ".Default",
                "'" + text + "' is not one of the AllowedValues " + allowed));
      }
      if (type.startsWith("List<") || type.equals("CommaDelimitedList")) {
        List<Object> items = new ArrayList<>();
        for (String s : text.split(",", -1)) {
          items.add(s.trim());
        }
        params.put(e.getKey(), items);
      } else {
        params.put(e.getKey(), text);
      }
    }
  }

  static String scalarText(Object v) {
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return String.valueOf(d.longValue());
    }
    if (v instanceof List<?> l) {
      return String.join(",", l.stream().map(CfnTemplate::scalarText).toList());
    }
    return String.valueOf(v);
  }

  private boolean condition(String name, String path) {
    if (conditions.containsKey(name)) {
      return conditions.get(name);
    }
    if (!conditionDefs.containsKey(name)) {
      report.problem(Violation.error(path, "no condition named " + name + " in Conditions"));
      conditions.put(name, false);
      return false;
    }
    if (!evaluating.add(name)) {
      report.problem(Violation.error(path, "condition " + name + " refers to itself"));
      return false;
    }
    boolean value =
        truth(eval(conditionDefs.get(name), "Conditions." + name), "Conditions." + name);
    evaluating.remove(name);
    conditions.put(name, value);
    return value;
  }

  private boolean truth(Object v, String path) {
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    report.problem(
        Violation.warning(path, "cannot be evaluated at import time (" + v + "); taken as false"));
    return false;
  }

  /** Evaluates intrinsic functions in a value. */
  Object eval(Object v, String path) {
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        Object item = eval(list.get(i), path + "[" + i + "]");
        if (item != NO_VALUE) {
          out.add(item);
        }
      }
      return out;
    }
    if (!(v instanceof Map<?, ?> m)) {
      return v;
    }
    Map<String, Object> map = stringKeys(m);
    if (map.size() == 1) {
      String key = map.keySet().iterator().next();
      Object arg = map.get(key);
      String p = path + "." + key;
      if (key.equals("Ref")) {
        return ref(scalarText(arg), p);
      }
      if (key.equals("Condition") && arg instanceof String c) {
        return condition(c, p);
      }
      if (key.startsWith("Fn::")) {
        return function(key.substring(4), arg, p);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : map.entrySet()) {
      Object item = eval(e.getValue(), path + "." + e.getKey());
      if (item != NO_VALUE) {
        out.put(e.getKey(), item);
      }
    }
    return out;
  }

  private Object ref(String name, String path) {
    if (params.containsKey(name)) {
      return params.get(name);
    }
    if (resourceIds.contains(name)) {
      return new ResourceRef(name, null);
    }
    return switch (name) {
      case "AWS::Region" -> region;
      case "AWS::NoValue" -> NO_VALUE;
      case "AWS::Partition" -> "aws";
      case "AWS::URLSuffix" -> "amazonaws.com";
      case "AWS::AccountId", "AWS::StackName", "AWS::StackId", "AWS::NotificationARNs" ->
          new Opaque(name, Set.of());
      default -> {
        report.problem(
            Violation.error(
                path, "refers to " + name + ", which is neither a parameter nor a resource"));
        yield new Opaque(name, Set.of());
      }
    };
  }

  private Object function(String fn, Object rawArg, String path) {
    switch (fn) {
      case "If" -> {
        if (!(rawArg instanceof List<?> a) || a.size() != 3 || !(a.get(0) instanceof String c)) {
          report.problem(
              Violation.error(
                  path, "Fn::If takes [condition name, value if true, value if false]"));
          return NO_VALUE;
        }
        return condition(c, path + "[0]")
            ? eval(a.get(1), path + "[1]")
            : eval(a.get(2), path + "[2]");
      }
      case "GetAtt" -> {
        Object arg = eval(rawArg, path);
        List<?> a =
            arg instanceof String s && s.indexOf('.') > 0
                ? List.of(s.substring(0, s.indexOf('.')), s.substring(s.indexOf('.') + 1))
                : arg instanceof List<?> l ? l : List.of();
        if (a.size() != 2 || !resourceIds.contains(scalarText(a.get(0)))) {
          report.problem(
              Violation.error(
                  path,
                  "Fn::GetAtt needs [resource, attribute] naming a resource of the template; found "
                      + arg));
          return new Opaque("GetAtt " + arg, Set.of());
        }
        return new ResourceRef(scalarText(a.get(0)), scalarText(a.get(1)));
      }
      default -> {
        // the other functions evaluate their arguments first
      }
    }
    Object arg = eval(rawArg, path);
    List<?> a = arg instanceof List<?> l ? l : List.of(arg);
    switch (fn) {
      case "Equals" -> {
        if (a.size() != 2) {
          report.problem(Violation.error(path, "Fn::Equals takes two values"));
          return false;
        }
        if (a.get(0) instanceof Value || a.get(1) instanceof Value) {
          report.problem(
              Violation.warning(path, "compares values unknown at import time; taken as false"));
          return false;
        }
        return scalarText(a.get(0)).equals(scalarText(a.get(1)));
      }
      case "And", "Or" -> {
        boolean and = fn.equals("And");
        boolean acc = and;
        for (int i = 0; i < a.size(); i++) {
          boolean t = truth(a.get(i), path + "[" + i + "]");
          acc = and ? acc && t : acc || t;
        }
        return acc;
      }
      case "Not" -> {
        return !truth(a.isEmpty() ? null : a.get(0), path + "[0]");
      }
      case "Join" -> {
        if (a.size() != 2 || !(a.get(1) instanceof List<?> parts)) {
          report.problem(Violation.error(path, "Fn::Join takes [delimiter, [values]]"));
          return new Opaque("Join", Set.of());
        }
        if (parts.stream()
            .anyMatch(x -> x instanceof Value || x instanceof Map || x instanceof List)) {
          return new Opaque("Join " + parts, refsIn(parts));
        }
        return String.join(
            scalarText(a.get(0)), parts.stream().map(CfnTemplate::scalarText).toList());
      }
      case "Select" -> {
        if (a.size() != 2 || !(a.get(1) instanceof List<?> items)) {
          if (a.size() == 2 && a.get(1) instanceof Value val) {
            return new Opaque("Select from " + val, refsIn(val));
          }
          report.problem(Violation.error(path, "Fn::Select takes [index, [values]]"));
          return new Opaque("Select", Set.of());
        }
        int i;
        try {
          i = Integer.parseInt(scalarText(a.get(0)));
        } catch (NumberFormatException e) {
          report.problem(
              Violation.error(path + "[0]", "index must be a number; found " + a.get(0)));
          return new Opaque("Select", Set.of());
        }
        if (i < 0 || i >= items.size()) {
          report.problem(
              Violation.error(
                  path + "[0]", "index " + i + " is outside the list of " + items.size()));
          return new Opaque("Select", Set.of());
        }
        return items.get(i);
      }
      case "Split" -> {
        if (a.size() == 2 && a.get(1) instanceof String s) {
          List<Object> items = new ArrayList<>();
          for (String part : s.split(Pattern.quote(scalarText(a.get(0))), -1)) {
            items.add(part);
          }
          return items;
        }
        return new Opaque("Split " + a, refsIn(a));
      }
      case "GetAZs" -> {
        String r = arg instanceof String s && !s.isEmpty() ? s : region;
        return List.of(r + "a", r + "b", r + "c");
      }
      case "FindInMap" -> {
        return findInMap(a, path);
      }
      case "Sub" -> {
        return sub(a, path);
      }
      case "Base64" -> {
        return arg;
      }
      case "ImportValue", "Cidr", "Transform", "Length", "ToJsonString" -> {
        return new Opaque("Fn::" + fn + " " + arg, refsIn(arg));
      }
      default -> {
        report.problem(Violation.error(path, "unknown intrinsic function Fn::" + fn));
        return new Opaque("Fn::" + fn, Set.of());
      }
    }
  }

  private Object findInMap(List<?> a, String path) {
    if (a.size() < 3) {
      report.problem(
          Violation.error(path, "Fn::FindInMap takes [map, top-level key, second-level key]"));
      return new Opaque("FindInMap", Set.of());
    }
    if (a.get(1) instanceof Value || a.get(2) instanceof Value) {
      return new Opaque("FindInMap " + a, refsIn(a));
    }
    String map = scalarText(a.get(0));
    String k1 = scalarText(a.get(1));
    String k2 = scalarText(a.get(2));
    Object level = mappings.get(map);
    Object top = level instanceof Map<?, ?> m1 ? stringKeys(m1).get(k1) : null;
    Object value = top instanceof Map<?, ?> m2 ? stringKeys(m2).get(k2) : null;
    if (value == null) {
      if (a.size() == 4
          && a.get(3) instanceof Map<?, ?> opt
          && stringKeys(opt).containsKey("DefaultValue")) {
        return stringKeys(opt).get("DefaultValue");
      }
      report.problem(
          Violation.error(path, "Mappings." + map + "." + k1 + "." + k2 + " does not exist"));
      return new Opaque("FindInMap " + a, Set.of());
    }
    return eval(value, "Mappings." + map + "." + k1 + "." + k2);
  }

  private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([^}!][^}]*)}");

  private Object sub(List<?> a, String path) {
    if (a.isEmpty() || !(a.get(0) instanceof String template)) {
      report.problem(Violation.error(path, "Fn::Sub takes a string or [string, {variables}]"));
      return new Opaque("Sub", Set.of());
    }
    Map<String, Object> vars =
        a.size() > 1 && a.get(1) instanceof Map<?, ?> m ? stringKeys(m) : Map.of();
    Matcher matcher = SUB_VAR.matcher(template);
    StringBuilder b = new StringBuilder();
    Set<String> refs = new HashSet<>();
    boolean known = true;
    while (matcher.find()) {
      String name = matcher.group(1).trim();
      Object value;
      if (vars.containsKey(name)) {
        value = vars.get(name);
      } else if (name.contains(".") && resourceIds.contains(name.substring(0, name.indexOf('.')))) {
        value =
            new ResourceRef(
                name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1));
      } else {
        value = ref(name, path);
      }
      if (value instanceof Value || value instanceof Map || value instanceof List) {
        known = false;
        refs.addAll(refsIn(value));
        matcher.appendReplacement(b, Matcher.quoteReplacement("${" + name + "}"));
      } else {
        matcher.appendReplacement(b, Matcher.quoteReplacement(scalarText(value)));
      }
    }
    matcher.appendTail(b);
    String text = b.toString().replace("${!", "${");
    return known ? text : new Opaque(text, refs);
  }

  /** Every resource a value names. */
  static Set<String> refsIn(Object v) {
    Set<String> out = new HashSet<>();
    collect(v, out);
    return out;
  }

  private static void collect(Object v, Set<String> out) {
    if (v instanceof ResourceRef r) {
      out.add(r.resource());
    } else if (v instanceof Opaque o) {
      out.addAll(o.refs());
    } else if (v instanceof Map<?, ?> m) {
      m.values().forEach(x -> collect(x, out));
    } else if (v instanceof List<?> l) {
      l.forEach(x -> collect(x, out));
    }
  }
}
