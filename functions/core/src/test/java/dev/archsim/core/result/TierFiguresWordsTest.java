package dev.archsim.core.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.engine.result.Metric;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every figure the engine can count has words: a {@link Metric} constant of any engine class (found
 * by reading the engine's classes, so a new one is checked the day it is added) and the figures the
 * engine's fleets count through their tier (compute fleet, container service, queue workers, a
 * chain tier, a region) reach the command line's Components block and the report's Components table
 * in words, never as the raw key ({@code queue.emptyReceives: 0} did).
 */
class TierFiguresWordsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The engine's {@code static final Metric} fields, from its classes (a directory or a jar). */
  static Set<Metric> engineConstants() throws IOException, URISyntaxException {
    Path where = Path.of(Metric.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> classes = new ArrayList<>();
    if (Files.isDirectory(where)) {
      try (Stream<Path> files = Files.walk(where)) {
        files
            .filter(f -> f.toString().endsWith(".class"))
            .forEach(f -> classes.add(where.relativize(f).toString()));
      }
    } else {
      try (JarFile jar = new JarFile(where.toFile())) {
        jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).forEach(classes::add);
      }
    }
    Set<Metric> out = new LinkedHashSet<>();
    for (String c : classes) {
      String name = c.replace('\\', '/').replace('/', '.').replaceFirst("\\.class$", "");
      if (!name.startsWith("dev.archsim.engine.") || name.endsWith("package-info")) {
        continue;
      }
      Class<?> type;
      try {
        type = Class.forName(name, true, Metric.class.getClassLoader());
      } catch (ReflectiveOperationException | LinkageError e) {
        continue; // a class that cannot be loaded alone declares no constant we could read
      }
      for (Field f : type.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == Metric.class) {
          f.setAccessible(true);
          try {
            out.add((Metric) f.get(null));
          } catch (IllegalAccessException e) {
            throw new AssertionError(e);
          }
        }
      }
    }
    return out;
  }

  /**
   * A stage whose only tier figure is {@code key}, 3 a trial as a counter or at most 3 as a peak.
   */
  private static ResultView.Stage stageWith(String key, boolean peak) {
    ObjectNode stage = JSON.createObjectNode();
    stage.putObject("tiers").putObject(peak ? "peaks" : "perTrial").put(key, 3);
    return new ResultView.Stage(stage);
  }

  /** True when the figure reads in words: under a component's name, not its key. */
  private static boolean inWords(String key, boolean peak) {
    Map<String, List<String>> figures = TierFigures.of(stageWith(key, peak));
    return !figures.isEmpty()
        && !figures.containsKey(key)
        && figures.values().stream().flatMap(List::stream).noneMatch(f -> f.contains(key));
  }

  @Test
  void readingTheEngineFindsItsConstants() throws Exception {
    Set<String> names = new LinkedHashSet<>();
    engineConstants().forEach(m -> names.add(m.name()));
    // a sample of each kind: public, package-private and private constants of several classes
    assertThat(names)
        .contains("queue.sent", "queue.emptyReceives", "cache.hits", "sessions.lost")
        .contains("secondary.requests", "efs.read.gb", "workers.maxInService");
    assertThat(names.size()).isGreaterThan(30);
  }

  @Test
  void everyMetricTheEngineCountsHasWordsAsACounterOrAPeak() throws Exception {
    Set<Metric> all = new LinkedHashSet<>(engineConstants());
    // the figures every fleet counts through its own tier (Deployments, ZonedFleet, the chain)
    for (Metric.Tier t :
        List.of(
            Metric.Tier.COMPUTE, Metric.Tier.ECS, Metric.Tier.WORKERS, Metric.Tier.chain("app"))) {
      all.add(t.metric(Metric.FleetFigure.DEPLOYMENTS));
      all.add(t.metric(Metric.FleetFigure.SPOT_INTERRUPTIONS));
    }
    all.add(Metric.Tier.chain("app").metric(Metric.FleetFigure.SERVED));
    all.add(Metric.Tier.chain("app").metric(Metric.FleetFigure.CREDIT_CAPPED_HOURS));
    all.add(Metric.Tier.region("eu-west-1").metric("requests"));
    List<String> raw = new ArrayList<>();
    for (Metric m : all) {
      if (!inWords(m.name(), false) && !inWords(m.name(), true)) {
        raw.add(m.name());
      }
    }
    assertThat(raw).as("figures shown under their raw key").isEmpty();
  }

  @Test
  void theQueuesEmptyReceivesReadAsWords() {
    assertThat(TierFigures.of(stageWith("queue.emptyReceives", false)))
        .containsExactly(
            Map.entry("queue", List.of("3 empty receives (long polls that returned nothing)")));
    assertThat(TierFigures.counted(1, "empty receives (long polls that returned nothing)"))
        .isEqualTo("1 empty receive (long polls that returned nothing)");
    assertThat(TierFigures.of(stageWith("workers.deployments", false)))
        .containsExactly(Map.entry("queue workers", List.of("3 deployments")));
  }

  @Test
  void aFigureNobodyGaveWordsStillShowsUnderItsKey() {
    // the fallback the test above keeps every engine figure away from
    assertThat(inWords("made.up", false)).isFalse();
    assertThat(TierFigures.of(stageWith("made.up", false))).containsKey("made.up");
  }
}
