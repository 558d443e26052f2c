package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.archsim.local.report.Cdp;
import dev.archsim.local.report.Screenshots;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Schema-aware completion in the web app while a scenario is written in YAML, in a real headless
 * Chromium typing as a person does (the DevTools protocol's key and text input, not synthetic
 * events): a library scenario written as YAML in two styles (Jackson's default: document marker,
 * quoted strings, "- " at the key's indentation; and plain scalars with indented "- "), a comment
 * on top. What is offered is computed here from the schema file, never listed by hand. Skipped
 * where no Chromium is installed (CI installs Debian's).
 */
class YamlCompletionInBrowserTest {
  static final Duration WAIT = Duration.ofSeconds(120);
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static ServeCommand.Server server;
  static Cdp page;
  static JsonNode schema;

  @BeforeAll
  static void open() throws Exception {
    Optional<Path> chromium = Cdp.chromium();
    assumeTrue(chromium.isPresent(), "no Chromium here (install Debian's chromium)");
    schema =
        JSON.readTree(
            Files.readString(
                Path.of("../../functions/core/src/main/resources/schema/scenario-v1.schema.json")));
    server = new ServeCommand.Server(0, 1, new PrintWriter(new StringWriter()));
    page = new Cdp(chromium.get(), dir.resolve("profile"), 1280, 900);
    page.navigate("http://127.0.0.1:" + server.port() + "/");
    page.await("typeof schema !== 'undefined' && schema !== null", WAIT);
  }

  @AfterAll
  static void close() {
    if (page != null) {
      page.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** whatisthetime as YAML: stages[0] without its description and faults, so some are missing. */
  static Stream<String> styles() throws Exception {
    ObjectNode scenario =
        (ObjectNode)
            JSON.readTree(Files.readString(Path.of("../../events/scenarios/whatisthetime.json")));
    ((ObjectNode) scenario.path("stages").path(0)).remove(List.of("description", "faults"));
    YAMLMapper plain =
        YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build();
    return Stream.of(new YAMLMapper(), plain)
        .map(
            m -> {
              try {
                return "# our time service\n" + m.writeValueAsString(scenario);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
  }

  @ParameterizedTest
  @MethodSource("styles")
  void completionOffersWhatTheSchemaAllowsWhereTheCursorIsInYaml(String yaml) throws Exception {
    JsonNode scenario = new YAMLMapper().readTree(yaml);
    load(yaml);
    List<String> lines = List.of(yaml.split("\n", -1));
    int stages = find(lines, 0, l -> l.equals("stages:"));
    int stage0 = find(lines, stages, l -> l.trim().startsWith("- name: "));
    int stage1 = find(lines, stage0 + 1, l -> l.trim().startsWith("- name: "));
    int dash = lines.get(stage0).indexOf('-');
    assertThat(lines.get(stage1).indexOf('-')).isEqualTo(dash);

    // (a) a new line inside stages[0] at its mapping's indentation: the stage's fields not written
    // (name above the cursor, workload and architecture below it)
    int col = lines.get(stage0).indexOf("name:");
    List<String> text = new ArrayList<>(lines);
    text.add(stage0 + 1, " ".repeat(col));
    edit(text, stage0 + 1, col);
    ctrlSpace();
    Set<String> stageFields = fields(def("stage"));
    assertThat(offered())
        .containsExactlyInAnyOrderElementsOf(minus(stageFields, scenario.path("stages").path(0)))
        .containsExactlyInAnyOrder("description", "faults"); // what the input leaves out
    // typing a letter narrows them down, without Ctrl+Space
    typeText("d");
    page.await("document.querySelectorAll('#completions li').length === 1", WAIT);
    assertThat(offered())
        .containsExactlyElementsOf(
            startingWith(minus(stageFields, scenario.path("stages").path(0)), "d"));
    // Enter writes "description: " in place of the "d"; validation runs on the text as it is now
    key("Enter", "Enter", 13, 0, "\r");
    assertThat(line(stage0 + 1)).isEqualTo(" ".repeat(col) + "description: ");
    assertThat(cursor()).isEqualTo(offset(text, stage0 + 1) + col + "description: ".length());
    assertThat(page.eval("document.getElementById('completions').hidden").asBoolean()).isTrue();
    page.await(
        "document.querySelector('#problems li[data-path=\"$.stages[0].description\"]')", WAIT);
    assertThat(
            page.eval(
                    "Number(document.querySelector('#problems li[data-path=\"$.stages[0].description\"]').dataset.line)")
                .asInt())
        .isEqualTo(stage0 + 2);
    typeText("one t2.micro");
    page.await("document.getElementById('validity').className === 'ok'", WAIT);
    assertThat(line(stage0 + 1)).isEqualTo(" ".repeat(col) + "description: one t2.micro");

    // (a) deeper, in stages[0].architecture: a prefix typed, its fields not written starting so
    int architecture = find(lines, stage0, l -> l.trim().equals("architecture:"));
    int inner = lines.get(architecture + 1).indexOf(lines.get(architecture + 1).trim());
    text = new ArrayList<>(lines);
    text.add(architecture + 1, " ".repeat(inner));
    edit(text, architecture + 1, inner);
    typeText("c");
    List<String> expected =
        startingWith(
            minus(
                fields(def("architecture")), scenario.path("stages").path(0).path("architecture")),
            "c");
    assertThat(expected).isNotEmpty().doesNotContain("compute"); // compute is written below
    page.await("document.querySelectorAll('#completions li').length > 0", WAIT);
    assertThat(offered()).containsExactlyInAnyOrderElementsOf(expected);
    key("Escape", "Escape", 27, 0, null);
    assertThat(page.eval("document.getElementById('completions').hidden").asBoolean()).isTrue();

    // (b) after "type: " of stages[0]'s entry: the entry types, as YAML scalars
    int entry = find(lines, stage0, l -> l.trim().equals("entry:"));
    int type = find(lines, entry, l -> l.trim().startsWith("type:"));
    String typeAt = lines.get(type).substring(0, lines.get(type).indexOf("type:")) + "type: ";
    text = new ArrayList<>(lines);
    text.set(type, typeAt);
    edit(text, type, typeAt.length());
    ctrlSpace();
    List<String> entryTypes =
        constants(def("architecture").path("properties").path("entry"), "type");
    assertThat(entryTypes).contains("elastic-ip", "alb", "route53");
    assertThat(offered()).containsExactlyInAnyOrderElementsOf(entryTypes);
    typeText("a");
    page.await("document.querySelectorAll('#completions li').length === 2", WAIT);
    assertThat(offered()).containsExactlyInAnyOrderElementsOf(startingWith(entryTypes, "a"));
    String second = offered().get(1);
    key("ArrowDown", "ArrowDown", 40, 0, null);
    key("Tab", "Tab", 9, 0, null);
    assertThat(line(type)).isEqualTo(typeAt + second); // the "a" typed is replaced
    // a quote opened is closed, the closing one typed already replaced
    text.set(type, typeAt + "\"r\"");
    edit(text, type, typeAt.length() + 2);
    ctrlSpace();
    assertThat(offered()).containsExactlyElementsOf(startingWith(entryTypes, "r"));
    key("Enter", "Enter", 13, 0, "\r");
    assertThat(line(type)).isEqualTo(typeAt + "\"route53\"");

    // (c) in a new item of stages[1]'s scheduled faults: that item's fields (a resize's, as its
    // type
    // says), not the next item's
    int scheduled = find(lines, stage1, l -> l.trim().equals("scheduled:"));
    int itemDash = lines.get(scheduled + 1).indexOf('-');
    text = new ArrayList<>(lines);
    text.add(scheduled + 1, " ".repeat(itemDash) + "- type: resize");
    text.add(scheduled + 2, " ".repeat(itemDash + 2));
    edit(text, scheduled + 2, itemDash + 2);
    ctrlSpace();
    JsonNode resize = branch(def("scheduledFault"), "resize");
    Set<String> resizeFields = fields(resize);
    resizeFields.remove("type");
    assertThat(resizeFields).contains("toInstanceType");
    assertThat(offered()).containsExactlyInAnyOrderElementsOf(resizeFields);
    // the item is checked as it is written: what it lacks is reported at its line (the verdict for
    // this text: 'bad' is never a previous text's once an edit has been made)
    page.await(
        "document.getElementById('validity').className === 'bad'"
            + " && [...document.querySelectorAll('#problems li')].some(li => li.dataset.line === '"
            + (scheduled + 2)
            + "')",
        WAIT);
    assertThat(offered()).containsExactlyInAnyOrderElementsOf(resizeFields);
    if (!yaml.contains("\n---")) { // the plain layout: the README's picture
      page.eval(
          "(() => { const t = document.getElementById('scenario'); t.scrollTop = "
              + Math.max(0, (scheduled - 12) * 16)
              + "; t.dispatchEvent(new Event('scroll')); return true; })()");
      Screenshots.write("app-completion-yaml.png", page.screenshot());
    }
    typeText("to");
    page.await("document.querySelectorAll('#completions li').length === 1", WAIT);
    key("Tab", "Tab", 9, 0, null);
    assertThat(line(scheduled + 2)).isEqualTo(" ".repeat(itemDash + 2) + "toInstanceType: ");
    // on a "- " of its own: every scheduled fault's fields; then the types a scheduled fault has
    text = new ArrayList<>(lines);
    text.add(scheduled + 1, " ".repeat(itemDash) + "- ");
    edit(text, scheduled + 1, itemDash + 2);
    typeText("t");
    Set<String> all = new LinkedHashSet<>();
    for (JsonNode b : def("scheduledFault").path("oneOf")) {
      all.addAll(fields(b));
    }
    List<String> withT = startingWith(all, "t");
    assertThat(withT).contains("type", "toInstanceType");
    page.await("document.querySelectorAll('#completions li').length > 1", WAIT);
    assertThat(offered()).containsExactlyInAnyOrderElementsOf(withT);
    typeText("y");
    page.await("document.querySelectorAll('#completions li').length === 1", WAIT);
    key("Enter", "Enter", 13, 0, "\r");
    assertThat(line(scheduled + 1)).isEqualTo(" ".repeat(itemDash) + "- type: ");
    ctrlSpace();
    assertThat(offered())
        .containsExactlyInAnyOrderElementsOf(constants(def("scheduledFault"), "type"))
        .contains("az-outage", "resize", "region-outage");
  }

  /** The cursor's place, as the app reads it from YAML text (the cursor at ^). */
  @Test
  void theCursorsPlaceInYamlText() throws Exception {
    // the index of an item counts its earlier siblings, "- key: value" ones included
    assertContext(
        "stages:\n- name: a\n  architecture: {}\n- name: b\n- name: c\n  ^",
        "key",
        "[\"stages\",2]",
        "",
        "name");
    // nested, indented items: the keys of this item only, not the earlier or the next one's
    assertContext(
        "stages:\n  - name: a\n    faults:\n      scheduled:\n        - type: az-outage\n"
            + "          at: P1D\n        - type: resize\n          ^\n          at: P2D\n  - name: b",
        "key",
        "[\"stages\",0,\"faults\",\"scheduled\",1]",
        "",
        "type,at");
    // comments, quoted keys, a document marker: a commented-out key is not written
    assertContext(
        "# a comment\n---\n\"run\":   # the run\n  'seed': 3\n  # horizon: P30D\n  ho^",
        "key",
        "[\"run\"]",
        "ho",
        "seed");
    // keys below the cursor count; the next mapping's do not
    assertContext(
        "run:\n  ^\n  seed: 3\n  mode: fluid\nstages: []", "key", "[\"run\"]", "", "seed,mode");
    // a value after "key: ", a quote opened
    assertContext(
        "stages:\n- name: a\n  architecture:\n    entry:\n      type: \"al^\"",
        "value",
        "[\"stages\",0,\"architecture\",\"entry\",\"type\"]",
        "al",
        "");
    // a scalar item of a block sequence
    assertContext(
        "stages:\n- name: a\n  architecture:\n    azs:\n    - a\n    - ^",
        "item",
        "[\"stages\",0,\"architecture\",\"azs\",1]",
        "",
        "");
    // flow collections
    assertContext("run: {seed: 1, m^}", "key", "[\"run\"]", "m", "seed");
    assertContext("run: {seed: 1, mode: r^}", "value", "[\"run\",\"mode\"]", "r", "");
    assertContext(
        "architecture:\n  azs: [us-east-1a,\n    us-^",
        "value",
        "[\"architecture\",\"azs\",1]",
        "us-",
        "");
    assertContext("architecture:\n  azs: [a,\n    b]\n  ^", "key", "[\"architecture\"]", "", "azs");
    // a block scalar's text is not structure; after it, the mapping goes on
    assertContext(
        "stages:\n- name: a\n  description: |\n    run: x\n\n  ^",
        "key",
        "[\"stages\",0]",
        "",
        "name,description");
    assertThat(context("stages:\n- name: a\n  description: |\n    run: x\n    ^").isNull())
        .isTrue();
    // a # in a quote still open is not a comment
    assertContext("run:\n  mode: \"a #b^", "value", "[\"run\",\"mode\"]", "a #b", "");
    // nothing in a comment or after a quoted value
    assertThat(context("run:\n  seed: 3 # se^").isNull()).isTrue();
    assertThat(context("run:\n  mode: \"fluid\" ^").isNull()).isTrue();

    // values written as YAML reads them back: quoted only where a plain scalar means something else
    assertThat(
            page.eval(
                "[['P30D', null], ['1y', null], ['x86_64', null], ['on', null], ['10', null],"
                    + " ['a: b', null], ['2026-12-02', null], [10, null], [true, null],"
                    + " ['fluid', '\"'], [\"it's\", \"'\"]].map(([v, q]) => yamlScalar(v, q))"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "P30D",
            "1y",
            "x86_64",
            "\"on\"",
            "\"10\"",
            "\"a: b\"",
            "\"2026-12-02\"",
            "10",
            "true",
            "\"fluid\"",
            "'it''s'");
    // right after the colon, the value comes after a blank; a key whose colon is written keeps it
    assertThat(inserts("run:\n  mode:^")).containsExactly(" fluid", " requests");
    assertThat(inserts("run:\n  mo^: fluid")).containsExactly("mode");
    // the whole word under the cursor is replaced ("fl^uid": from "f" to the end of "fluid")
    assertThat(
            page.eval(
                "completionsAt('run:\\n  mode: fluid', 15).map(o => [o.insert, o.start, o.end])"))
        .hasToString("[[\"fluid\",13,18]]");
  }

  // ---------------------------------------------------------------- page

  static void load(String yaml) throws Exception {
    page.eval(
        "openFile(new File(["
            + JSON.writeValueAsString(yaml)
            + "], 's.yaml', {type: 'application/yaml'})).then(() => true)");
    page.await("document.getElementById('validity').className === 'ok'", WAIT);
    assertThat(page.eval("document.getElementById('scenario').value").asText()).isEqualTo(yaml);
  }

  /** The editor's text as pasted (one input event), the cursor at a line (0-based) and column. */
  static void edit(List<String> lines, int line, int col) throws Exception {
    page.eval(
        "(() => { const t = document.getElementById('scenario'); t.focus(); t.value = "
            + JSON.writeValueAsString(String.join("\n", lines))
            + "; t.dispatchEvent(new Event('input')); t.setSelectionRange("
            + (offset(lines, line) + col)
            + ", "
            + (offset(lines, line) + col)
            + "); return true; })()");
  }

  /**
   * Text typed at the cursor, as a keyboard would (each character an input event with its data).
   */
  static void typeText(String s) throws Exception {
    for (char c : s.toCharArray()) {
      page.send("Input.insertText", JSON.createObjectNode().put("text", String.valueOf(c)));
    }
  }

  static void key(String key, String code, int keyCode, int modifiers, String text)
      throws Exception {
    ObjectNode down =
        JSON.createObjectNode()
            .put("type", text == null ? "rawKeyDown" : "keyDown")
            .put("key", key)
            .put("code", code)
            .put("windowsVirtualKeyCode", keyCode)
            .put("modifiers", modifiers);
    if (text != null) {
      down.put("text", text);
    }
    page.send("Input.dispatchKeyEvent", down);
    page.send(
        "Input.dispatchKeyEvent",
        JSON.createObjectNode()
            .put("type", "keyUp")
            .put("key", key)
            .put("code", code)
            .put("windowsVirtualKeyCode", keyCode)
            .put("modifiers", modifiers));
  }

  static void ctrlSpace() throws Exception {
    key(" ", "Space", 32, 2, null);
    page.await("!document.getElementById('completions').hidden", WAIT);
  }

  static List<String> offered() throws Exception {
    List<String> out = new ArrayList<>();
    page.eval(
            "document.getElementById('completions').hidden ? []"
                + " : [...document.querySelectorAll('#completions li')].map(li => li.textContent)")
        .forEach(n -> out.add(n.asText()));
    return out;
  }

  static String line(int n) throws Exception {
    return page.eval("document.getElementById('scenario').value.split('\\n')[" + n + "]").asText();
  }

  static int cursor() throws Exception {
    return page.eval("document.getElementById('scenario').selectionStart").asInt();
  }

  static JsonNode context(String marked) throws Exception {
    int at = marked.indexOf('^');
    String text = marked.substring(0, at) + marked.substring(at + 1);
    return page.eval(
        "(c => c && {kind: c.kind, path: JSON.stringify(c.path), word: c.word, keys:"
            + " [...c.keys].join(',')})(yamlContext("
            + JSON.writeValueAsString(text)
            + ", "
            + at
            + "))");
  }

  static void assertContext(String marked, String kind, String path, String word, String keys)
      throws Exception {
    JsonNode c = context(marked);
    assertThat(c.isObject()).as(marked).isTrue();
    assertThat(c.path("kind").asText()).as(marked).isEqualTo(kind);
    assertThat(c.path("path").asText()).as(marked).isEqualTo(path);
    assertThat(c.path("word").asText()).as(marked).isEqualTo(word);
    assertThat(c.path("keys").asText()).as(marked).isEqualTo(keys);
  }

  static List<String> inserts(String marked) throws Exception {
    int at = marked.indexOf('^');
    String text = marked.substring(0, at) + marked.substring(at + 1);
    List<String> out = new ArrayList<>();
    page.eval("completionsAt(" + JSON.writeValueAsString(text) + ", " + at + ").map(o => o.insert)")
        .forEach(n -> out.add(n.asText()));
    return out;
  }

  // ---------------------------------------------------------------- text and schema

  static int find(List<String> lines, int from, Predicate<String> test) {
    for (int i = from; i < lines.size(); i++) {
      if (test.test(lines.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no such line after " + from + ": " + lines);
  }

  static int offset(List<String> lines, int line) {
    int at = 0;
    for (int i = 0; i < line; i++) {
      at += lines.get(i).length() + 1;
    }
    return at;
  }

  static JsonNode def(String name) {
    return schema.path("$defs").path(name);
  }

  /** A node's property names, its $ref followed. */
  static Set<String> fields(JsonNode node) {
    JsonNode n = resolve(node);
    Set<String> out = new LinkedHashSet<>();
    n.path("properties").fieldNames().forEachRemaining(out::add);
    return out;
  }

  static JsonNode resolve(JsonNode node) {
    String ref = node.path("$ref").asText("");
    return ref.startsWith("#/$defs/") ? def(ref.substring("#/$defs/".length())) : node;
  }

  /** The values a field may have across a oneOf's branches (their const and enum). */
  static List<String> constants(JsonNode oneOf, String field) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode b : oneOf.path("oneOf")) {
      JsonNode f = resolve(b).path("properties").path(field);
      if (f.has("const")) {
        out.add(f.get("const").asText());
      }
      f.path("enum").forEach(v -> out.add(v.asText()));
    }
    return new ArrayList<>(out);
  }

  static JsonNode branch(JsonNode oneOf, String type) {
    for (JsonNode b : oneOf.path("oneOf")) {
      if (type.equals(b.path("properties").path("type").path("const").asText())) {
        return b;
      }
    }
    throw new AssertionError("no " + type);
  }

  static List<String> minus(Set<String> fields, JsonNode written) {
    List<String> out = new ArrayList<>(fields);
    written.fieldNames().forEachRemaining(out::remove);
    return out;
  }

  static List<String> startingWith(java.util.Collection<String> names, String prefix) {
    return names.stream().filter(n -> n.toLowerCase().startsWith(prefix)).toList();
  }
}
