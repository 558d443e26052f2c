package dev.archsim.core.scenario;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import dev.archsim.engine.validate.Suggestions;
import dev.archsim.engine.validate.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns JSON Schema errors into problems a person can act on, one per mistake:
 *
 * <ul>
 *   <li>a {@code oneOf} (an entry is an Elastic IP, a load balancer, Route 53 or API Gateway) is
 *       reported for the branch the document meant, picked by its {@code type}, not for every
 *       branch; a {@code type} no branch has is one problem, with the types there are;
 *   <li>a duration that does not parse says how to write one, not the regular expression;
 *   <li>an unknown field or value names the nearest known one ("did you mean").
 * </ul>
 *
 * The engine's own "unknown …; known: [...]" problems get the nearest known name too.
 */
final class ReadableProblems {
  static final String DURATION_HELP =
      "write an ISO-8601 duration such as P30D (30 days), PT12H (12 hours), PT90M (90 minutes)"
          + " or P1DT6H";

  private static final Pattern BRANCH = Pattern.compile("^\\[(\\d+)]");
  private static final Pattern KNOWN =
      Pattern.compile("^(.*?)'([^']*)'(.*); known: \\[(.*)]$", Pattern.DOTALL);

  private static volatile JsonNode schemaTree;

  private ReadableProblems() {}

