package dev.archsim.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a fleet's Auto Scaling group launches and stops, and the totals it reads. */
class FleetZonesTest {
  private static FleetZones placed(int a, int b, int c) {
    FleetZones zones = new FleetZones(3);
    zones.place(
        Map.of("us-east-1a", a, "us-east-1b", b, "us-east-1c", c),
        List.of("us-east-1a", "us-east-1b", "us-east-1c"),
        7.5);
    return zones;
  }

  @Test
  void launchesGoToTheEmptiestAzAndStopsComeFromTheFullestAmongThoseNotOut() {
    FleetZones zones = placed(3, 1, 2);
    assertThat(zones.emptiest().index).isEqualTo(1);
    assertThat(zones.fullest().index).isEqualTo(0);
    zones.all[1].out = true;
    zones.all[0].out = true;
    assertThat(zones.emptiest().index).as("only 1c is not out").isEqualTo(2);
    assertThat(zones.fullest().index).isEqualTo(2);
    zones.all[2].out = true;
    assertThat(zones.emptiest()).as("every AZ out").isNull();
    assertThat(zones.fullest()).isNull();
  }

  @Test
  void tiedAzsGiveTheFirstInTheStagesOrder() {
    FleetZones zones = placed(2, 2, 2);
    assertThat(zones.emptiest().index).isZero();
    assertThat(zones.fullest().index).isZero();
  }

  @Test
  void theGroupCountsFailedAndBootingInstancesTheBillDrainingOnesAndSpotByZone() {
    FleetZones zones = placed(3, 1, 2);
    assertThat(zones.all[2].unit.credits).isEqualTo(7.5);
    FleetZone a = zones.all[0];
    a.inService--;
    a.failedUndetected++; // still counted and billed
    a.booting++;
    FleetZone c = zones.all[2];
    c.inService--;
    c.draining++; // billed, not counted
    c.spot = 2;
    assertThat(zones.live()).isEqualTo(6);
    assertThat(zones.inService()).isEqualTo(4);
    assertThat(zones.billed()).containsExactly(5, 2);
    assertThat(zones.anyStarting()).as("booting is not registering").isFalse();
    zones.all[1].stopped++;
    assertThat(zones.anyStarting()).as("one stopped for a resize").isTrue();
  }
}
