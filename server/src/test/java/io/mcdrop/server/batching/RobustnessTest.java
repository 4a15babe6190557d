package io.mcdrop.server.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.server.support.Conditions;
import io.mcdrop.server.support.EngineGate;
import io.mcdrop.server.support.HostileImages;
import io.mcdrop.server.support.Http;
import io.mcdrop.server.support.TestImages;
import io.mcdrop.server.support.TestServer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Nothing a request does kills a worker or leaves the server unable to infer: engine failures of
 * any kind are answered, bad inputs never join (or re-run) a batch, and one request's work is
 * bounded up front. One worker, so a dead worker would show at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RobustnessTest {
  private static final String CLASSIFY = "/api/v1/models/cnn/classify?samples=4";
  private final EngineGate gate = new EngineGate();
  private TestServer server;
  private Http http;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(Map.of("mcdrop.server.threads", 1), gate);
    http = server.http;
  }

  @AfterAll
  void stop() throws Exception {
    gate.open();
    server.close();
  }

  private void assertStillServes() {
    Http.Response ok = http.post(CLASSIFY, "image/png", TestImages.png(5));
    assertEquals(200, ok.status(), ok.toString());
    assertEquals(200, http.get("/v2/health/ready").status());
    assertEquals(200, http.get("/health").status());
  }

  @Test
  void anEngineOutOfMemoryErrorIsA503AndTheWorkerLives() {
    gate.failNext(new OutOfMemoryError("simulated"));
    Http.Response r = http.post(CLASSIFY, "image/png", TestImages.png(1));
    assertEquals(503, r.status(), r.toString());
    assertNotNull(r.header("Retry-After"));
    assertTrue(r.json().get("error").asText().contains("out of memory"), r.body());
    assertStillServes();
  }

  @Test
  void anyOtherThrowableIsAJson500AndTheWorkerLives() {
    gate.failNext(new StackOverflowError("simulated"));
    Http.Response r = http.post(CLASSIFY, "image/png", TestImages.png(1));
    assertEquals(500, r.status(), r.toString());
    assertEquals("INTERNAL", r.json().get("code").asText());
    assertTrue(!r.body().contains("StackOverflowError"), "no internals in the answer: " + r.body());
    assertStillServes();
  }

  @Test
  void aBadInputFailsAloneAndNeverJoinsTheEngineCall() throws Exception {
    gate.hold();
    int before = gate.entered();
    CompletableFuture<Http.Response> blocker =
        http.postAsync("/api/v1/models/cnn/classify?samples=3", "image/png", TestImages.png(0));
    gate.awaitEntered(before + 1);
    CompletableFuture<Http.Response> good1 =
        http.postAsync(CLASSIFY, "image/png", TestImages.png(1));
    CompletableFuture<Http.Response> bad =
        http.postAsync(CLASSIFY, "image/png", "not a png".getBytes());
    CompletableFuture<Http.Response> good2 =
        http.postAsync(CLASSIFY, "image/png", TestImages.png(2));
    InferenceScheduler scheduler = server.scheduler();
    Conditions.await("three requests queued", () -> scheduler.depth() == 3);
    gate.open();
    assertEquals(200, blocker.get().status());
    assertEquals(400, bad.get().status(), bad.get().toString());
    assertEquals(200, good1.get().status(), good1.get().toString());
    assertEquals(200, good2.get().status(), good2.get().toString());
    // The blocker, then one call for both good inputs: the bad one re-ran nothing.
    assertEquals(before + 2, gate.entered());
  }

  @Test
  void oneRequestsWorkIsBoundedUpFrontWithTheLimitInTheMessage() {
    StringBuilder data = new StringBuilder();
    int rows = 64;
    for (int i = 0; i < rows * 64; i++) {
      data.append(i == 0 ? "" : ",").append("0.5");
    }
    int before = gate.entered();
    Http.Response r =
        http.postJson(
            "/v2/models/cnn/infer",
            "{\"parameters\":{\"mc_samples\":1000},\"inputs\":[{\"name\":\"input\",\"shape\":["
                + rows
                + ",1,8,8],\"datatype\":\"FP32\",\"data\":["
                + data
                + "]}]}");
    assertEquals(422, r.status(), r.toString());
    assertTrue(r.json().get("error").asText().contains("at most 32000"), r.body());
    assertEquals(before, gate.entered(), "nothing may run for a refused request");
    assertStillServes();
  }

  @Test
  void tinyImagesClaimingHugeSizesAre413AndLeaveTheServerServing() {
    byte[] bomb = HostileImages.gif(40000, 40000);
    assertTrue(bomb.length < 64, bomb.length + " bytes");
    for (int i = 0; i < 2; i++) {
      Http.Response r = http.post(CLASSIFY, "image/gif", bomb);
      assertEquals(413, r.status(), r.toString());
      assertTrue(r.json().get("error").asText().contains("40000x40000"), r.body());
    }
    // A 16-bit RGBA PNG header claiming 23000x23000 (4.2 GB decoded) is refused the same way.
    Http.Response png = http.post(CLASSIFY, "image/png", HostileImages.png16(23000, 23000));
    assertEquals(413, png.status(), png.toString());
    assertStillServes();
  }
}
