package io.mcdrop.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.server.support.EngineGate;
import io.mcdrop.server.support.Http;
import io.mcdrop.server.support.TestImages;
import io.mcdrop.server.support.TestServer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Request bodies in progress never take more than the body budget together. */
class BodyBudgetTest {
  private static final String CLASSIFY = "/api/v1/models/cnn/classify?samples=3";

  /** A valid PNG followed by padding, so the body is {@code size} bytes. */
  private static byte[] padded(long seed, int size) {
    byte[] png = TestImages.png(seed);
    return Arrays.copyOf(png, Math.max(size, png.length));
  }

  @Test
  void aBodyThatDoesNotFitTheBudgetIs429UntilTheOthersAreAnswered() throws Exception {
    EngineGate gate = EngineGate.held();
    try (TestServer s = TestServer.start(Map.of("mcdrop.server.body-budget", 100_000), gate)) {
      CompletableFuture<Http.Response> held =
          s.http.postAsync(CLASSIFY, "image/png", padded(1, 60_000));
      gate.awaitEntered(1); // its 60 kB stay reserved until it is answered
      Http.Response refused = s.http.post(CLASSIFY, "image/png", padded(2, 60_000));
      assertEquals(429, refused.status(), refused.toString());
      assertEquals("1", refused.header("Retry-After"));
      assertTrue(refused.json().get("error").asText().contains("memory budget"), refused.body());
      // A small body still fits beside it.
      CompletableFuture<Http.Response> small =
          s.http.postAsync(CLASSIFY, "image/png", TestImages.png(3));
      gate.awaitEntered(1);
      gate.open();
      assertEquals(200, held.get().status());
      assertEquals(200, small.get().status());
      assertEquals(200, s.http.post(CLASSIFY, "image/png", padded(4, 60_000)).status());
    }
  }
}
