package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.component.EcsComponent;
import dev.archsim.engine.model.DisasterRecovery.Strategy;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.sim.InfrastructureEvent;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.sim.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine's events are typed records carrying their data; their words are rendered in one place
 * ({@link InfrastructureEvent#description()}) and are those the timelines showed when the fleet's,
 * the failover's and the deployments' events were free text.
 */
class InfrastructureEventTest {
  /** A timed event as the listener got it. */
  record Seen(double at, InfrastructureEvent event) {}

  static List<Seen> events(Scenario s) {
    List<Seen> seen = new ArrayList<>();
    new Simulator(
            new SimulationListener() {
              @Override
              public void infrastructureEvent(
                  int stage, long trial, double seconds, InfrastructureEvent e) {
                seen.add(new Seen(seconds, e));
              }
            })
        .runTrial(s, 0, 0);
    return seen;
  }

  @Test
  void everyKindOfEventHasTheWordsTheTimelinesShowed() {
    Map<InfrastructureEvent, String> words =
        Map.ofEntries(
            Map.entry(
                new InfrastructureEvent.InstanceFailed("us-east-1a"),
                "instance failed in us-east-1a"),
            Map.entry(
                new InfrastructureEvent.NoInstanceToFail("us-east-1b"),
                "scheduled instance failure in us-east-1b: none in service"),
            Map.entry(new InfrastructureEvent.AzOutage("us-east-1a"), "AZ outage us-east-1a"),
            Map.entry(new InfrastructureEvent.AzBack("us-east-1a"), "AZ back us-east-1a"),
            Map.entry(new InfrastructureEvent.RegionLost("us-east-1"), "region outage us-east-1"),
            Map.entry(new InfrastructureEvent.RegionBack("us-east-1"), "region back us-east-1"),
            Map.entry(
                new InfrastructureEvent.SpotInterruption("us-east-1c"),
                "spot interruption in us-east-1c"),
            Map.entry(
                new InfrastructureEvent.DesiredCapacityChanged(8, 12, "75% CPU"),
                "auto scaling desired 8 -> 12 at 75% CPU"),
            Map.entry(
                new InfrastructureEvent.ScheduledActionApplied(2, 10, 4),
                "scheduled action: min 2 max 10 desired 4"),
            Map.entry(new InfrastructureEvent.ResizeStarted("m5.large"), "resize to m5.large"),
            Map.entry(new InfrastructureEvent.ElasticIpRemapped(), "Elastic IP remapped"),
            Map.entry(new InfrastructureEvent.RecordRemoved(false), "record removed from DNS"),
            Map.entry(
                new InfrastructureEvent.RecordRemoved(true),
                "record removed from DNS and instance terminated"),
            Map.entry(
                new InfrastructureEvent.DeploymentBatch(2, 4),
                "deployment: starting 2 new, 4 old running"),
            Map.entry(
                new InfrastructureEvent.DeploymentBlocked(4, 4),
                "deployment cannot proceed: 4 tasks must stay healthy and at most 4 may run"),
            Map.entry(new InfrastructureEvent.DeploymentComplete(), "deployment complete"),
            Map.entry(
                new InfrastructureEvent.DeploymentStopped(), "deployment stopped by the AZ outage"),
            Map.entry(
                new InfrastructureEvent.SecondaryReady("eu-west-1"),
                "secondary region eu-west-1 ready"),
            Map.entry(
                new InfrastructureEvent.ClientsMoving("eu-west-1"),
                "clients start moving to eu-west-1"),
            Map.entry(
                new InfrastructureEvent.ClientsMoved("eu-west-1"),
                "every client moved to eu-west-1"),
            Map.entry(
                new InfrastructureEvent.SecondaryAtFullCapacity("eu-west-1"),
                "secondary region eu-west-1 at full capacity"),
            Map.entry(
                new InfrastructureEvent.SecondaryLostUnused("eu-west-1"),
                "secondary region eu-west-1 lost: no failover target until it is back"),
            Map.entry(
                new InfrastructureEvent.RegionDeclaredUnhealthy("eu-west-1"),
                "region eu-west-1 declared unhealthy: its users start moving"),
            Map.entry(
                new InfrastructureEvent.RegionUsersMoved("eu-west-1", true),
                "every client of eu-west-1 moved to the primary"),
            Map.entry(
                new InfrastructureEvent.ConsumersStopped(Duration.ofHours(1)),
                "queue consumers down for PT1H"),
            Map.entry(new InfrastructureEvent.ConsumersBack(), "queue consumers back"),
            Map.entry(
                new InfrastructureEvent.WorkerDeploymentStarted(),
                "queue workers: a rolling deployment starts"),
            Map.entry(
                new InfrastructureEvent.WorkerResizeStarted("c7g.xlarge"),
                "queue workers: resize to c7g.xlarge starts"),
            Map.entry(
                new InfrastructureEvent.RegionUsersMoved("eu-west-1", false),
                "every client of eu-west-1 moved to its next nearest region"));
    words.forEach((e, w) -> assertThat(e.description()).as(e.toString()).isEqualTo(w));
    // every record of the sealed hierarchy is in the table above
    List<Class<?>> kinds = new ArrayList<>();
    collect(InfrastructureEvent.class, kinds);
    assertThat(kinds)
        .containsExactlyInAnyOrderElementsOf(
            words.keySet().stream().map(Object::getClass).distinct().toList());
  }

  private static void collect(Class<?> c, List<Class<?>> out) {
    if (c.isRecord()) {
      out.add(c);
    } else {
      for (Class<?> sub : c.getPermittedSubclasses()) {
        collect(sub, out);
      }
    }
  }

  @Test
  void aPilotLightFailoverReportsItsMomentsAsTypedEventsAtTheMechanicsTimes() {
    double ttl = 300;
    Scenario s =
        TiersTest.scenario(
            TiersTest.arch(
                null,
                null,
                null,
                DrFailoverStepTest.dr(Strategy.PILOT_LIGHT, ttl, false),
                TiersTest.alb()),
            TiersTest.workload(DrFailoverStepTest.RATE, 0, 0),
            TiersTest.scheduled(
                new Faults.RegionOutage(DrFailoverStepTest.OUTAGE_AT, Duration.ofHours(6))),
            Duration.ofDays(2),
            Duration.ofMinutes(1),
            1);
    List<Seen> seen = events(s);
    double lost = DrFailoverStepTest.OUTAGE_AT.toSeconds();
    List<Seen> failover =
        seen.stream().filter(x -> x.event() instanceof InfrastructureEvent.Failover).toList();
    String to = "ap-northeast-2";
    // pilot light: ready, switching and at full capacity at once (a moment is reported once)
    assertThat(failover.stream().map(Seen::event).toList())
        .containsExactly(
            new InfrastructureEvent.SecondaryReady(to),
            new InfrastructureEvent.SecondaryAtFullCapacity(to),
            new InfrastructureEvent.ClientsMoved(to));
    assertThat(seen)
        .contains(
            new Seen(lost, new InfrastructureEvent.RegionLost("us-east-1")),
            new Seen(lost + 6 * 3600, new InfrastructureEvent.RegionBack("us-east-1")));
    // pilot light: the decision 15 min after the detection, then the boot; the clients move over
    // one TTL from there
    double switchAt = failover.get(0).at();
    double detection =
        switchAt - lost - DrFailoverStepTest.DECISION_MIN * 60 - DrFailoverStepTest.BOOT;
    assertThat(detection).isBetween(64.0, 94.0);
    assertThat(failover.get(1).at()).isCloseTo(switchAt, within(1e-6));
    assertThat(failover.get(2).at() - switchAt).isCloseTo(ttl, within(1e-6));
  }

  @Test
  void aRollingDeploymentReportsItsBatchesThenItsEnd() {
    // four tasks at 50 % / 100 %: two stopped and two started, then the other two (EcsServiceTest)
    Scenario s =
        EcsServiceTest.scenario(
            EcsServiceTest.arch(EcsServiceTest.service(50, 100)),
            List.of(new EcsComponent.Deployment(Duration.ofHours(1), null, null)));
    List<Seen> deployment =
        events(s).stream()
            .filter(x -> x.event() instanceof InfrastructureEvent.Deployment)
            .toList();
    assertThat(deployment.stream().map(Seen::event).toList())
        .containsExactly(
            new InfrastructureEvent.DeploymentBatch(2, 2),
            new InfrastructureEvent.DeploymentBatch(2, 0),
            new InfrastructureEvent.DeploymentComplete());
    assertThat(deployment.get(0).at()).isEqualTo(3600);
    // each batch waits for its tasks' start and health checks (300 s, then 5 to 10 s)
    assertThat(deployment.get(1).at() - deployment.get(0).at())
        .isBetween(EcsServiceTest.START_S + 5, EcsServiceTest.START_S + 10);
    assertThat(deployment.get(2).at() - deployment.get(1).at())
        .isBetween(EcsServiceTest.START_S + 5, EcsServiceTest.START_S + 10);
  }
}
