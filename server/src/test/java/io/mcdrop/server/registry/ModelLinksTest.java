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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symbolic links in the models directory: a link to a file inside it is served; a link to a file
 * outside it is refused (and reported) unless {@code follow-links} is on.
 */
class ModelLinksTest {
  @TempDir Path tmp;

  private Path setUp() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("models"));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    OnnxModels.write(FixtureModels.smallCnn(7, 0.5f, 0f), dir.resolve("inside.onnx"));
    Files.createSymbolicLink(dir.resolve("alias.onnx"), dir.resolve("inside.onnx"));
    OnnxModels.write(FixtureModels.smallCnn(8, 0.5f, 0f), elsewhere.resolve("secret.onnx"));
    Files.createSymbolicLink(dir.resolve("outside.onnx"), elsewhere.resolve("secret.onnx"));
    Files.createSymbolicLink(dir.resolve("dangling.onnx"), elsewhere.resolve("missing.onnx"));
    return dir;
  }

  @Test
  void linksLeavingTheDirectoryAreNotServedByDefault() throws Exception {
    Path dir = setUp();
    try (McdropServer s =
        McdropServer.start(ServerSettings.defaults().withModels(dir).withPort(-1))) {
      assertTrue(s.awaitModels(Duration.ofSeconds(60)));
      assertEquals(List.of("alias", "inside"), s.models());
      Http http = new Http(s.uri());
      assertEquals(404, http.get("/api/v1/models/outside").status());
      String health = http.get("/health/readiness").body();
      assertTrue(health.contains("outside") && health.contains("links outside"), health);
      assertTrue(health.contains("dangling"), health);
    }
  }

  @Test
  void followLinksServesThemToo() throws Exception {
    Path dir = setUp();
    try (McdropServer s =
        McdropServer.start(
            ServerSettings.defaults()
                .withModels(dir)
                .withPort(-1)
                .with("mcdrop.server.follow-links", true))) {
      assertTrue(s.awaitModels(Duration.ofSeconds(60)));
      assertEquals(List.of("alias", "inside", "outside"), s.models());
    }
  }
}
