package dev.archsim.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No class of the trial engine takes or holds the whole {@link TrialSimulation}: each collaborator
 * is handed what it uses (the schedule, the traffic integration, the random stream, the incident
 * and infrastructure logs, the serving side, ...), so a new fleet mechanic cannot reach into the
 * trial's fields again. The check reads every compiled class of the package and its subpackages.
 */
class TrialHubTest {
  /** The classes of {@code dev.archsim.engine.sim} and below, nested ones included. */
  private static List<Class<?>> engineClasses() throws IOException, URISyntaxException {
    Path root =
        Path.of(TrialSimulation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path dir = root.resolve("dev/archsim/engine/sim");
    assertThat(dir).as("the engine's classes are a directory on the test class path").isDirectory();
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
        String name = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".");
        try {
          out.add(
              Class.forName(
                  name.substring(0, name.length() - ".class".length()),
                  false,
                  TrialSimulation.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
          throw new AssertionError(e);
        }
      }
    }
    return out;
  }

  /**
   * Where {@code c} takes or holds a TrialSimulation: constructor and method parameters, fields (a
   * lambda's or an inner class's captured trial shows as a field or a parameter).
   */
  private static List<String> reachIns(Class<?> c) {
    List<String> out = new ArrayList<>();
    if (c == TrialSimulation.class) {
      return out;
    }
    List<Executable> executables = new ArrayList<>(List.of(c.getDeclaredConstructors()));
    executables.addAll(List.of(c.getDeclaredMethods()));
    for (Executable e : executables) {
      for (Class<?> p : e.getParameterTypes()) {
        if (p == TrialSimulation.class) {
          out.add(c.getName() + "." + e.getName() + " takes a TrialSimulation");
        }
      }
    }
    for (Field f : c.getDeclaredFields()) {
      if (f.getType() == TrialSimulation.class) {
        out.add(c.getName() + "." + f.getName() + " holds a TrialSimulation");
      }
    }
    return out;
  }

  @Test
  void noClassOfTheEngineTakesOrHoldsTheWholeTrial() throws Exception {
    List<Class<?>> classes = engineClasses();
    assertThat(classes)
        .as("the scan sees the fleet classes")
        .contains(
            ZonedFleet.class,
            Fleet.class,
            ExtraFleet.class,
            Slots.class,
            SlotFailures.class,
            AddressSlot.class,
            FailureClock.class,
            FleetZones.class,
            InstanceFailures.class,
            Launches.class,
            Deployments.class,
            AzRebalancing.class,
            AzOutages.class,
            RollingResize.class,
            SpotCapacity.class,
            AutoScalingGroup.class,
            ScheduledActions.class,
            FleetRouting.class,
            StickySessions.class,
            ClientBinding.Dns.class,
            Billing.class,
            Serving.class,
            Tiers.class,
            Regions.class,
            PathContext.class);
    List<String> found = new ArrayList<>();
    for (Class<?> c : classes) {
      found.addAll(reachIns(c));
    }
    assertThat(found).isEmpty();
  }

  /** A class written the old way, to show the check finds it. */
  @SuppressWarnings("unused")
  private static final class OldStyleFleet {
    private final TrialSimulation sim;

    OldStyleFleet(TrialSimulation sim) {
      this.sim = sim;
    }
  }

  @Test
  void theCheckFindsAClassThatTakesTheTrial() {
    assertThat(reachIns(OldStyleFleet.class))
        .hasSize(2)
        .anyMatch(s -> s.endsWith("takes a TrialSimulation"))
        .anyMatch(s -> s.endsWith("OldStyleFleet.sim holds a TrialSimulation"));
  }

  @Test
  void whatAFleetIsHandedOfTheTrialHoldsNoneOfItsCollaborators() {
    List<Class<?>> collaborators =
        List.of(
            TrialSimulation.class,
            Serving.class,
            Billing.class,
            Tiers.class,
            Topology.class,
            Regions.class,
            PathContext.class,
            CostLedger.class);
    for (RecordComponent rc : FleetTrial.class.getRecordComponents()) {
      assertThat(collaborators).as(rc.getName()).doesNotContain(rc.getType());
    }
  }
}
