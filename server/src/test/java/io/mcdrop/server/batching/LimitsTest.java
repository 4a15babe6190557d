package io.mcdrop.server.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.server.support.Http;
import io.mcdrop.server.support.TestImages;
import io.mcdrop.server.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Overload, timeouts and shutdown, on one worker kept busy by a slow request (10 000 LOOP samples:
 * 0.2-0.6 s here, several seconds on the first call; timeouts in these tests are far below that).
 */
class LimitsTest {
  private static final String SLOW = "/api/v1/models/cnn/classify?samples=10000&strategy=loop";
  private static final String FAST = "/api/v1/models/cnn/classify?samples=5";
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private CompletableFuture<Http.Response> async(Http http, String path) {
    return CompletableFuture.supplyAsync(
        () -> http.post(path, "image/png", TestImages.png(1)), pool);
  }

  private static Map<String, Object> oneWorker(Object... more) {
    Map<String, Object> m = new java.util.HashMap<>();
    m.put("mcdrop.server.threads", 1);
    m.put("mcdrop.server.max-samples", 10000);
    for (int i = 0; i < more.length; i += 2) {
      m.put((String) more[i], more[i + 1]);
    }
    return m;
  }

  private static void awaitRunning(TestServer s) throws InterruptedException {
    // The slow request has left the queue once the queue depth is back to zero.
    for (int i = 0; i < 100; i++) {
      Thread.sleep(20);
      if (s.http.get("/prometheus").body().contains("mcdrop_queue_depth 0.0")) {
        return;
      }
    }
  }

  @Test
  void saturatedServerAnswers429WithRetryAfterAndKeepsServing() throws Exception {
    try (TestServer s =
        TestServer.start(
            oneWorker("mcdrop.server.queue-capacity", 1, "mcdrop.server.queue-wait", "100ms"))) {
      CompletableFuture<Http.Response> slow = async(s.http, SLOW);
      awaitRunning(s);
      List<CompletableFuture<Http.Response>> burst = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        burst.add(async(s.http, FAST));
      }
      int busy = 0;
      int ok = 0;
      for (var f : burst) {
        Http.Response r = f.get();
        if (r.status() == 429) {
          busy++;
          assertEquals("1", r.header("Retry-After"));
          assertTrue(r.json().get("error").asText().contains("busy"), r.body());
        } else {
          assertEquals(200, r.status(), r.toString());
          ok++;
        }
      }
      assertEquals(200, slow.get().status());
      assertTrue(busy >= 4, "only " + busy + " of 6 refused");
      assertTrue(ok >= 1, "the queued request must be served");
      assertEquals(200, s.http.post(FAST, "image/png", TestImages.png(2)).status());
    }
  }

  @Test
  void requestsThatTimeOutAreCancelledReportedAndTheServerKeepsServing() throws Exception {
    try (TestServer s = TestServer.start(oneWorker("mcdrop.server.request-timeout", "50ms"))) {
      CompletableFuture<Http.Response> slow = async(s.http, SLOW);
      awaitRunning(s);
      CompletableFuture<Http.Response> queued = async(s.http, FAST);
      Http.Response a = slow.get();
      Http.Response b = queued.get();
      assertEquals(503, a.status(), a.toString());
      assertTrue(a.json().get("error").asText().contains("timed out"), a.body());
      assertEquals(503, b.status(), b.toString());
      assertTrue(b.json().get("error").asText().contains("before it ran"), b.body());
      Thread.sleep(1500); // let the worker finish the discarded run
      assertEquals(200, s.http.post(FAST, "image/png", TestImages.png(3)).status());
      String metrics = s.http.get("/prometheus").body();
      assertTrue(metrics.contains("mcdrop_requests_timeouts_total{model=\"cnn\"} 2.0"), metrics);
    }
  }

  @Test
  void shutdownFinishesInFlightRequestsAndRefusesNewOnes() throws Exception {
    TestServer s = TestServer.start(oneWorker());
    CompletableFuture<Http.Response> slow = async(s.http, SLOW);
    awaitRunning(s);
    CompletableFuture<Void> closing =
        CompletableFuture.runAsync(
            () -> {
              try {
                s.close();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            pool);
    Thread.sleep(100);
    Http.Response refused = s.http.post(FAST, "image/png", TestImages.png(4));
    assertEquals(503, refused.status(), refused.toString());
    assertTrue(refused.header("Retry-After") != null);
    Http.Response finished = slow.get();
    assertEquals(200, finished.status(), finished.toString());
    assertEquals(10000, finished.json().get("samples").asInt());
    closing.get();
  }
}
