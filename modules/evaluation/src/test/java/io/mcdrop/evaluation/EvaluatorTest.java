package io.mcdrop.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.data.ImageSet;
import io.mcdrop.evaluation.data.LabeledSet;
import io.mcdrop.evaluation.ood.OodResult;
import io.mcdrop.evaluation.ood.OodSpec;
import io.mcdrop.evaluation.predict.Inference;
import io.mcdrop.evaluation.predict.PredictionSet;
import io.mcdrop.evaluation.predict.Score;
import io.mcdrop.evaluation.report.ReportWriter;
import io.mcdrop.evaluation.report.SummaryTable;
import io.mcdrop.evaluation.shift.ShiftSpec;
import io.mcdrop.metrics.Scores;
import io.mcdrop.onnx.fixtures.FixtureModels;
import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTest {
  private static McEngine engine;
  private static McEngine noDropout;

  @BeforeAll
  static void load() {
    engine =
        McEngine.load(
            FixtureModels.smallCnn(3, 0.5f, 0.1f), "small", EngineConfig.defaults().withThreads(1));
    noDropout =
        McEngine.load(
            FixtureModels.smallCnn(3, 0f, 0f), "plain", EngineConfig.defaults().withThreads(1));
  }

  @AfterAll
  static void close() {
    engine.close();
    noDropout.close();
  }

  /** Random images labelled with the model's own deterministic answers, 1 in 4 relabelled. */
  private static LabeledSet data(int n) {
    Random rnd = new Random(11);
    float[] px = new float[n * 64];
    for (int i = 0; i < px.length; i++) {
      px[i] = rnd.nextFloat();
    }
    ImageSet images = new ImageSet(1, 8, 8, px);
    PredictionSet det = new Inference(engine, 1).run(images, 1, Inference.Listener.NONE);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = Scores.argmax(det.probabilities()[i]);
      if (i % 4 == 0) {
        y[i] = (y[i] + 1) % 3;
      }
    }
    return new LabeledSet("toy", images, y, List.of("alpha", "beta", "gamma"));
  }

  @Test
  void evaluatesDeterministicAndMcSideBySideWithOodAndShift(@TempDir Path dir) throws Exception {
    EvaluationConfig cfg =
        EvaluationConfig.defaults()
            .withSamples(20)
            .withOod(List.of(OodSpec.parse("noise:40"), OodSpec.parse("inverted")))
            .withShift(ShiftSpec.parse("rotate:0:90:45"));
    long[] last = {0, 0};
    Evaluator.Plan plan = new Evaluator(engine, cfg).plan(data(120));
    EvaluationReport r =
        plan.run(
            (phase, done, total) -> {
              last[0] = done;
              last[1] = total;
            });
    assertEquals(last[1], last[0], "progress reaches its total");
    assertEquals((120 + 40 + 120 + 3 * 120) * 2, plan.work());
    assertEquals(0.75, r.deterministic().accuracy(), 1e-12);
    assertNotNull(r.mc());
    assertTrue(r.mc().accuracy() > 0.5);
    assertTrue(
        Double.isNaN(r.deterministic().misclassificationAuroc().get(Score.MUTUAL_INFORMATION)));
    assertTrue(Double.isFinite(r.mc().misclassificationAuroc().get(Score.MUTUAL_INFORMATION)));
    assertEquals(2, r.ood().size());
    OodResult noise = r.ood().get(0);
    assertEquals(40, noise.count());
    assertNull(noise.deterministic().get(Score.MUTUAL_INFORMATION));
    double auroc = noise.mc().get(Score.ENTROPY).auroc();
    assertTrue(auroc >= 0 && auroc <= 1);
    assertEquals(3, r.shift().size());
    // angle 0 is the unrotated test set: same deterministic numbers
    assertEquals(r.deterministic().nll(), r.shift().get(0).deterministic().nll(), 1e-12);

    String table = SummaryTable.render(r);
    assertTrue(table.contains("MC (T=20)") && table.contains("OOD noise"), table);
    Path page = ReportWriter.write(r, dir);
    for (String f :
        List.of(
            "metrics.json",
            "README.md",
            "reliability-deterministic.png",
            "reliability-mc.png",
            "shift-accuracy.png",
            "shift-nll.png",
            "shift-ece.png",
            "ood-noise-entropy.png",
            "ood-inverted-mutual-info.png")) {
      assertTrue(Files.size(dir.resolve(f)) > 100, f);
    }
    assertTrue(Files.readString(page).contains("![reliability-mc.png](reliability-mc.png)"));
    assertTrue(Files.readString(dir.resolve("metrics.json")).contains("\"fprAt95Tpr\""));
  }

  @Test
  void mcNumbersAreReproducibleWithTheSameSeed() {
    EvaluationConfig cfg = EvaluationConfig.defaults().withSamples(8).withSeed(5);
    LabeledSet d = data(30);
    EvaluationReport a = new Evaluator(engine, cfg).plan(d).run(Evaluator.Progress.NONE);
    EvaluationReport b = new Evaluator(engine, cfg).plan(d).run(Evaluator.Progress.NONE);
    assertEquals(a.mc().nll(), b.mc().nll(), 0.0);
  }

  @Test
  void mismatchedLabelsFailBeforeAnyInference() {
    LabeledSet d = data(10);
    LabeledSet renamed =
        new LabeledSet("other", d.images(), d.labels(), List.of("cat", "dog", "bird"));
    McdropException e =
        assertThrows(
            McdropException.class,
            () -> new Evaluator(engine, EvaluationConfig.defaults()).plan(renamed));
    assertEquals(ErrorCode.BAD_OPTION, e.code());
    assertTrue(e.getMessage().contains("[alpha, beta, gamma]"), e.getMessage());
  }

  @Test
  void aModelWithoutDropoutCanOnlyBeEvaluatedDeterministically() {
    LabeledSet d = data(10);
    McdropException e =
        assertThrows(
            McdropException.class,
            () -> new Evaluator(noDropout, EvaluationConfig.defaults()).plan(d));
    assertEquals(ErrorCode.NO_DROPOUT, e.code());
    EvaluationReport r =
        new Evaluator(noDropout, EvaluationConfig.defaults().withSamples(1))
            .plan(d)
            .run(Evaluator.Progress.NONE);
    assertNull(r.mc());
    assertTrue(Double.isNaN(r.mcCostRatio()));
  }

  @Test
  void imagesOfTheWrongSizeAreRejected() {
    LabeledSet wrong =
        new LabeledSet(
            "big",
            new ImageSet(1, 9, 9, new float[81]),
            new int[] {0},
            List.of("alpha", "beta", "gamma"));
    McdropException e =
        assertThrows(
            McdropException.class,
            () -> new Evaluator(engine, EvaluationConfig.defaults()).plan(wrong));
    assertTrue(e.getMessage().contains("1x9x9"), e.getMessage());
  }
}
