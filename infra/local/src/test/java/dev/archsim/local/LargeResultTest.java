package dev.archsim.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.core.run.Gzip;
import dev.archsim.core.run.LongDescriptions;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.local.adapters.LocalPipeline;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A run whose result is larger than DynamoDB's 400 KB item limit, on the embedded adapters. */
class LargeResultTest {
  @Test
  void aTwentyStageRunWithLongDescriptionsCompletesWithItsWholeResult() {
    String scenario =
        LongDescriptions.scenario(Path.of("../../events/scenarios/whatisthetime.json"), 2);
    try (LocalPipeline p =
        new LocalPipeline(
            2,
            new SubmitRun.Settings(2, Duration.ofDays(1), 1000),
            e -> {},
            SimulationListener.NONE)) {
      SubmitRun.Submitted s =
          p.submitRun().submit(new SubmitRun.Request("alice", scenario, null, null, null));
      RunRecord done = p.awaitTerminal(s.runId());
      assertThat(done.status()).as(done.failureReason()).isEqualTo(RunStatus.COMPLETED);
      byte[] utf8 = done.resultJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(utf8.length).isGreaterThan(600_000);
      assertThat(Gzip.compress(done.resultJson()).length).isLessThan(400_000);
      assertThat(done.resultJson()).contains(LongDescriptions.description(19));
    }
  }
}
