package io.mcdrop.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.preprocess.ImageLoader;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.server.support.Http;
import io.mcdrop.server.support.TestImages;
import io.mcdrop.server.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NativeApiTest {
  private static final String CLASSIFY = "/api/v1/models/cnn/classify";
  private TestServer server;
  private Http http;

  @BeforeAll
  void start() throws Exception {
    server =
        TestServer.start(
            Map.of("mcdrop.server.max-samples", 500, "micronaut.server.max-request-size", 65536));
    http = server.http;
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @Test
  void listsLoadedModelsAndSkipsBrokenFiles() {
    Http.Response r = http.get("/api/v1/models");
    assertEquals(200, r.status(), r.toString());
    JsonNode list = r.json();
    assertEquals(3, list.size(), r.body());
    JsonNode cnn = list.get(0);
    assertEquals("cnn", cnn.get("name").asText());
    assertEquals("[\"alpha\",\"beta\",\"gamma\"]", cnn.get("labels").toString());
    assertEquals("[1,8,8]", cnn.get("inputShape").toString());
    assertTrue(cnn.get("mcCapable").asBoolean());
    assertEquals(1, cnn.get("dropoutLayers").size());
    assertEquals(0.5, cnn.get("dropoutLayers").get(0).get("rate").asDouble(), 1e-6);
    assertEquals("trunk", cnn.get("strategy").asText());
    assertFalse(list.get(1).get("mcCapable").asBoolean());
  }

  @Test
  void describesOneModel() {
    JsonNode m = http.get("/api/v1/models/cnn").json();
    assertEquals(3, m.get("classes").asInt());
    assertEquals(8, m.get("image").get("height").asInt());
  }

  @Test
  void unknownModelReturns404WithTheModelsThatExist() {
    Http.Response r = http.get("/api/v1/models/nope");
    assertEquals(404, r.status());
    assertTrue(r.json().get("error").asText().contains("[cnn, plain, vector]"), r.body());
    assertEquals("NOT_FOUND", r.json().get("code").asText());
    assertEquals(
        404, http.post("/api/v1/models/nope/classify", "image/png", TestImages.png(1)).status());
  }

  @Test
  void pathTraversalInTheModelNameNeverReachesTheFileSystem() {
    Http.Response r = http.post("/api/v1/models/..%2Fcnn/classify", "image/png", TestImages.png(1));
    assertEquals(404, r.status(), r.toString());
  }

  @Test
  void classifiesAMultipartUploadWithUncertainty() {
    Http.Response r = http.multipart(CLASSIFY + "?samples=40", "image", "x.png", TestImages.png(3));
    assertEquals(200, r.status(), r.toString());
    JsonNode p = r.json();
    assertEquals(40, p.get("samples").asInt());
    assertEquals("trunk", p.get("strategy").asText());
    assertEquals(3, p.get("probabilities").size());
    double sum = 0;
    for (JsonNode v : p.get("probabilities")) {
      sum += v.asDouble();
    }
    assertEquals(1.0, sum, 1e-4);
    int index = p.get("index").asInt();
    assertEquals(new String[] {"alpha", "beta", "gamma"}[index], p.get("label").asText());
    assertEquals(p.get("probabilities").get(index).asDouble(), p.get("confidence").asDouble(), 0);
    for (String f :
        new String[] {
          "std",
          "lower",
          "upper",
          "entropy",
          "expectedEntropy",
          "mutualInformation",
          "variationRatio"
        }) {
      assertTrue(p.has(f), f);
    }
    assertTrue(p.get("mutualInformation").asDouble() >= -1e-9);
    assertTrue(p.get("std").get(index).asDouble() > 0, "dropout must make samples vary");
    assertFalse(p.has("rawSamples"));
  }

  @Test
  void classifiesRawPngAndJpegBodies() {
    Http.Response png = http.post(CLASSIFY + "?samples=5", "image/png", TestImages.png(4));
    assertEquals(200, png.status(), png.toString());
    Http.Response jpg = http.post(CLASSIFY + "?samples=5", "image/jpeg", TestImages.jpeg(4));
    assertEquals(200, jpg.status(), jpg.toString());
  }

  @Test
  void deterministicAnswerEqualsTheInProcessEngine() throws Exception {
    byte[] png = TestImages.png(5);
    Http.Response r = http.post(CLASSIFY + "?samples=1", "image/png", png);
    assertEquals(200, r.status(), r.toString());
    try (McEngine engine =
        McEngine.load(server.models.resolve("cnn.onnx"), EngineConfig.defaults())) {
      Prediction ref =
          engine.predict(
              ImageLoader.decode(png, "test", engine.info().preprocessing()), McOptions.samples(1));
      for (int i = 0; i < 3; i++) {
        assertEquals(ref.probabilities()[i], r.json().get("probabilities").get(i).asDouble(), 1e-6);
      }
    }
  }

  @Test
  void sameSeedGivesTheSameNumbers() {
    String url = CLASSIFY + "?samples=20&seed=11";
    JsonNode a = http.post(url, "image/png", TestImages.png(6)).json();
    JsonNode b = http.post(url, "image/png", TestImages.png(6)).json();
    JsonNode c = http.post(CLASSIFY + "?samples=20&seed=12", "image/png", TestImages.png(6)).json();
    assertEquals(a.get("probabilities"), b.get("probabilities"));
    assertNotEquals(a.get("probabilities"), c.get("probabilities"));
  }

  @Test
  void rawSamplesOnRequest() {
    JsonNode p =
        http.post(CLASSIFY + "?samples=12&raw=true&topK=2", "image/png", TestImages.png(7)).json();
    assertEquals(12, p.get("rawSamples").size());
    assertEquals(3, p.get("rawSamples").get(0).size());
    assertEquals(2, p.get("topK").size());
  }

  @Test
  void adaptiveSamplingStopsEarly() {
    JsonNode p =
        http.post(CLASSIFY + "?samples=400&tolerance=0.2", "image/png", TestImages.png(8)).json();
    assertTrue(p.get("samples").asInt() < 400, p.toString());
  }

  @Test
  void predictsOnANestedJsonTensor() {
    StringBuilder rows = new StringBuilder("[[");
    for (int y = 0; y < 8; y++) {
      rows.append(y == 0 ? "[" : ",[");
      for (int x = 0; x < 8; x++) {
        rows.append(x == 0 ? "" : ",").append((x - y) / 8.0);
      }
      rows.append("]");
    }
    rows.append("]]");
    Http.Response r =
        http.postJson(
            "/api/v1/models/cnn/predict",
            "{\"data\":" + rows + ",\"shape\":[1,1,8,8],\"samples\":10}");
    assertEquals(200, r.status(), r.toString());
    assertEquals(10, r.json().get("samples").asInt());
    Http.Response vector =
        http.postJson("/api/v1/models/vector/predict", "{\"data\":[1,2,3,4],\"samples\":8}");
    assertEquals(200, vector.status(), vector.toString());
  }

  @Test
  void samplesOutOfRangeAre422() {
    for (String s : new String[] {"0", "-3", "501"}) {
      Http.Response r = http.post(CLASSIFY + "?samples=" + s, "image/png", TestImages.png(1));
      assertEquals(422, r.status(), s + ": " + r);
      assertTrue(r.json().get("error").asText().contains("between 1 and 500"), r.body());
      assertEquals("BAD_OPTION", r.json().get("code").asText());
    }
    Http.Response tensor =
        http.postJson("/api/v1/models/vector/predict", "{\"data\":[1,2,3,4],\"samples\":0}");
    assertEquals(422, tensor.status(), tensor.toString());
  }

  @Test
  void badOptionsAreClientErrors() {
    assertEquals(
        400, http.post(CLASSIFY + "?samples=many", "image/png", TestImages.png(1)).status());
    assertEquals(
        422, http.post(CLASSIFY + "?strategy=magic", "image/png", TestImages.png(1)).status());
    assertEquals(
        422, http.post(CLASSIFY + "?tolerance=2", "image/png", TestImages.png(1)).status());
  }

  @Test
  void modelWithoutDropoutRefusesMcSamplesButClassifiesDeterministically() {
    Http.Response mc =
        http.post("/api/v1/models/plain/classify?samples=10", "image/png", TestImages.png(1));
    assertEquals(422, mc.status(), mc.toString());
    assertEquals("NO_DROPOUT", mc.json().get("code").asText());
    Http.Response one =
        http.post("/api/v1/models/plain/classify?samples=1", "image/png", TestImages.png(1));
    assertEquals(200, one.status(), one.toString());
  }

  @Test
  void missingEmptyOrCorruptImagesAre400() {
    Http.Response wrongField = http.multipart(CLASSIFY, "file", "x.png", TestImages.png(1));
    assertEquals(400, wrongField.status(), wrongField.toString());
    assertTrue(wrongField.json().get("error").asText().contains("'image'"), wrongField.body());
    Http.Response empty = http.post(CLASSIFY, "image/png", new byte[0]);
    assertEquals(400, empty.status(), empty.toString());
    Http.Response emptyPart = http.multipart(CLASSIFY, "image", "x.png", new byte[0]);
    assertEquals(400, emptyPart.status(), emptyPart.toString());
    Http.Response corrupt = http.post(CLASSIFY, "image/png", "not a png at all".getBytes());
    assertEquals(400, corrupt.status(), corrupt.toString());
    assertEquals("BAD_IMAGE", corrupt.json().get("code").asText());
    byte[] truncated = java.util.Arrays.copyOf(TestImages.png(2), 30);
    assertEquals(400, http.post(CLASSIFY, "image/png", truncated).status());
  }

  @Test
  void tensorInputOnlyModelSaysToUsePredict() {
    Http.Response r = http.post("/api/v1/models/vector/classify", "image/png", TestImages.png(1));
    assertEquals(400, r.status(), r.toString());
    assertTrue(r.json().get("error").asText().contains("/predict"), r.body());
  }

  @Test
  void wrongTensorsAre400() {
    String[] bodies = {
      "{\"data\":[1,2,3]}",
      "{\"data\":[1,2,3,\"x\"]}",
      "{\"data\":[1,2,3,1e999]}",
      "{\"data\":[[1,2],[3]]}",
      "{\"data\":[1,2,3,4],\"shape\":[2,2]}",
      "{\"data\":[1,2,3,4],\"shape\":[2,4]}",
      "{\"samples\":3}",
      "{\"data\":",
      "[1,2,3,4]"
    };
    for (String b : bodies) {
      Http.Response r = http.postJson("/api/v1/models/vector/predict", b);
      assertEquals(400, r.status(), b + " -> " + r);
      assertTrue(r.json().has("error"), r.body());
    }
  }

  @Test
  void wrongContentTypeIs415() {
    Http.Response r = http.post(CLASSIFY, "text/plain", "hello".getBytes());
    assertEquals(415, r.status(), r.toString());
    assertTrue(r.json().has("error"));
    assertEquals(
        415, http.post("/api/v1/models/vector/predict", "text/plain", "{}".getBytes()).status());
  }

  @Test
  void bodyOverTheLimitIs413() {
    Http.Response r = http.post(CLASSIFY, "image/png", new byte[70_000]);
    assertEquals(413, r.status(), r.toString());
    assertTrue(r.json().get("error").asText().contains("too large"), r.body());
    Http.Response upload = http.multipart(CLASSIFY, "image", "big.png", new byte[70_000]);
    assertEquals(413, upload.status(), upload.toString());
  }

  @Test
  void unknownEndpointIsJson404AndErrorsNeverCarryStackTraces() {
    Http.Response r = http.get("/api/v1/nothing-here");
    assertEquals(404, r.status());
    assertTrue(r.json().has("error"));
    Http.Response wrongMethod = http.get(CLASSIFY);
    assertTrue(wrongMethod.status() == 405 || wrongMethod.status() == 404, wrongMethod.toString());
    for (Http.Response e : new Http.Response[] {r, wrongMethod}) {
      assertFalse(e.body().contains("Exception"), e.body());
      assertFalse(e.body().contains("\tat "), e.body());
    }
  }
}
