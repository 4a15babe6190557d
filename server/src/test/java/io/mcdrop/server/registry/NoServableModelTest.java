package io.mcdrop.server.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.fixtures.FixtureModels;
import io.mcdrop.server.McdropServer;
import io.mcdrop.server.ServerSettings;
import io.mcdrop.server.support.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose every model failed to load is alive but not ready (so an orchestrator sends it no
 * traffic); one good model beside a broken one makes it ready.
 */
class NoServableModelTest {
  @TempDir Path tmp;

  @Test
  void aServerWhoseOnlyModelFailedToLoadIsLiveButNotReady() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("models"));
    Files.writeString(dir.resolve("broken.onnx"), "not an onnx model");
    try (McdropServer s =
        McdropServer.start(ServerSettings.defaults().withModels(dir).withPort(-1))) {
      assertTrue(s.awaitModels(Duration.ofSeconds(60)));
      Http http = new Http(s.uri());
      assertEquals(200, http.get("/v2/health/live").status());
      // the Open Inference Protocol answers "false" with a 4xx
      assertEquals(400, http.get("/v2/health/ready").status());
      Http.Response health = http.get("/health/readiness");
      assertEquals(503, health.status(), health.body());
      assertTrue(health.body().contains("broken"), health.body());
    }
  }

  @Test
  void oneLoadedModelBesideABrokenOneMakesItReady() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("models"));
    Files.writeString(dir.resolve("broken.onnx"), "not an onnx model");
    OnnxModels.write(FixtureModels.smallCnn(7, 0.5f, 0f), dir.resolve("good.onnx"));
    try (McdropServer s =
        McdropServer.start(ServerSettings.defaults().withModels(dir).withPort(-1))) {
      assertTrue(s.awaitModels(Duration.ofSeconds(60)));
      Http http = new Http(s.uri());
      assertEquals(200, http.get("/v2/health/ready").status());
      assertEquals(200, http.get("/health/readiness").status());
    }
  }
}
