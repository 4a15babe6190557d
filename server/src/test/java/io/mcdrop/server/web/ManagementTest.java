package io.mcdrop.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcdrop.server.support.Http;
import io.mcdrop.server.support.TestImages;
import io.mcdrop.server.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementTest {
  private TestServer server;
  private Http http;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(Map.of());
    http = server.http;
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @Test
  void healthIsUpOnceModelsAreLoadedAndReportsTheBrokenOne() {
    Http.Response r = http.get("/health");
    assertEquals(200, r.status(), r.toString());
    assertEquals("UP", r.json().get("status").asText());
    Http.Response ready = http.get("/health/readiness");
    assertEquals(200, ready.status(), ready.toString());
    JsonNode models = ready.json().get("details").get("models").get("details");
    assertEquals("[\"cnn\",\"plain\",\"vector\"]", models.get("models").toString());
    assertTrue(models.get("failed").has("broken"), ready.body());
    assertEquals(200, http.get("/health/liveness").status());
  }

  @Test
  void prometheusExportsRequestLatencySamplesBatchesAndQueueDepth() {
    assertEquals(
        200,
        http.post("/api/v1/models/cnn/classify?samples=7", "image/png", TestImages.png(1))
            .status());
    Http.Response r = http.get("/prometheus");
    assertEquals(200, r.status());
    String text = r.body();
    for (String metric :
        new String[] {
          "mcdrop_requests_seconds_bucket{endpoint=\"classify\",model=\"cnn\",status=\"200\"",
          "mcdrop_mc_samples_total{model=\"cnn\"}",
          "mcdrop_batch_size_count{model=\"cnn\"}",
          "mcdrop_queue_depth",
          "http_server_requests_seconds"
        }) {
      assertTrue(text.contains(metric), metric + " missing from:\n" + text);
    }
  }

  @Test
  void openApiDocumentDescribesBothApis() {
    Http.Response r = http.get("/openapi.yml");
    assertEquals(200, r.status());
    assertTrue(r.header("content-type").startsWith("application/yaml"), r.headers().toString());
    for (String path :
        new String[] {
          "/api/v1/models/{name}/classify",
          "/api/v1/models/{name}/predict",
          "/v2/models/{name}/infer"
        }) {
      assertTrue(r.body().contains(path), path);
    }
  }

  @Test
  void servesTheWebPageAndItsAssets() {
    Http.Response page = http.get("/");
    assertEquals(200, page.status(), page.toString());
    assertTrue(page.body().contains("<title>mcdrop"), page.body());
    assertEquals(200, http.get("/app.js").status());
    assertEquals(200, http.get("/style.css").status());
  }
}
