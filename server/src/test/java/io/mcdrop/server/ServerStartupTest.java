package io.mcdrop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.server.support.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerStartupTest {

  @Test
  void inconsistentSettingsFailBeforeBindingAPort() throws Exception {
    Path empty = Files.createTempDirectory("mcdrop-empty");
    ServerSettings settings =
        ServerSettings.defaults()
            .withModels(empty)
            .withPort(-1)
            .with("mcdrop.server.max-samples", 5)
            .with("mcdrop.server.default-samples", 30);
    Exception e = assertThrows(RuntimeException.class, () -> McdropServer.start(settings));
    assertTrue(rootMessage(e).contains("default-samples"), rootMessage(e));
  }

  @Test
  void aPortInUseIsAClearError() throws Exception {
    Path empty = Files.createTempDirectory("mcdrop-empty");
    try (McdropServer first =
        McdropServer.start(ServerSettings.defaults().withModels(empty).withPort(-1))) {
      ServerSettings same = ServerSettings.defaults().withModels(empty).withPort(first.port());
      assertThrows(RuntimeException.class, () -> McdropServer.start(same));
    }
  }

  @Test
  void aMissingModelsDirectoryServesNothingStaysLiveButIsNotReady() throws Exception {
    Path missing = Path.of("/nonexistent/mcdrop-models");
    try (McdropServer server =
        McdropServer.start(ServerSettings.defaults().withModels(missing).withPort(-1))) {
      assertTrue(server.awaitModels(Duration.ofSeconds(30)));
      Http http = new Http(server.uri());
      assertEquals("[]", http.get("/api/v1/models").body());
      assertEquals(200, http.get("/v2/health/live").status());
      // nothing to serve: an orchestrator must not send it traffic (the protocol's "false" is 4xx)
      assertEquals(400, http.get("/v2/health/ready").status());
      assertEquals(404, http.get("/v2/models/anything/ready").status());
    }
  }

  private static String rootMessage(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append(" | ");
    }
    return sb.toString();
  }
}
