package io.mcdrop.server.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.preprocess.ImageLoader;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.server.support.Conditions;
import io.mcdrop.server.support.EngineGate;
import io.mcdrop.server.support.Http;
import io.mcdrop.server.support.TestImages;
import io.mcdrop.server.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Many parallel requests: every answer correct and for its own input, and batches really form. */
@Tag("e2e")
class ConcurrencyTest {
  private static final int REQUESTS = 64;

  @Test
  void parallelRequestsAreCoalescedAndEachGetsItsOwnAnswer() throws Exception {
    EngineGate gate = EngineGate.held();
    try (TestServer s = TestServer.start(Map.of("mcdrop.server.threads", 1), gate);
        McEngine reference = McEngine.load(s.models.resolve("cnn.onnx"), EngineConfig.defaults())) {
      // Hold the only worker so that the burst queues up and must be coalesced.
      CompletableFuture<Http.Response> blocker =
          s.http.postAsync("/api/v1/models/cnn/classify?samples=5", "image/png", TestImages.png(0));
      gate.awaitEntered(1);
      List<CompletableFuture<Http.Response>> answers = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        answers.add(
            s.http.postAsync(
                "/api/v1/models/cnn/classify?samples=1", "image/png", TestImages.png(100 + i)));
      }
      InferenceScheduler scheduler = s.scheduler();
      Conditions.await("all requests queued", () -> scheduler.depth() == REQUESTS);
      gate.open();
      for (int i = 0; i < REQUESTS; i++) {
        Http.Response r = answers.get(i).get();
        assertEquals(200, r.status(), r.toString());
        byte[] png = TestImages.png(100 + i);
        Prediction ref =
            reference.predict(
                ImageLoader.decode(png, "ref", reference.info().preprocessing()),
                McOptions.samples(1));
        JsonNode probs = r.json().get("probabilities");
        for (int k = 0; k < 3; k++) {
          assertEquals(ref.probabilities()[k], probs.get(k).asDouble(), 1e-6, "request " + i);
        }
      }
      assertEquals(200, blocker.get().status());
      String metrics = s.http.get("/prometheus").body();
      double count = metric(metrics, "mcdrop_batch_size_count");
      double sum = metric(metrics, "mcdrop_batch_size_sum");
      assertEquals(REQUESTS + 1, sum, 0.0, metrics);
      assertTrue(
          count < REQUESTS / 2.0, "only " + count + " engine calls for " + sum + " requests");
    }
  }

  @Test
  void parallelMcRequestsOnTwoWorkersAllSucceed() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(16);
    try (TestServer s = TestServer.start(Map.of("mcdrop.server.threads", 2))) {
      List<CompletableFuture<Http.Response>> answers = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        int seed = i;
        String path =
            i % 2 == 0 ? "/api/v1/models/cnn/classify?samples=30" : "/v2/models/cnn/infer";
        answers.add(
            CompletableFuture.supplyAsync(
                () ->
                    path.startsWith("/v2")
                        ? s.http.postJson(path, v2Body(seed))
                        : s.http.post(path, "image/png", TestImages.png(seed)),
                clients));
      }
      for (var f : answers) {
        Http.Response r = f.get();
        assertEquals(200, r.status(), r.toString());
      }
    } finally {
      clients.shutdownNow();
    }
  }

  private static String v2Body(int seed) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 64; i++) {
      sb.append(i == 0 ? "" : ",").append(((i * seed) % 17) / 17.0);
    }
    return "{\"id\":\""
        + seed
        + "\",\"inputs\":[{\"name\":\"input\",\"shape\":[1,1,8,8],\"datatype\":\"FP32\",\"data\":["
        + sb
        + "]}]}";
  }

  private static double metric(String text, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "\\{model=\"cnn\"\\} (\\S+)$").matcher(text);
    if (!m.find()) {
      throw new AssertionError(name + " not found");
    }
    return Double.parseDouble(m.group(1));
  }
}
