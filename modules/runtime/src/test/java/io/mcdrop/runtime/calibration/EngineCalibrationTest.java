package io.mcdrop.runtime.calibration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.contract.MetadataKeys;
import io.mcdrop.onnx.fixtures.FixtureModels;
import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.runtime.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The engine applies a model's stored calibration on load, with a real ONNX Runtime session. */
class EngineCalibrationTest {
  static final ModelProto PLAIN = FixtureModels.smallCnn(3, 0.5f, 0.1f);

  static CalibrationSpec spec(double detT, double mcT, double miThreshold) {
    return new CalibrationSpec(
        new CalibrationSpec.Mode(1, detT, 0.5, 0.7, Double.NaN, 1, 1),
        new CalibrationSpec.Mode(8, mcT, 0.6, 0.8, miThreshold, 1, 1),
        ConformalScore.of(ScoreType.APS),
        0.1,
        0.95,
        100,
        "test",
        "2026-12-01T00:00:00Z");
  }

  static McEngine load(ModelProto m) {
    return McEngine.load(m, "small", EngineConfig.defaults().withThreads(1));
  }

  static ModelProto calibrated(CalibrationSpec s) {
    return OnnxModels.withMetadata(PLAIN, MetadataKeys.CALIBRATION, CalibrationCodec.write(s));
  }

  static List<float[]> inputs(int n) {
    Random r = new Random(2);
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] x = new float[64];
      for (int j = 0; j < x.length; j++) {
        x[j] = (float) r.nextGaussian();
      }
      out.add(x);
    }
    return out;
  }

  @Test
  void deterministicPredictionsUseTheDeterministicTemperatureAndCarryTheirConformalSet() {
    CalibrationSpec s = spec(2.5, 0.7, 0.2);
    try (McEngine raw = load(PLAIN);
        McEngine cal = load(calibrated(s))) {
      assertTrue(cal.calibration().isPresent());
      assertFalse(raw.calibration().isPresent());
      List<float[]> x = inputs(20);
      List<Prediction> got = cal.predictAll(x, McOptions.samples(1));
      List<Prediction> expected = raw.predictAll(x, McOptions.samples(1).withTemperature(2.5));
      for (int i = 0; i < x.size(); i++) {
        Prediction p = got.get(i);
        assertTrue(p.calibrated());
        assertEquals(2.5, p.temperature());
        assertArrayEquals(expected.get(i).probabilities(), p.probabilities(), 0.0);
        int[] set = s.score().set(p.probabilities(), 0.5, InputHash.uniform(x.get(i)));
        List<String> names = new ArrayList<>();
        for (int c : set) {
          names.add(List.of("alpha", "beta", "gamma").get(c));
        }
        assertEquals(names, p.predictionSet());
      }
      // calibration off: the raw numbers, no set
      List<Prediction> off = cal.predictAll(x, McOptions.samples(1).withCalibrated(false));
      List<Prediction> plain = raw.predictAll(x, McOptions.samples(1));
      for (int i = 0; i < x.size(); i++) {
        assertFalse(off.get(i).calibrated());
        assertNull(off.get(i).predictionSet());
        assertEquals(1.0, off.get(i).temperature());
        assertArrayEquals(plain.get(i).probabilities(), off.get(i).probabilities(), 0.0);
      }
    }
  }

  @Test
  void mcPredictionsUseTheMcTemperatureAndTheCalibratedUncertainThreshold() {
    try (McEngine raw = load(PLAIN);
        McEngine cal = load(calibrated(spec(2.5, 0.7, 0.0)))) {
      List<float[]> x = inputs(5);
      McOptions o = McOptions.samples(8).withSeed(9L);
      List<Prediction> got = cal.predictAll(x, o);
      List<Prediction> expected = raw.predictAll(x, o.withTemperature(0.7));
      for (int i = 0; i < x.size(); i++) {
        assertEquals(0.7, got.get(i).temperature());
        assertArrayEquals(expected.get(i).probabilities(), got.get(i).probabilities(), 0.0);
        // a mutual-information threshold of 0 makes every sampled prediction UNCERTAIN
        assertEquals(Verdict.UNCERTAIN, got.get(i).verdict());
        assertEquals(
            raw.predictAll(List.of(x.get(i)), o).get(0).verdict(),
            cal.predictAll(List.of(x.get(i)), o.withCalibrated(false)).get(0).verdict(),
            "uncalibrated requests keep the default thresholds");
      }
      assertEquals(0.0, cal.verdictPolicy().epistemic());
      assertEquals(0.7, cal.verdictPolicy().deterministicEntropy());
    }
  }

  @Test
  void anExplicitTemperatureReplacesTheCalibration() {
    try (McEngine cal = load(calibrated(spec(2.5, 0.7, 0.2)))) {
      Prediction p = cal.predict(inputs(1).get(0), McOptions.samples(1).withTemperature(4.0));
      assertFalse(p.calibrated());
      assertEquals(4.0, p.temperature());
      assertNull(p.predictionSet());
    }
  }

  @Test
  void brokenCalibrationMetadataFailsTheLoadWithItsReason() {
    ModelProto bad = OnnxModels.withMetadata(PLAIN, MetadataKeys.CALIBRATION, "{\"version\":1}");
    McdropException e = assertThrows(McdropException.class, () -> load(bad));
    assertEquals(ErrorCode.MODEL_INVALID, e.code());
    assertTrue(e.getMessage().contains("mcdrop.calibration has no 'conformal'"), e.getMessage());
  }
}
