package io.mcdrop.server.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.server.support.Conditions;
import io.mcdrop.server.support.EngineGate;
import io.mcdrop.server.support.Http;
import io.mcdrop.server.support.TestImages;
import io.mcdrop.server.support.TestServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Overload, timeouts and shutdown, on one worker whose engine call the test holds at an {@link
 * EngineGate}: the request "in flight" stays in flight until the test lets it go, however fast the
 * machine is.
 */
class LimitsTest {
  private static final String FAST = "/api/v1/models/cnn/classify?samples=5";
  private static final String OTHER = "/api/v1/models/cnn/classify?samples=6";

  private static CompletableFuture<Http.Response> async(Http http, String path, int seed) {
    return http.postAsync(path, "image/png", TestImages.png(seed));
  }

  private static Map<String, Object> oneWorker(Object... more) {
    Map<String, Object> m = new HashMap<>();
    m.put("mcdrop.server.threads", 1);
    for (int i = 0; i < more.length; i += 2) {
      m.put((String) more[i], more[i + 1]);
    }
    return m;
  }

  @Test
  void saturatedServerAnswers429WithRetryAfterAndKeepsServing() throws Exception {
    EngineGate gate = EngineGate.held();
    try (TestServer s =
        TestServer.start(
            oneWorker("mcdrop.server.queue-capacity", 1, "mcdrop.server.queue-wait", "100ms"),
            gate)) {
      CompletableFuture<Http.Response> running = async(s.http, OTHER, 1);
      gate.awaitEntered(1);
      List<CompletableFuture<Http.Response>> burst = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        burst.add(async(s.http, FAST, 10 + i));
      }
      // One fits the queue; the other five are refused (at once, or after the queue wait) while
      // the only worker is held.
      Conditions.await(
          "five of six refused",
          () -> burst.stream().filter(CompletableFuture::isDone).count() == 5);
      int busy = 0;
      for (var f : burst) {
        if (f.isDone()) {
          Http.Response r = f.get();
          assertEquals(429, r.status(), r.toString());
          assertEquals("1", r.header("Retry-After"));
          assertTrue(r.json().get("error").asText().contains("busy"), r.body());
          busy++;
        }
      }
      assertEquals(5, busy);
      gate.open();
      assertEquals(200, running.get().status());
      for (var f : burst) {
        Http.Response r = f.get();
        assertTrue(r.status() == 200 || r.status() == 429, r.toString());
      }
      assertEquals(200, s.http.post(FAST, "image/png", TestImages.png(2)).status());
    }
  }

  @Test
  void requestsThatTimeOutAreCancelledReportedAndTheServerKeepsServing() throws Exception {
    EngineGate gate = EngineGate.held();
    try (TestServer s =
        TestServer.start(oneWorker("mcdrop.server.request-timeout", "200ms"), gate)) {
      CompletableFuture<Http.Response> running = async(s.http, OTHER, 1);
      gate.awaitEntered(1);
      CompletableFuture<Http.Response> queued = async(s.http, FAST, 2);
      Http.Response a = running.get();
      Http.Response b = queued.get();
      assertEquals(503, a.status(), a.toString());
      assertTrue(a.json().get("error").asText().contains("timed out"), a.body());
      assertTrue(a.json().get("error").asText().contains("result was discarded"), a.body());
      assertNotNull(a.header("Retry-After"));
      assertEquals(503, b.status(), b.toString());
      assertTrue(b.json().get("error").asText().contains("before it ran"), b.body());
      // Let the discarded run finish; the queued request never reaches the engine.
      gate.open();
      gate.awaitFinished(1);
      assertEquals(200, s.http.post(FAST, "image/png", TestImages.png(3)).status());
      assertEquals(2, gate.entered(), "the timed-out queued request must not have run");
      String metrics = s.http.get("/prometheus").body();
      assertTrue(metrics.contains("mcdrop_requests_timeouts_total{model=\"cnn\"} 2.0"), metrics);
    }
  }

  @Test
  void shutdownFinishesInFlightRequestsAndRefusesNewOnes() throws Exception {
    EngineGate gate = EngineGate.held();
    TestServer s = TestServer.start(oneWorker(), gate);
    CompletableFuture<Http.Response> running = async(s.http, OTHER, 1);
    gate.awaitEntered(1);
    InferenceScheduler scheduler = s.scheduler();
    CompletableFuture<Void> closing =
        CompletableFuture.runAsync(
            () -> {
              try {
                s.close();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Conditions.await("the scheduler stops accepting", () -> !scheduler.accepting());
    Http.Response refused = s.http.post(FAST, "image/png", TestImages.png(4));
    assertEquals(503, refused.status(), refused.toString());
    assertNotNull(refused.header("Retry-After"));
    assertTrue(refused.json().get("error").asText().contains("shutting down"), refused.body());
    assertFalse(closing.isDone(), "shutdown must wait for the request in flight");
    gate.open();
    Http.Response finished = running.get();
    assertEquals(200, finished.status(), finished.toString());
    assertEquals(6, finished.json().get("samples").asInt());
    closing.get();
  }
}