  private static JsonNode schema() {
    JsonNode s = schemaTree;
    if (s == null) {
      try {
        s = new ObjectMapper().readTree(ScenarioCodec.schemaText());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      schemaTree = s;
    }
    return s;
  }

  /** The schema errors of one document, as problems (deduplicated, in document order). */
  static List<Violation> of(List<Error> errors) {
    return checked(errors).problems();
  }

  /**
   * The schema errors of one document as problems, with how the lenient reading that lists the
   * semantic problems beside them reads each value the schema refused ({@link LenientReading}).
   */
  static SchemaProblems checked(List<Error> errors) {
    Set<Violation> out = new LinkedHashSet<>();
    List<LenientReading.Repair> repairs = new ArrayList<>();
    List<String> unusable = new ArrayList<>();
    List<Kept> kept = collapseOneOfs(errors);
    Set<String> wrongType = new HashSet<>();
    for (Kept k : kept) {
      if ("type".equals(k.error().getKeyword()) && k.discriminatorValues() == null) {
        wrongType.add(k.error().getInstanceLocation().toString());
      }
    }
    for (Kept k : kept) {
      if (wrongType.contains(k.error().getInstanceLocation().toString())
          && !"type".equals(k.error().getKeyword())) {
        continue; // a value of the wrong type is one mistake, whatever else its schema says of it
      }
      out.add(readable(k));
      LenientReading.Repair repair = repair(k);
      if (repair != null) {
        repairs.add(repair);
      } else if (!READ_ANYWAY.contains(k.error().getKeyword())) {
        unusable.add(k.error().getInstanceLocation().toString());
      }
    }
    return new SchemaProblems(misspeltOnce(new ArrayList<>(out)), repairs, unusable);
  }

  /**
   * The keywords whose refused value the lenient reading can still read without judging it: a value
   * of the wrong type reads as its default, a missing field is absent, an unknown field is ignored,
   * a repeated item is read as listed (the rules judge each item at its own path). Any other
   * refused value without a repair (an empty list, a text that does not match its pattern) cannot
   * be read as anything the user meant.
   */
  private static final Set<String> READ_ANYWAY =
      Set.of("type", "required", "additionalProperties", "unevaluatedProperties", "uniqueItems");

  private static final Pattern UNKNOWN_MEANT =
      Pattern.compile("^unknown field \\(did you mean '([^']+)'\\?\\)$");

  /**
   * A misspelt field is one mistake: the unknown field that names the missing required one ("did
   * you mean 'architecture'?") is kept, and "missing required field 'architecture'" at its object
   * is dropped.
   */
  static List<Violation> misspeltOnce(List<Violation> problems) {
    Set<String> meant = new HashSet<>();
    for (Violation v : problems) {
      Matcher m = UNKNOWN_MEANT.matcher(v.message());
      int dot = v.path().lastIndexOf('.');
      if (m.matches() && dot > 0) {
        meant.add(v.path().substring(0, dot) + "." + m.group(1));
      }
    }
    if (meant.isEmpty()) {
      return problems;
    }
    return problems.stream()
        .filter(v -> !MISSING.matcher(v.message()).matches() || !meant.contains(about(v)))
        .toList();
  }

  /**
   * A document's schema problems, the repairs its lenient reading makes, and the paths of refused
   * values it cannot read at all: the rules do not judge a part that holds one.
   */
  record SchemaProblems(
      List<Violation> problems, List<LenientReading.Repair> repairs, List<String> unusable) {}

  /** Durations read in place of one that does not parse: a short one and a long one. */
  static final List<String> DURATIONS_TRIED = List.of("PT1H", "P1D");

  /**
   * How the lenient reading reads the value of a schema error: a value not among the allowed ones
   * as the option it is nearest to (the one the problem suggests), or, without one, as each allowed
   * option in turn (a semantic problem is kept only if it holds for all of them); a constant as the
   * constant; a duration that does not parse as a short and a long one in turn. Other values are
   * read as they are (a field of the wrong type reads as its default, a missing field is absent).
   */
  private static LenientReading.Repair repair(Kept k) {
    Error e = k.error();
    String path = e.getInstanceLocation().toString();
    JsonNode value = e.getInstanceNode();
    String keyword = e.getKeyword() == null ? "" : e.getKeyword();
    List<String> options = k.discriminatorValues();
    if (options == null && "enum".equals(keyword)) {
      options = new ArrayList<>();
      for (JsonNode v : e.getSchemaNode()) {
        options.add(v.asText());
      }
    }
    if (options != null) {
      List<String> distinct = new ArrayList<>(new LinkedHashSet<>(options));
      String nearest =
          value != null && value.isTextual() ? Suggestions.closest(value.asText(), distinct) : null;
      return LenientReading.Repair.texts(path, nearest != null ? List.of(nearest) : distinct);
    }
    if (("minimum".equals(keyword) || "maximum".equals(keyword))
        && e.getSchemaNode() != null
        && e.getSchemaNode().canConvertToLong()) {
      // a number out of range: read as the limit and as the next value inside it, so a rule that
      // judges the refused number (or only its limit) finds nothing common to both readings
      long limit = e.getSchemaNode().asLong();
      long inside = "minimum".equals(keyword) ? limit + 1 : limit - 1;
      return new LenientReading.Repair(
          path,
          List.of(
              com.fasterxml.jackson.databind.node.LongNode.valueOf(limit),
              com.fasterxml.jackson.databind.node.LongNode.valueOf(inside)));
    }
    if ("const".equals(keyword) && e.getSchemaNode() != null) {
      return new LenientReading.Repair(path, List.of(e.getSchemaNode()));
    }
    if ("pattern".equals(keyword)
        && e.getSchemaLocation().getFragment().toString().endsWith("/duration/pattern")) {
      return LenientReading.Repair.texts(path, DURATIONS_TRIED);
    }
    return null;
  }

  private static final Pattern WHOLE_DAYS = Pattern.compile("\\bPT(\\d+)H\\b");

  /**
   * The engine's problems in the document's terms: a duration the document wrote is quoted as
   * written ("P400D", not "PT9600H"), other whole days as days ("at most P366D"), and "unknown X
   * 'y'; known: [...]" gets the nearest known name.
   */
  static List<Violation> semantic(List<Violation> violations, JsonNode tree) {
    List<Violation> out = new ArrayList<>();
    for (Violation v : withSuggestions(violations)) {
      String message = v.message();
      JsonNode written = at(tree, v.path());
      if (written != null && written.isTextual()) {
        try {
          String iso = java.time.Duration.parse(written.asText()).toString();
          message = message.replace("found " + iso, "found " + written.asText());
        } catch (java.time.format.DateTimeParseException e) {
          // not a duration: nothing to restore
        }
      }
      Matcher m = WHOLE_DAYS.matcher(message);
      StringBuilder b = new StringBuilder();
      while (m.find()) {
        long hours = Long.parseLong(m.group(1));
        m.appendReplacement(b, hours % 24 == 0 ? "P" + hours / 24 + "D" : m.group());
      }
      m.appendTail(b);
      out.add(new Violation(v.path(), b.toString(), v.severity()));
    }
    return out;
  }

  /** The node at a JSON path such as $.stages[0].run.horizon, or null. */
  static JsonNode at(JsonNode tree, String path) {
    if (tree == null || !path.startsWith("$")) {
      return null;
    }
    JsonNode n = tree;
    Matcher m = Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)]").matcher(path.substring(1));
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        return null;
      }
      end = m.end();
      n = m.group(1) != null ? n.get(m.group(1)) : n.get(Integer.parseInt(m.group(2)));
      if (n == null) {
        return null;
      }
    }
    return end == path.length() - 1 ? n : null;
  }

  /** Adds "did you mean" to the engine's "unknown X 'y'; known: [...]" problems. */
  static List<Violation> withSuggestions(List<Violation> violations) {
    List<Violation> out = new ArrayList<>();
    for (Violation v : violations) {
      Matcher m = KNOWN.matcher(v.message());
      if (!m.matches()) {
        out.add(v);
        continue;
      }
      List<String> known = List.of(m.group(4).split(",\\s*"));
      String nearest = Suggestions.closest(m.group(2), known);
      if (nearest == null) {
        out.add(v);
        continue;
      }
      out.add(
          new Violation(
              v.path(),
              m.group(1)
                  + "'"
                  + m.group(2)
                  + "'"
                  + m.group(3)
                  + " (did you mean '"
                  + nearest
                  + "'?); known: ["
                  + m.group(4)
                  + "]",
              v.severity()));
    }
    return out;
  }

  // ------------------------------------------------------------------ oneOf

  /**
   * Keeps, for each failed {@code oneOf}, only the errors of the branch the document meant: the
   * branches whose discriminating property (a {@code const} or {@code enum} on a property such as
   * {@code type}) matches; among those, the one with the fewest errors. When no branch's
   * discriminator matches, one error on the discriminator lists the values every branch takes.
   */
  /** An error kept, and when it stands for a whole failed oneOf, the values its branches take. */
  private record Kept(Error error, List<String> discriminatorValues) {}

  private static List<Kept> collapseOneOfs(List<Error> errors) {
    // a loop, and the comparator's lambda only when there is something to sort: every valid
    // scenario passes here with no errors, and each lambda's class is spun at its first call
    List<Error> oneOfs = new ArrayList<>();
    for (Error e : errors) {
      if ("oneOf".equals(e.getKeyword())) {
        oneOfs.add(e);
      }
    }
    if (oneOfs.size() > 1) {
      oneOfs.sort(
          (x, y) ->
              Integer.compare(
                  x.getEvaluationPath().toString().length(),
                  y.getEvaluationPath().toString().length()));
    }
    Set<Error> dropped = new HashSet<>();
    Map<Error, List<String>> added = new LinkedHashMap<>();
    for (Error o : oneOfs) {
      if (dropped.contains(o)) {
        continue;
      }
      String base = o.getEvaluationPath().toString();
      String instance = o.getInstanceLocation().toString();
      Map<Integer, List<Error>> branches = new LinkedHashMap<>();
      for (Error e : errors) {
        String path = e.getEvaluationPath().toString();
        if (e != o && !dropped.contains(e) && path.startsWith(base + "[")) {
          Matcher m = BRANCH.matcher(path.substring(base.length()));
          if (m.find()) {
            branches.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new ArrayList<>()).add(e);
          }
        }
      }
      if (branches.isEmpty()) {
        continue; // several branches matched: the validator's message says so, keep it
      }
      String discriminator = discriminator(o.getSchemaNode());
      Map<Integer, List<Error>> meant = new LinkedHashMap<>();
      Map<String, List<String>> discriminatorValues = new LinkedHashMap<>();
      Map<String, Error> discriminatorErrors = new LinkedHashMap<>();
      branches.forEach(
          (k, list) -> {
            boolean mismatched = false;
            for (Error e : list) {
              if (discriminator != null
                  && ("const".equals(e.getKeyword()) || "enum".equals(e.getKeyword()))
                  && e.getInstanceLocation().toString().equals(instance + "." + discriminator)) {
                mismatched = true;
                String at = e.getInstanceLocation().toString();
                discriminatorErrors.putIfAbsent(at, e);
                List<String> values =
                    discriminatorValues.computeIfAbsent(at, x -> new ArrayList<>());
                JsonNode node = e.getSchemaNode();
                if (node.isArray()) {
                  node.forEach(v -> values.add(v.asText()));
                } else {
                  values.add(node.asText());
                }
              }
            }
            if (!mismatched) {
              meant.put(k, list);
            }
          });
      dropped.add(o);
      branches.values().forEach(dropped::addAll);
      if (!meant.isEmpty()) {
        List<Error> best = null;
        for (List<Error> list : meant.values()) {
          if (best == null || list.size() < best.size()) {
            best = list;
          }
        }
        best.forEach(dropped::remove);
      } else if (!discriminatorErrors.isEmpty()) {
        var first = discriminatorErrors.entrySet().iterator().next();
        added.put(first.getValue(), discriminatorValues.get(first.getKey()));
      } else {
        // no discriminator: the branch with the fewest errors is the nearest miss
        List<Error> best = null;
        for (List<Error> list : branches.values()) {
          if (best == null || list.size() < best.size()) {
            best = list;
          }
        }
        best.forEach(dropped::remove);
      }
    }
    List<Kept> out = new ArrayList<>();
    for (Error e : errors) {
      if (added.containsKey(e)) {
        out.add(new Kept(e, added.get(e)));
      } else if (!dropped.contains(e)) {
        out.add(new Kept(e, null));
      }
    }
    return out;
  }

  /**
   * The property every branch of a oneOf pins with a const or an enum (an entry's "type"), or null.
   */
  private static String discriminator(JsonNode branches) {
    if (branches == null || !branches.isArray() || branches.isEmpty()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    branches.get(0).path("properties").fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      boolean everywhere = true;
      for (JsonNode b : branches) {
        JsonNode p = b.path("properties").path(name);
        everywhere &= p.has("const") || p.has("enum");
      }
      if (everywhere) {
        return name;
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ one error, readable

  private static Violation readable(Kept k) {
    Error e = k.error();
    String path = e.getInstanceLocation().toString();
    String message = e.getMessage();
    if (message.startsWith(path + ": ")) {
      message = message.substring(path.length() + 2);
    }
    JsonNode value = e.getInstanceNode();
    String keyword = e.getKeyword() == null ? "" : e.getKeyword();
    List<String> values = k.discriminatorValues();
    if (values != null) {
      return Violation.error(path, notOneOf(value, new ArrayList<>(new LinkedHashSet<>(values))));
    }
    switch (keyword) {
      case "pattern" -> {
        if (e.getSchemaLocation().getFragment().toString().endsWith("/duration/pattern")) {
          return Violation.error(path, quote(value) + " is not a duration; " + DURATION_HELP);
        }
      }
      case "additionalProperties" -> {
        String field = e.getProperty();
        List<String> known = propertiesBeside(e);
        String nearest = field == null ? null : Suggestions.closest(field, known);
        return Violation.error(
            path + "." + field,
            "unknown field"
                + (nearest != null
                    ? " (did you mean '" + nearest + "'?)"
                    : known.isEmpty() ? "" : "; known fields here: " + String.join(", ", known)));
      }
      case "enum" -> {
        List<String> options = new ArrayList<>();
        e.getSchemaNode().forEach(v -> options.add(v.asText()));
        return Violation.error(path, notOneOf(value, options));
      }
      case "required" -> {
        return Violation.error(path, "missing required field '" + e.getProperty() + "'");
      }
      case "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum" -> {
        String limit = number(e.getSchemaNode());
        String must =
            switch (keyword) {
              case "minimum" -> "must be at least ";
              case "exclusiveMinimum" -> "must be above ";
              case "maximum" -> "must be at most ";
              default -> "must be below ";
            };
        return Violation.error(path, must + limit + found(value));
      }
      case "minItems", "maxItems" -> {
        String limit = number(e.getSchemaNode());
        int count = value != null && value.isArray() ? value.size() : -1;
        String must =
            keyword.equals("minItems")
                ? ("1".equals(limit)
                    ? "must list at least one item"
                    : "must list at least " + limit + " items")
                : "must list at most " + limit + " items";
        return Violation.error(path, must + (count >= 0 ? " (found " + count + ")" : ""));
      }
      case "uniqueItems" -> {
        Violation repeated = repeatedItem(path, value);
        if (repeated != null) {
          return repeated;
        }
      }
      case "minLength" -> {
        String limit = number(e.getSchemaNode());
        return Violation.error(
            path,
            "1".equals(limit) ? "must not be empty" : "must be at least " + limit + " characters");
      }
      case "const" -> {
        return Violation.error(path, "must be " + e.getSchemaNode() + found(value));
      }
      case "type" -> {
        List<String> types = new ArrayList<>();
        if (e.getSchemaNode() != null && e.getSchemaNode().isArray()) {
          e.getSchemaNode().forEach(t -> types.add(typeName(t.asText())));
        } else if (e.getSchemaNode() != null) {
          types.add(typeName(e.getSchemaNode().asText()));
        }
        if (!types.isEmpty()) {
          return Violation.error(
              path,
              "must be "
                  + String.join(" or ", types)
                  + " (found "
                  + (value == null ? "nothing" : value.isContainerNode() ? typeOf(value) : value)
                  + ")");
        }
      }
      default -> {}
    }
    return Violation.error(path, message);
  }

  /**
   * A list that repeats an item, at the first repeat's own path (so that the problems of the other
   * items are not taken for repeats of this one and still listed in the same pass); null when the
   * list holds no repeat.
   */
  private static Violation repeatedItem(String path, JsonNode list) {
    if (list == null || !list.isArray()) {
      return null;
    }
    List<String> repeats = new ArrayList<>();
    int first = -1;
    for (int i = 0; i < list.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (list.get(i).equals(list.get(j))) {
          if (first < 0) {
            first = i;
          }
          repeats.add(list.get(i) + " at [" + i + "] repeats [" + j + "]");
          break;
        }
      }
    }
    if (first < 0) {
      return null;
    }
    return Violation.error(
        path + "[" + first + "]", "each item may be listed once; " + String.join(", ", repeats));
  }

  /** A JSON Schema type in words: "an object", "a number". */
  private static String typeName(String type) {
    return switch (type) {
      case "object" -> "an object";
      case "array" -> "a list";
      case "string" -> "a string";
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      case "null" -> "null";
      default -> type;
    };
  }

  /** A list or an object found where another type was expected, in words. */
  private static String typeOf(JsonNode value) {
    return value.isArray() ? "a list" : "an object";
  }

  /** A schema limit as written: 0, 0.5, 100000 (not 0.0 or 1.0E5). */
  private static String number(JsonNode limit) {
    if (limit == null || !limit.isNumber()) {
      return limit == null ? "?" : limit.asText();
    }
    return limit.decimalValue().stripTrailingZeros().toPlainString();
  }

  private static String found(JsonNode value) {
    if (value == null || value.isContainerNode()) {
      return "";
    }
    return " (found " + (value.isNumber() ? number(value) : value.toString()) + ")";
  }

  /**
   * The path a schema problem is about: a missing required field's own path ({@code $.stages} for
   * "missing required field 'stages'" at {@code $}), the problem's path otherwise. A semantic
   * problem there repeats it.
   */
  static String about(Violation v) {
    Matcher m = MISSING.matcher(v.message());
    return m.matches() ? v.path() + "." + m.group(1) : v.path();
  }

  private static final Pattern MISSING = Pattern.compile("^missing required field '([^']+)'$");

  /**
   * A parser's message without its internals: no source descriptions or reader names, a YAML
   * parser's several lines as one.
   */
  static String parseProblem(String original) {
    if (original == null) {
      return "";
    }
    String m =
        original.replaceAll(
            "\\s*\\(start marker at \\[Source: [^;]*; line: (\\d+), column: (\\d+)]\\)",
            " (opened at line $1, column $2)");
    m =
        m.replace(
                "Unexpected end-of-input: expected close marker for Object",
                "the document ends before an object { is closed")
            .replace(
                "Unexpected end-of-input: expected close marker for Array",
                "the document ends before a list [ is closed");
    if (m.contains("\n")) {
      List<String> kept = new ArrayList<>();
      for (String line : m.split("\n")) {
        if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
          kept.add(line.strip());
        }
      }
      m = String.join("; ", kept);
    }
    return m;
  }

  private static String notOneOf(JsonNode value, List<String> options) {
    String nearest =
        value != null && value.isTextual() ? Suggestions.closest(value.asText(), options) : null;
    return quote(value)
        + " is not one of: "
        + String.join(", ", options)
        + (nearest == null ? "" : " (did you mean '" + nearest + "'?)");
  }

  private static String quote(JsonNode value) {
    if (value == null) {
      return "the value";
    }
    return value.isTextual() ? "'" + value.asText() + "'" : value.toString();
  }

  /** The properties the schema object holding this additionalProperties keyword defines. */
  private static List<String> propertiesBeside(Error e) {
    String fragment = e.getSchemaLocation().getFragment().toString();
    int slash = fragment.lastIndexOf('/');
    if (slash < 0) {
      return List.of();
    }
    JsonNode holder = schema().at(JsonPointer.compile(fragment.substring(0, slash)));
    List<String> names = new ArrayList<>();
    holder.path("properties").fieldNames().forEachRemaining(names::add);
    return names;
  }
}
