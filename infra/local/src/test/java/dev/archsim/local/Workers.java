package dev.archsim.local;

import dev.archsim.core.run.CompleteRun;
import dev.archsim.core.run.ProcessShard;
import dev.archsim.core.run.RunStore;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.sim.Simulator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BiConsumer;

/** A worker's use case over a store whose calls a test watches or breaks. */
final class Workers {
  private Workers() {}

  /** {@code store}, with {@code before} called (and free to throw) ahead of every call. */
  static RunStore watched(RunStore store, BiConsumer<Method, Object[]> before) {
    return (RunStore)
        Proxy.newProxyInstance(
            RunStore.class.getClassLoader(),
            new Class<?>[] {RunStore.class},
            (proxy, method, args) -> {
              before.accept(method, args);
              try {
                return method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  static ProcessShard processShard(RunStore store) {
    Clock clock = Clock.systemUTC();
    return new ProcessShard(
        store,
        new Simulator(),
        new CompleteRun(
            store,
            new ScenarioCodec(),
            clock,
            () -> UUID.randomUUID().toString(),
            Duration.ofMinutes(5)),
        clock);
  }
}
