package io.mcdrop.server.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.server.config.ServerConfig;
import io.mcdrop.server.errors.ServerBusyException;
import io.mcdrop.server.metrics.ServerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scheduler left without worker threads says so (not ready) and refuses work with 503. */
class NoWorkersTest {

  @Test
  void aSchedulerWithoutLiveWorkersIsNotAcceptingAndRefusesWith503() {
    ServerConfig config =
        new ServerConfig(
            "models",
            2,
            1,
            1000,
            30,
            64,
            Duration.ofMillis(250),
            32,
            32000,
            Duration.ofSeconds(30),
            Duration.ofSeconds(1),
            false,
            1 << 20,
            null,
            0);
    EngineCall never =
        (m, in, o) -> {
          throw new AssertionError("no engine call without workers");
        };
    try (InferenceScheduler s =
        new InferenceScheduler(
            config, new ServerMetrics(new SimpleMeterRegistry()), never, r -> null)) {
      s.start();
      assertFalse(s.accepting());
      ServerBusyException e =
          assertThrows(
              ServerBusyException.class,
              () -> s.submitAll(null, McOptions.samples(1), List.of(new float[] {1})));
      assertEquals(503, e.status().getCode());
    }
  }
}
