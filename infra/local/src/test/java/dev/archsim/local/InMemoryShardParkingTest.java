package dev.archsim.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.core.run.ShardParking;
import dev.archsim.core.run.ShardParkingContract;
import dev.archsim.core.run.ShardTask;
import dev.archsim.local.adapters.InMemoryShardParking;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryShardParkingTest extends ShardParkingContract {
  private final InMemoryShardParking parking = new InMemoryShardParking();

  @Override
  protected ShardParking parking() {
    return parking;
  }

  @Override
  protected List<ShardTask> parked(int expected, Duration timeout) {
    return parking.parked();
  }

  @Test
  void aRedriveMovesEveryParkedShardOntoTheQueueOnce() {
    ShardTask a = new ShardTask("r", 1, 0, 0, 25);
    ShardTask b = new ShardTask("r", 4, 1, 25, 50);
    parking.park(a, "failed");
    parking.park(b, "failed");
    List<ShardTask> queued = new ArrayList<>();
    assertThat(parking.redriveTo(queued::addAll)).isEqualTo(2);
    assertThat(queued).containsExactly(a, b);
    assertThat(parking.parked()).isEmpty();
    assertThat(parking.redriveTo(queued::addAll)).isZero();
  }
}
