package io.mcdrop.evaluation.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.EvaluationConfig;
import io.mcdrop.evaluation.EvaluationReport;
import io.mcdrop.evaluation.Evaluator;
import io.mcdrop.evaluation.data.ImageSet;
import io.mcdrop.evaluation.data.LabeledSet;
import io.mcdrop.evaluation.ood.OodSpec;
import io.mcdrop.evaluation.predict.Inference;
import io.mcdrop.evaluation.predict.PredictionSet;
import io.mcdrop.evaluation.report.ReportJson;
import io.mcdrop.evaluation.report.ReportWriter;
import io.mcdrop.evaluation.report.SummaryTable;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.fixtures.FixtureModels;
import io.mcdrop.runtime.calibration.CalibrationCodec;
import io.mcdrop.runtime.calibration.Calibrator;
import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.metrics.Scores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationEvaluationTest {
  static final ModelProto MODEL = FixtureModels.smallCnn(3, 0.5f, 0.1f);
  static McEngine engine;

  @BeforeAll
  static void load() {
    engine = McEngine.load(MODEL, "small", EngineConfig.defaults().withThreads(1));
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  /**
   * Random images labelled with the model's own deterministic answer, except that 1 in 3 is
   * relabelled at random: the model's probabilities are then systematically over-confident.
   */
  static LabeledSet data(int n, long seed) {
    Random rnd = new Random(seed);
    float[] px = new float[n * 64];
    for (int i = 0; i < px.length; i++) {
      px[i] = rnd.nextFloat();
    }
    ImageSet images = new ImageSet(1, 8, 8, px);
    PredictionSet det = new Inference(engine, 1).run(images, 1, Inference.Listener.NONE);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = Scores.argmax(det.probabilities()[i]);
      if (rnd.nextInt(3) == 0) {
        y[i] = rnd.nextInt(3);
      }
    }
    return new LabeledSet("toy", images, y, List.of("alpha", "beta", "gamma"));
  }

  @Test
  void aCalibratedModelReportsBeforeAndAfterCoverageAndThresholdRates(@TempDir Path dir)
      throws Exception {
    CalibrationRun.Result fit =
        new CalibrationRun(
                engine, new CalibrationRun.Settings(10, 5, Calibrator.Options.defaults()))
            .plan(data(400, 1), "toy calibration")
            .run(Evaluator.Progress.NONE);
    assertEquals(400, fit.spec().images());
    assertTrue(fit.deterministic().nllAfter() <= fit.deterministic().nllBefore());
    ModelProto calibrated =
        OnnxModels.withMetadata(
            MODEL, CalibrationCodec.META_KEY, CalibrationCodec.write(fit.spec()));
    try (McEngine e =
        McEngine.load(calibrated, "small-cal", EngineConfig.defaults().withThreads(1))) {
      EvaluationConfig cfg =
          EvaluationConfig.defaults().withSamples(10).withOod(List.of(OodSpec.parse("noise:50")));
      EvaluationReport r = new Evaluator(e, cfg).plan(data(600, 2)).run(Evaluator.Progress.NONE);
      CalibrationSection c = r.calibration();
      assertNotNull(c);
      // held-out data with the same label noise: the fitted temperatures cut the NLL
      assertTrue(c.deterministic().after().nll() < c.deterministic().before().nll());
      assertTrue(c.mc().after().nll() < c.mc().before().nll());
      // "before" is the report's own uncalibrated pass
      assertEquals(r.deterministic().nll(), c.deterministic().before().nll(), 1e-12);
      assertEquals(r.mc().ece(), c.mc().before().ece(), 1e-12);
      // coverage >= 0.9 in expectation; 600 test images give a standard deviation near 0.012 and
      // the 400-image calibration adds a little: 0.85 is about 4 standard deviations below
      assertTrue(c.conformal().coverage() > 0.85, "coverage " + c.conformal().coverage());
      assertEquals("mc", c.conformal().mode());
      int[] sizes = c.conformal().sizeCounts();
      assertEquals(600, java.util.Arrays.stream(sizes).sum());
      assertEquals(1, c.ood().size());
      double fpr = c.ood().get(0).mutualInformationFpr();
      assertTrue(fpr >= 0 && fpr <= 0.15, "in-distribution images flagged " + fpr);

      Map<String, Object> json = ReportJson.of(r);
      @SuppressWarnings("unchecked")
      Map<String, Object> conformal = (Map<String, Object>) json.get("conformal");
      assertEquals(c.conformal().coverage(), conformal.get("coverage"));
      assertEquals(c.conformal().meanSetSize(), conformal.get("meanSetSize"));
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> cal =
          (Map<String, Map<String, Object>>) json.get("calibrated");
      assertEquals(c.mc().after().nll(), cal.get("mc").get("nll"));
      assertEquals(c.deterministic().after().ece(), cal.get("deterministic").get("ece"));
      String table = SummaryTable.render(r);
      assertTrue(table.contains("Conformal sets, mc: coverage"), table);
      assertTrue(table.contains("OOD noise flagged (TPR)"), table);
      assertTrue(table.contains("ECE if perfectly calibrated"), table);
      @SuppressWarnings("unchecked")
      Map<String, Object> floor = (Map<String, Object>) cal.get("mc").get("eceFloor");
      assertEquals(c.mc().eceFloor().mean(), floor.get("mean"));
      // 600 images: the noise floor of a 15-bin ECE is far from zero
      assertTrue(c.mc().eceFloor().mean() > 0.005, "" + c.mc().eceFloor());
      ReportWriter.write(r, dir);
      assertTrue(Files.size(dir.resolve("calibration-mc.png")) > 1000);
      assertTrue(Files.readString(dir.resolve("README.md")).contains("calibration-mc.png"));
    }
  }

  @Test
  void anUncalibratedModelHasNoCalibrationSection() {
    EvaluationReport r =
        new Evaluator(engine, EvaluationConfig.defaults().withSamples(1))
            .plan(data(50, 3))
            .run(Evaluator.Progress.NONE);
    assertNull(r.calibration());
    assertNull(ReportJson.of(r).get("conformal"));
  }

  @Test
  void tooFewImagesAndMismatchedLabelsFailAtPlanning() {
    CalibrationRun run =
        new CalibrationRun(
            engine, new CalibrationRun.Settings(10, 5, Calibrator.Options.defaults()));
    McdropException e = assertThrows(McdropException.class, () -> run.plan(data(8, 4), "few"));
    assertEquals(ErrorCode.BAD_OPTION, e.code());
    assertTrue(e.getMessage().contains("at least 9"), e.getMessage());
    LabeledSet d = data(40, 5);
    LabeledSet renamed =
        new LabeledSet("other", d.images(), d.labels(), List.of("cat", "dog", "emu"));
    e = assertThrows(McdropException.class, () -> run.plan(renamed, "other"));
    assertTrue(e.getMessage().contains("[cat, dog, emu]"), e.getMessage());
  }
}
