package dev.archsim.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.worker.WarmUpAtInit.Mode;
import org.junit.jupiter.api.Test;

class WarmUpAtInitTest {
  @Test
  void autoWarmsUpOnlyWhenLambdaInitialisesAheadOfTheFirstEvent() {
    assertThat(WarmUpAtInit.warmsUp(Mode.AUTO, "snap-start")).isTrue();
    assertThat(WarmUpAtInit.warmsUp(Mode.AUTO, "provisioned-concurrency")).isTrue();
    assertThat(WarmUpAtInit.warmsUp(Mode.AUTO, "on-demand")).isFalse();
    assertThat(WarmUpAtInit.warmsUp(Mode.AUTO, null)).isFalse();
    assertThat(WarmUpAtInit.warmsUp(Mode.ALWAYS, "on-demand")).isTrue();
    assertThat(WarmUpAtInit.warmsUp(Mode.NEVER, "snap-start")).isFalse();
  }
}
