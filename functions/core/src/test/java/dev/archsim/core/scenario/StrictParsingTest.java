package dev.archsim.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archsim.core.run.ShardTask;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.engine.validate.ScenarioRejectedException;
import dev.archsim.engine.validate.Violation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One document, read exactly: nothing after it, no key twice, only UTF-8, and no part of it
 * replaced by an override.
 */
class StrictParsingTest {
  private final ScenarioCodec codec = new ScenarioCodec();

  static String doc() throws Exception {
    return Files.readString(ScenarioCodecTest.LIBRARY.resolve("db-failover.json"));
  }

  static final String YAML =
      """
      version: 1
      name: yaml
      workload: {requestsPerSecond: 5, profile: {cpuMsPerRequest: 10}}
      stages:
        - name: s
          architecture:
            region: us-east-1
            azs: [us-east-1a]
            entry: {type: alb}
            compute: {instanceType: m5.large, countPerAz: 2}
      """;

  private static Violation only(ScenarioParseResult r) {
    assertThat(r.isValid()).as("accepted").isFalse();
    assertThat(r.errors()).hasSize(1);
    return r.errors().get(0);
  }

  @Test
  void theDocumentsAsTheyAreStillParse() throws Exception {
    assertThat(codec.parseJson(doc()).isValid()).isTrue();
    assertThat(codec.parseYaml(YAML).isValid()).isTrue();
    assertThat(codec.parseJson(doc() + "\n  \t\n").isValid()).isTrue();
  }

  @Test
  void trailingGarbageAfterTheJsonIsRejected() throws Exception {
    Violation v = only(codec.parseJson(doc() + " garbage"));
    assertThat(v.path()).isEqualTo("$");
    assertThat(v.message()).startsWith("not a well-formed document at line").contains("garbage");
    assertThat(only(codec.parseJson(doc() + "}")).message()).contains("not a well-formed");
  }

  @Test
  void aSecondJsonDocumentIsRejected() throws Exception {
    Violation v = only(codec.parseJson(doc() + "\n" + doc()));
    assertThat(v.message()).contains("Trailing token");
  }

  @Test
  void aSecondYamlDocumentIsRejected() {
    Violation v = only(codec.parseYaml(YAML + "---\nversion: 2\n"));
    assertThat(v.message()).startsWith("not a well-formed document");
  }

  @Test
  void aDuplicateJsonKeyIsRejectedWithItsPath() throws Exception {
    String twice =
        doc()
            .replaceFirst(
                "\"instanceType\": \"m5.large\"",
                "\"instanceType\": \"m5.large\", \"instanceType\": \"m5.24xlarge\"");
    assertThat(twice).isNotEqualTo(doc());
    Violation v = only(codec.parseJson(twice));
    assertThat(v.message()).contains("Duplicate").contains("instanceType");
    assertThat(v.path()).isEqualTo("$.stages[0].architecture.compute.instanceType");
    Violation top = only(codec.parseJson(doc().replaceFirst("\\{", "{\"name\": \"first\", ")));
    assertThat(top.path()).isEqualTo("$.name");
  }

  @Test
  void aDuplicateYamlKeyIsRejectedWithItsPath() {
    String twice = YAML.replace("countPerAz: 2}", "countPerAz: 2, countPerAz: 200}");
    Violation v = only(codec.parseYaml(twice));
    assertThat(v.message()).contains("Duplicate").contains("countPerAz");
    assertThat(v.path()).isEqualTo("$.stages[0].architecture.compute.countPerAz");
    Violation top = only(codec.parseYaml(YAML + "name: again\n"));
    assertThat(top.path()).isEqualTo("$.name");
  }

  @Test
  void bytesThatAreNotUtf8AreRejectedWithTheirOffset() throws Exception {
    byte[] good = doc().getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.decode(good)).isEqualTo(doc());
    byte[] bad = good.clone();
    int at = doc().indexOf("Database") + 2;
    bad[at] = (byte) 0xC3; // a two-byte lead followed by an ASCII letter
    assertThatThrownBy(() -> Utf8.decode(bad))
        .isInstanceOf(ScenarioRejectedException.class)
        .hasMessageContaining("$: not valid UTF-8: byte 0xC3 at offset " + at);
    byte[] lone = {'{', (byte) 0xFF, '}'};
    assertThatThrownBy(() -> Utf8.decode(lone)).hasMessageContaining("byte 0xFF at offset 1");
  }

  private SubmitRun submitter(List<ShardTask> queued) {
    return new SubmitRun(
        noStore(),
        queued::addAll,
        codec,
        Clock.systemUTC(),
        () -> "r",
        new SubmitRun.Settings(25, Duration.ofDays(1), 100));
  }

  @Test
  void aRunThatIsNotAnObjectIsRejectedEvenWithTrialsOverridden() throws Exception {
    String notAnObject = doc().replaceFirst("\"run\": \\{[^}]*\\}", "\"run\": 5");
    assertThat(notAnObject).contains("\"run\": 5");
    List<ShardTask> queued = new ArrayList<>();
    assertThatThrownBy(
            () ->
                submitter(queued).submit(new SubmitRun.Request("alice", notAnObject, null, 10, 3L)))
        .isInstanceOf(ScenarioRejectedException.class)
        .satisfies(
            e ->
                assertThat(((ScenarioRejectedException) e).violations())
                    .extracting(Violation::path)
                    .contains("$.run"));
    assertThat(queued).isEmpty();
  }

  @Test
  void theApiRefusesTrailingGarbageAndDuplicateKeysToo() throws Exception {
    List<ShardTask> queued = new ArrayList<>();
    for (String bad :
        List.of(doc() + " x", doc() + doc(), doc().replaceFirst("\\{", "{\"version\": 1, "))) {
      assertThatThrownBy(
              () -> submitter(queued).submit(new SubmitRun.Request("alice", bad, null, null, null)))
          .isInstanceOf(ScenarioRejectedException.class)
          .hasMessageContaining("not a well-formed document");
    }
    assertThat(queued).isEmpty();
  }

  /** A store that must not be called: every scenario here is refused first. */
  private static dev.archsim.core.run.RunStore noStore() {
    return (dev.archsim.core.run.RunStore)
        java.lang.reflect.Proxy.newProxyInstance(
            StrictParsingTest.class.getClassLoader(),
            new Class<?>[] {dev.archsim.core.run.RunStore.class},
            (proxy, method, args) -> {
              throw new AssertionError("the store was called: " + method.getName());
            });
  }
}
