package dev.archsim.local.importer;

import dev.archsim.engine.validate.Violation;
import dev.archsim.local.importer.Value.ResourceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of resolved resource properties; a value of the wrong kind is a problem with its
 * path.
 */
final class Props {
  private final ImportReport report;

  Props(ImportReport report) {
    this.report = report;
  }

  /** The value at a dotted property path ({@code HealthCheckConfig.RequestInterval}), or null. */
  static Object get(StackResource r, String key) {
    Object cur = r.properties();
    for (String part : key.split("\\.")) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = m.get(part);
    }
    return cur;
  }

  /** A scalar as text; null when absent or not known at import time (a warning names the path). */
  String str(StackResource r, String key) {
    Object v = get(r, key);
    if (v == null) {
      return null;
    }
    if (v instanceof Map || v instanceof List) {
      report.problem(Violation.error(r.at(key), "must be a single value; found " + v));
      return null;
    }
    if (v instanceof Value) {
      report.problem(
          Violation.warning(
              r.at(key), "is only known once deployed (" + v + "); its default is used"));
      return null;
    }
    return CfnTemplate.scalarText(v);
  }

  Double num(StackResource r, String key) {
    String s = str(r, key);
    if (s == null) {
      return null;
    }
    try {
      return Double.valueOf(s.trim());
    } catch (NumberFormatException e) {
      report.problem(Violation.error(r.at(key), "must be a number; found '" + s + "'"));
      return null;
    }
  }

  Integer integer(StackResource r, String key) {
    Double d = num(r, key);
    if (d == null) {
      return null;
    }
    if (d != Math.rint(d) || Math.abs(d) > 1_000_000) {
      report.problem(
          Violation.error(r.at(key), "must be a whole number up to 1000000; found " + d));
      return null;
    }
    return d.intValue();
  }

  boolean bool(StackResource r, String key, boolean dflt) {
    String s = str(r, key);
    if (s == null) {
      return dflt;
    }
    if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(s);
    }
    report.problem(Violation.error(r.at(key), "must be true or false; found '" + s + "'"));
    return dflt;
  }

  /** A list property (a single value counts as a list of one); empty when absent. */
  static List<Object> list(StackResource r, String key) {
    Object v = get(r, key);
    if (v == null) {
      return List.of();
    }
    return v instanceof List<?> l ? new ArrayList<>(l) : List.of(v);
  }

  /** The resources a property names, directly or inside an ARN built from them. */
  static List<String> refs(StackResource r, String key) {
    return new ArrayList<>(new java.util.TreeSet<>(CfnTemplate.refsIn(get(r, key))));
  }

  /** The resource a property names directly, or null. */
  static String ref(StackResource r, String key) {
    return get(r, key) instanceof ResourceRef ref
        ? ref.resource()
        : refs(r, key).stream().findFirst().orElse(null);
  }
}
