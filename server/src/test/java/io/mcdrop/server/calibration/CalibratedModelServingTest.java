package io.mcdrop.server.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.contract.MetadataKeys;
import io.mcdrop.onnx.fixtures.FixtureModels;
import io.mcdrop.runtime.calibration.CalibrationCodec;
import io.mcdrop.runtime.calibration.CalibrationSpec;
import io.mcdrop.runtime.calibration.ConformalScore;
import io.mcdrop.runtime.calibration.ScoreType;
import io.mcdrop.server.McdropServer;
import io.mcdrop.server.ServerSettings;
import io.mcdrop.server.support.Http;
import io.mcdrop.server.support.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A calibrated model served on 127.0.0.1: REST and V2 carry its set, marker and temperature. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CalibratedModelServingTest {
  Path dir;
  McdropServer server;
  Http http;

  static final CalibrationSpec SPEC =
      new CalibrationSpec(
          new CalibrationSpec.Mode(1, 1.7, 0.9, 0.9, Double.NaN, 1, 1),
          new CalibrationSpec.Mode(8, 0.8, 0.9, 0.9, 0.05, 1, 1),
          ConformalScore.of(ScoreType.LAC),
          0.1,
          0.95,
          100,
          "test",
          "2026-12-01T00:00:00Z");

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("mcdrop-calibrated");
    OnnxModels.write(
        OnnxModels.withMetadata(
            FixtureModels.smallCnn(7, 0.5f, 0f),
            MetadataKeys.CALIBRATION,
            CalibrationCodec.write(SPEC)),
        dir.resolve("cal.onnx"));
    server =
        McdropServer.start(
            ServerSettings.defaults()
                .withModels(dir)
                .withPort(-1)
                .with("micronaut.server.host", "127.0.0.1"));
    assertTrue(server.awaitModels(Duration.ofSeconds(60)));
    http = new Http(server.uri());
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @Test
  void restCarriesThePredictionSetTheMarkerAndTheTemperature() {
    JsonNode p =
        http.post("/api/v1/models/cal/classify?samples=1", "image/png", TestImages.png(3)).json();
    assertTrue(p.get("calibrated").asBoolean(), p.toString());
    assertEquals(1.7, p.get("temperature").asDouble(), 1e-12);
    assertTrue(p.get("predictionSet").isArray(), p.toString());
    // LAC at threshold 0.9: every class with probability >= 0.1
    int expected = 0;
    for (JsonNode v : p.get("probabilities")) {
      expected += 1 - v.asDouble() <= 0.9 ? 1 : 0;
    }
    assertEquals(expected, p.get("predictionSet").size(), p.toString());
    JsonNode mc =
        http.post("/api/v1/models/cal/classify?samples=8", "image/png", TestImages.png(3)).json();
    assertEquals(0.8, mc.get("temperature").asDouble(), 1e-12);
    JsonNode raw =
        http.post(
                "/api/v1/models/cal/classify?samples=1&calibrated=false",
                "image/png",
                TestImages.png(3))
            .json();
    assertFalse(raw.get("calibrated").asBoolean(), raw.toString());
    assertFalse(raw.has("predictionSet"), raw.toString());
    assertEquals(1.0, raw.get("temperature").asDouble());
  }

  @Test
  void v2ReturnsThePredictionSetAndVerdictAsBytes() {
    StringBuilder px = new StringBuilder();
    for (int i = 0; i < 64; i++) {
      px.append(i == 0 ? "" : ",").append((i % 7) / 7.0);
    }
    String body =
        "{\"parameters\":{\"mc_samples\":1%s},\"inputs\":[{\"name\":\"input\",\"shape\":[1,1,8,8],"
            + "\"datatype\":\"FP32\",\"data\":["
            + px
            + "]}],\"outputs\":[{\"name\":\"prediction_set\"},{\"name\":\"verdict\"}]}";
    Http.Response r = http.postJson("/v2/models/cal/infer", body.formatted(""));
    assertEquals(200, r.status(), r.toString());
    JsonNode out = r.json().get("outputs");
    assertEquals("prediction_set", out.get(0).get("name").asText());
    assertEquals("BYTES", out.get(0).get("datatype").asText());
    String set = out.get(0).get("data").get(0).asText();
    assertFalse(set.equals("n/a"), set);
    for (String label : set.split("\\|")) {
      assertTrue(java.util.List.of("alpha", "beta", "gamma").contains(label), set);
    }
    assertTrue(
        java.util.List.of("confident", "ambiguous", "uncertain")
            .contains(out.get(1).get("data").get(0).asText()));
    r = http.postJson("/v2/models/cal/infer", body.formatted(",\"calibrated\":false"));
    assertEquals("n/a", r.json().get("outputs").get(0).get("data").get(0).asText(), r.body());
    r = http.postJson("/v2/models/cal/infer", body.formatted(",\"calibrated\":\"no\""));
    assertEquals(400, r.status(), r.body());
    assertTrue(r.body().contains("calibrated"), r.body());
  }
}
