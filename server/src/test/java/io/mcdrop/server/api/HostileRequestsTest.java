package io.mcdrop.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.server.support.Http;
import io.mcdrop.server.support.TestImages;
import io.mcdrop.server.support.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Requests a hostile client sent that used to get a misleading or internal answer, each over real
 * HTTP: every one must get a JSON 4xx with a message about what to fix, naming no Java class and no
 * CLI flag.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsTest {
  private static final String CLASSIFY = "/api/v1/models/cnn/classify";
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

  private static void assertCleanError(Http.Response r, int status, String mustContain) {
    assertEquals(status, r.status(), r.toString());
    String error = r.json().get("error").asText();
    assertTrue(error.contains(mustContain), "'" + mustContain + "' not in: " + error);
    for (String leak :
        List.of("io.micronaut", "io.mcdrop", "java.lang", "REDACTED", "Impl", "@", "--")) {
      assertFalse(error.contains(leak), "'" + leak + "' leaked: " + error);
    }
  }

  @Test
  void queryValuesMustBeExactlyOfTheirType() {
    String[][] cases = {
      {"samples=30.7", "samples"},
      {"samples=", "samples"},
      {"samples=99999999999", "samples"},
      {"raw=yes", "raw"},
      {"raw=1", "raw"},
      {"seed=abc", "seed"},
      {"seed=18446744073709551616", "seed"},
      {"topK=1.5", "topK"},
      {"tolerance=NaN", "tolerance"},
      {"tolerance=", "tolerance"},
      {"strategy=", "strategy"},
    };
    for (String[] c : cases) {
      Http.Response r = http.post(CLASSIFY + "?" + c[0], "image/png", TestImages.png(1));
      assertCleanError(r, 400, "'" + c[1] + "'");
    }
    Http.Response ok =
        http.post(CLASSIFY + "?samples=3&raw=true&seed=4&topK=2", "image/png", TestImages.png(1));
    assertEquals(200, ok.status(), ok.toString());
  }

  @Test
  void aClassifyRequestWithoutContentTypeSaysWhatToSend() {
    Http.Response r = http.post(CLASSIFY, null, TestImages.png(1));
    assertCleanError(r, 415, "Content-Type");
    assertFalse(r.body().contains("route"), r.body());
  }

  @Test
  void multipartMustHoldExactlyOneImageFile() {
    Http.Response two =
        http.multipartParts(
            CLASSIFY,
            List.of(
                Http.Part.file("image", "a.png", TestImages.png(1)),
                Http.Part.file("image", "b.png", TestImages.png(2))));
    assertCleanError(two, 400, "2 files");
    Http.Response text = http.multipartParts(CLASSIFY, List.of(Http.Part.text("image", "hello")));
    assertCleanError(text, 400, "text, not a file");
    Http.Response one =
        http.multipartParts(CLASSIFY, List.of(Http.Part.file("image", "a.png", TestImages.png(1))));
    assertEquals(200, one.status(), one.toString());
  }

  @Test
  void tooLongUrlsAndHeadersSaySoInsteadOfBodyTooLarge() {
    Http.Response url = http.get("/api/v1/models/" + "a".repeat(20_000));
    assertCleanError(url, 414, "URL");
    Http.Response header =
        http.withHeaders(Map.of("X-Big", "b".repeat(20_000))).get("/api/v1/models");
    assertCleanError(header, 431, "headers");
  }

  @Test
  void malformedJsonIsExplainedWithoutParserInternals() {
    Http.Response r = http.postJson("/api/v1/models/vector/predict", "{\"data\":[1,2");
    assertCleanError(r, 400, "invalid request body");
    Http.Response s =
        http.postJson("/api/v1/models/vector/predict", "{\"data\":[1,2,3,4],\"samples\":\"x\"}");
    assertCleanError(s, 400, "integer");
  }

  @Test
  void mcSamplingAModelWithoutDropoutNamesNoCliFlag() {
    Http.Response r =
        http.post("/api/v1/models/plain/classify?samples=10", "image/png", TestImages.png(1));
    assertCleanError(r, 422, "1 sample");
  }

  @Test
  void corsPreflightGetsAnExplanationNotAnEmpty403() {
    Http.Response r =
        http.withHeaders(
                Map.of(
                    "Origin", "http://elsewhere.example", "Access-Control-Request-Method", "POST"))
            .options(CLASSIFY);
    assertCleanError(r, 403, "cross-origin");
  }

  @Test
  void traceIsRefusedAndNeverEchoesThePage() {
    Http.Response r = http.method("TRACE", "/");
    assertCleanError(r, 405, "TRACE");
    assertNotNull(r.header("Allow"));
    assertFalse(r.body().contains("<html"), r.body());
  }

  @Test
  void thePageHasAFavicon() {
    Http.Response r = http.get("/favicon.ico");
    assertEquals(200, r.status(), r.toString());
  }
}
