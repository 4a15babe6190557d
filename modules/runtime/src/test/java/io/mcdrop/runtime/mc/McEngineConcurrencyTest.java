package io.mcdrop.runtime.mc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mcdrop.onnx.fixtures.FixtureModels;
import io.mcdrop.runtime.stats.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class McEngineConcurrencyTest {

  @Test
  void oneEngineServesManyThreadsWithCorrectResults() throws Exception {
    try (McEngine e =
        McEngine.load(
            FixtureModels.residualCnn(9, 0.3f), "m", EngineConfig.defaults().withThreads(1))) {
      double[][] expected = new double[8][];
      for (int i = 0; i < 8; i++) {
        expected[i] =
            e.predict(McEngineNumericsTest.image(i), McOptions.samples(1)).probabilities();
      }
      McOptions seeded = McOptions.samples(20).withSeed(3L);
      Prediction reference = e.predict(McEngineNumericsTest.image(0), seeded);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int img = t;
          futures.add(
              pool.submit(
                  () -> {
                    for (int rep = 0; rep < 10; rep++) {
                      assertArrayEquals(
                          expected[img],
                          e.predict(McEngineNumericsTest.image(img), McOptions.samples(1))
                              .probabilities(),
                          0.0);
                      Prediction mc =
                          e.predict(McEngineNumericsTest.image(img), McOptions.samples(16));
                      assertEquals(16, mc.samples());
                      if (img == 0) {
                        assertArrayEquals(
                            reference.probabilities(),
                            e.predict(McEngineNumericsTest.image(0), seeded).probabilities(),
                            0.0);
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
