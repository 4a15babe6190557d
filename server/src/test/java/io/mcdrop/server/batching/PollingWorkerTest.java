package io.mcdrop.server.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.session.EngineThreads;
import io.mcdrop.server.config.ServerConfig;
import io.mcdrop.server.metrics.ServerMetrics;
import io.mcdrop.server.registry.LoadedModel;
import io.mcdrop.server.support.Conditions;
import io.mcdrop.server.support.TestModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that found the queue empty polls it and takes the next request itself, without waking
 * another thread; polling never strands a request, and draining ends it at once. The poll window is
 * the test's own (until work is offered), so nothing depends on how fast the machine is.
 */
class PollingWorkerTest {
  private static final long FOREVER = TimeUnit.HOURS.toNanos(1);

  @TempDir Path dir;

  private static ServerConfig config(int workers, int maxBatch) {
    return new ServerConfig(
        "models",
        workers,
        1,
        1000,
        30,
        64,
        Duration.ofMillis(250),
        maxBatch,
        32000,
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        false,
        1 << 20,
        null,
        200);
  }

  private LoadedModel model() throws Exception {
    Path models = Files.createDirectories(dir.resolve("models"));
    TestModels.write(models);
    return new LoadedModel(
        TestModels.CNN, McEngine.load(models.resolve("cnn.onnx"), EngineConfig.defaults()));
  }

  private static float[] input(LoadedModel m, int i) {
    float[] x = new float[m.info().inputSize()];
    x[i % x.length] = 1;
    return x;
  }

  @Test
  void theNextRequestGoesToThePollingWorkerAndNoOtherThreadRuns() throws Exception {
    LoadedModel m = model();
    Set<String> ran = ConcurrentHashMap.newKeySet();
    EngineCall recording =
        (model, inputs, options) -> {
          ran.add(Thread.currentThread().getName());
          return model.engine().predictAll(inputs, options);
        };
    try (InferenceScheduler s =
        new InferenceScheduler(
            config(2, 32),
            new ServerMetrics(new SimpleMeterRegistry()),
            recording,
            r -> EngineThreads.create(r, "test-infer"),
            FOREVER)) {
      s.start();
      for (int i = 0; i < 20; i++) {
        s.submit(m, McOptions.samples(5), () -> input(m, 0)).get(30, TimeUnit.SECONDS);
        // the worker that answered is polling the empty queue before the next request is sent
        Conditions.await("a worker polls the queue", () -> s.polling() == 1);
      }
      assertEquals(1, ran.size(), "requests ran on " + ran);
      assertTrue(s.drain(Duration.ofSeconds(30)), "draining ends the poll");
      assertEquals(0, s.polling());
    }
  }

  @Test
  void aWorkerDoesNotPollWhileAnotherWorkerIsBusy() throws Exception {
    LoadedModel m = model();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    EngineCall gated =
        (model, inputs, options) -> {
          if (inputs.get(0)[1] == 1) { // the held request
            entered.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return model.engine().predictAll(inputs, options);
        };
    try (InferenceScheduler s =
        new InferenceScheduler(
            config(2, 32),
            new ServerMetrics(new SimpleMeterRegistry()),
            gated,
            r -> EngineThreads.create(r, "test-infer"),
            FOREVER)) {
      s.start();
      CompletableFuture<?> held = s.submit(m, McOptions.samples(2), () -> input(m, 1));
      assertTrue(entered.await(30, TimeUnit.SECONDS));
      s.submit(m, McOptions.samples(2), () -> input(m, 2)).get(30, TimeUnit.SECONDS);
      // the second worker finished while the first is still busy: it parks instead of polling
      Conditions.await("the free worker parks", () -> s.busy() == 1 && s.polling() == 0);
      release.countDown();
      held.get(30, TimeUnit.SECONDS);
      // now the last busy worker polls, as the only one
      Conditions.await("the last worker polls", () -> s.polling() == 1);
      assertTrue(s.drain(Duration.ofSeconds(30)));
    }
  }

  @Test
  void pollingWorkersNeverStrandARequestUnderConcurrentLoad() throws Exception {
    LoadedModel m = model();
    for (long poll : new long[] {0, 50_000, FOREVER}) {
      for (int batch : new int[] {1, 32}) {
        try (InferenceScheduler s =
            new InferenceScheduler(
                config(2, batch),
                new ServerMetrics(new SimpleMeterRegistry()),
                EngineCall.direct(),
                r -> EngineThreads.create(r, "test-infer"),
                poll)) {
          s.start();
          List<CompletableFuture<?>> all = new java.util.ArrayList<>();
          // four client threads, each sending its next request as soon as the last is answered
          List<Thread> clients = new java.util.ArrayList<>();
          for (int c = 0; c < 4; c++) {
            int client = c;
            CompletableFuture<Void> done = new CompletableFuture<>();
            all.add(done);
            Thread t =
                new Thread(
                    () -> {
                      try {
                        for (int i = 0; i < 50; i++) {
                          int k = client + i;
                          s.submit(m, McOptions.samples(3), () -> input(m, k))
                              .get(30, TimeUnit.SECONDS);
                        }
                        done.complete(null);
                      } catch (Throwable e) {
                        done.completeExceptionally(e);
                      }
                    });
            clients.add(t);
            t.start();
          }
          for (CompletableFuture<?> f : all) {
            f.get(120, TimeUnit.SECONDS);
          }
          for (Thread t : clients) {
            t.join();
          }
          assertEquals(0, s.depth(), "poll " + poll + ", batch " + batch);
          assertTrue(s.drain(Duration.ofSeconds(30)), "poll " + poll + ", batch " + batch);
        }
      }
    }
  }
}
