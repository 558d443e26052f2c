package dev.archsim.local.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.local.cli.CliHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The safety net of the engine: the merged {@code archsim run --json} result of every library
 * scenario, and of the request-level engine's scenarios under {@code
 * src/test/resources/requests-mode} (seed 42, {@value #TRIALS} trials per stage, in shards of
 * {@value #PER_SHARD} so the merge is exercised) compared byte for byte with the file committed
 * under {@code src/test/resources/golden/}. The same run split differently (one shard per stage,
 * two workers) must give the same bytes, and every stage of the result must pass {@link
 * ResultInvariants}.
 *
 * <p>An intended change of numbers regenerates the files in the same commit ({@code
 * -Darchsim.golden.update=true}, see the README's "Golden results and invariants"), and the commit
 * message says which numbers moved and why.
 */
class GoldenResultsTest {
  static final int TRIALS = 5;
  static final int PER_SHARD = 2;
  static final Path LIBRARY = Path.of("../../events/scenarios");
  static final Path GOLDEN = Path.of("src/test/resources/golden");

  /**
   * The request-level engine's own scenarios ({@code run.mode: requests}; no library scenario can
   * run in that mode, which simulates fault-free fixed fleets): their golden files sit beside the
   * library's.
   */
  static final Path REQUEST_LEVEL = Path.of("src/test/resources/requests-mode");

  static Stream<String> scenarios() throws IOException {
    return Stream.concat(names(LIBRARY), names(REQUEST_LEVEL));
  }

  private static Stream<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .sorted()
          .toList()
          .stream();
    }
  }

  /** The scenario file of a golden file's name: the library's, else the request-level one's. */
  static Path source(String scenario) {
    Path library = LIBRARY.resolve(scenario);
    return Files.exists(library) ? library : REQUEST_LEVEL.resolve(scenario);
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void mergedResultIsByteForByteTheGoldenOne(String scenario) throws IOException {
    String result = run(scenario, PER_SHARD, 1);
    ResultInvariants.assertHold(new ObjectMapper().readTree(result), TRIALS);
    Path golden = GOLDEN.resolve(scenario);
    if (Boolean.getBoolean("archsim.golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, result, StandardCharsets.UTF_8);
    }
    assertThat(golden).as("golden file (regenerate with -Darchsim.golden.update=true)").exists();
    String expected = Files.readString(golden, StandardCharsets.UTF_8);
    if (!expected.equals(result)) {
      throw new AssertionError(
          scenario
              + " differs from its golden result. If the change of numbers is intended, regenerate"
              + " the golden files (-Darchsim.golden.update=true) in the same commit and say in"
              + " the commit message which numbers moved and why.\n"
              + firstDifferences(expected, result));
    }
    // same seed, trials split into other shards on two workers: the same bytes
    assertThat(run(scenario, TRIALS, 2)).as("one shard per stage, two workers").isEqualTo(result);
  }

  static String run(String scenario, int perShard, int workers) {
    CliHarness.Outcome outcome =
        CliHarness.run(
            "run",
            source(scenario).toString(),
            "--json",
            "--seed",
            "42",
            "--trials",
            String.valueOf(TRIALS),
            "--trials-per-shard",
            String.valueOf(perShard),
            "--workers",
            String.valueOf(workers),
            "--no-progress");
    assertThat(outcome.exit()).as(scenario + ": " + outcome.err()).isZero();
    return outcome.out();
  }

  /** The first lines where the two results differ, with line numbers, to read in the failure. */
  static String firstDifferences(String expected, String actual) {
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.max(e.length, a.length) && out.size() < 20; i++) {
      String el = i < e.length ? e[i] : "<end>";
      String al = i < a.length ? a[i] : "<end>";
      if (!el.equals(al)) {
        out.add("line " + (i + 1) + ": golden " + el.strip() + " | now " + al.strip());
      }
    }
    return String.join("\n", out);
  }

  static JsonNode parse(String text) throws IOException {
    return new ObjectMapper().readTree(text);
  }
}
