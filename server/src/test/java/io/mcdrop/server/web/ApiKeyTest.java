package io.mcdrop.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.server.support.Http;
import io.mcdrop.server.support.TestImages;
import io.mcdrop.server.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyTest {
  private static final String KEY = "s3cret-key";
  private TestServer server;
  private Http anonymous;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(Map.of("mcdrop.server.api-key", KEY));
    anonymous = server.http;
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @Test
  void everythingButHealthNeedsTheKey() {
    for (String path :
        new String[] {
          "/api/v1/models", "/v2", "/v2/models/cnn", "/prometheus", "/openapi.yml", "/"
        }) {
      Http.Response r = anonymous.get(path);
      assertEquals(401, r.status(), path);
      assertTrue(r.json().get("error").asText().contains("API key"), r.body());
    }
    Http.Response post =
        anonymous.post("/api/v1/models/cnn/classify", "image/png", TestImages.png(1));
    assertEquals(401, post.status());
    for (String path :
        new String[] {"/health", "/health/readiness", "/v2/health/live", "/v2/health/ready"}) {
      assertEquals(200, anonymous.get(path).status(), path);
    }
  }

  @Test
  void acceptsTheKeyAsHeaderBearerOrBasicPassword() {
    String basic =
        Base64.getEncoder().encodeToString(("user:" + KEY).getBytes(StandardCharsets.UTF_8));
    for (Map<String, String> h :
        new Map[] {
          Map.of("X-API-Key", KEY),
          Map.of("Authorization", "Bearer " + KEY),
          Map.of("Authorization", "Basic " + basic)
        }) {
      Http http = anonymous.withHeaders(h);
      assertEquals(200, http.get("/api/v1/models").status(), h.toString());
      assertEquals(
          200,
          http.post("/api/v1/models/cnn/classify?samples=3", "image/png", TestImages.png(1))
              .status());
    }
    assertEquals(401, anonymous.withHeaders(Map.of("X-API-Key", KEY + "x")).get("/v2").status());
  }

  @Test
  void healthDetailsAreShownOnlyWithTheKey() {
    for (String path : new String[] {"/health", "/health/readiness"}) {
      Http.Response open = anonymous.get(path);
      assertEquals(200, open.status(), path);
      assertEquals("UP", open.json().get("status").asText());
      assertFalse(open.json().has("details"), "details leaked to anonymous: " + open.body());
      assertFalse(open.body().contains(server.models.toString()), open.body());
      Http.Response keyed = anonymous.withHeaders(Map.of("X-API-Key", KEY)).get(path);
      assertEquals(200, keyed.status(), path);
      assertTrue(keyed.json().has("details"), keyed.body());
    }
  }

  @Test
  void browsersGetABasicChallengeForThePageOnly() {
    assertNotNull(anonymous.get("/").header("WWW-Authenticate"));
    assertNull(anonymous.get("/api/v1/models").header("WWW-Authenticate"));
  }
}
