package io.mcdrop.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.Evaluator;
import io.mcdrop.evaluation.ood.OodSpec;
import io.mcdrop.study.report.StudyReport;
import io.mcdrop.study.run.StudyRunner;
import io.mcdrop.study.run.VariantResult;
import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.arch.DropoutPlacement;
import io.mcdrop.trainer.config.TrainConfig;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny real study: synthetic 9x9 images, two placements, one rate, one epoch. */
class StudyRunnerTest {
  private static final Architecture ARCH =
      Architecture.resolve("conv4-bn-relu-pool, fc16-relu, fc10", new Shape(1, 9, 9));

  private static StudyConfig config(List<DropoutPlacement> placements) {
    TrainConfig t =
        TrainConfig.builder().epochs(1).batchSize(16).lr(0.05).seed(3).threads(1).build();
    return new StudyConfig(
        "synthetic:300",
        "custom",
        placements,
        List.of(0.3),
        t,
        new int[] {8, 9},
        List.of(OodSpec.parse("noise:50")),
        10,
        0,
        0);
  }

  private static StudyRunner.Outcome run(StudyConfig c, Path out, List<String> log) {
    return new StudyRunner(c, ARCH, out, log::add, TrainingListener.NONE, Evaluator.Progress.NONE)
        .run();
  }

  @Test
  @Tag("e2e")
  void trainsEvaluatesRanksAndNeverRetrainsAFinishedVariant(@TempDir Path out) throws Exception {
    StudyConfig c = config(List.of(DropoutPlacement.HEAD, DropoutPlacement.CONV));
    List<String> log = new ArrayList<>();
    StudyRunner.Outcome o = run(c, out, log);
    assertEquals(2, o.results().size());
    VariantResult head = o.results().get(0);
    assertEquals("head-0.3", head.key());
    assertTrue(head.spec().contains("fc16-relu-drop0.3"), head.spec());
    assertEquals(8, o.base().spec().classes(), "two classes held out of training");
    assertTrue(Double.isFinite(head.mc().ood("holdout", "mutual-info")));
    assertTrue(Double.isFinite(head.mc().ood("noise", "entropy")));
    assertEquals(1, head.history().size());
    Path page = StudyReport.write(o, out, "mcdrop study (test)");
    String md = Files.readString(page);
    assertTrue(md.contains("## Ranking by test NLL") && md.contains("Lowest test NLL"), md);
    assertTrue(Files.size(out.resolve("val-loss.png")) > 100);
    assertTrue(Files.exists(out.resolve("variants/conv-0.3/history.png")));
    assertTrue(Files.exists(out.resolve("variants/conv-0.3/evaluation/reliability-mc.png")));

    // rerun: both variants are done and must not be retrained
    Path done = out.resolve("variants/head-0.3/result.json");
    FileTime stamp = Files.getLastModifiedTime(done);
    Path model = out.resolve("variants/head-0.3/model.onnx");
    FileTime modelStamp = Files.getLastModifiedTime(model);
    List<String> again = new ArrayList<>();
    StudyRunner.Outcome o2 = run(c, out, again);
    assertEquals(
        2, again.stream().filter(l -> l.contains("already done")).count(), again.toString());
    assertEquals(stamp, Files.getLastModifiedTime(done));
    assertEquals(modelStamp, Files.getLastModifiedTime(model));
    assertEquals(head.mc().nll(), o2.results().get(0).mc().nll(), 0.0);

    // a crash after training but before the result: the checkpoint is reused, not retrained
    Files.delete(out.resolve("variants/conv-0.3/result.json"));
    List<String> resumed = new ArrayList<>();
    StudyRunner.Outcome o3 = run(c, out, resumed);
    assertEquals(
        o.results().get(1).history().get(0).trainLoss(),
        o3.results().get(1).history().get(0).trainLoss(),
        0.0);
    assertTrue(Files.exists(out.resolve("variants/conv-0.3/result.json")));
  }

  @Test
  void aFolderHoldingAnotherStudyIsRefused(@TempDir Path out) throws Exception {
    Files.writeString(
        out.resolve(StudyRunner.STUDY_FILE), "{\"data\":\"fashion-mnist\",\"variants\":[]}");
    McdropException e =
        assertThrows(
            McdropException.class,
            () -> run(config(List.of(DropoutPlacement.NONE)), out, new ArrayList<>()));
    assertTrue(e.getMessage().contains("other settings"), e.getMessage());
    assertFalse(Files.exists(out.resolve("variants")));
  }

  @Test
  void heldOutClassesMustExistBeforeAnyTraining(@TempDir Path out) {
    TrainConfig t = TrainConfig.builder().epochs(1).batchSize(16).threads(1).build();
    StudyConfig c =
        new StudyConfig(
            "synthetic:100",
            "custom",
            List.of(DropoutPlacement.HEAD),
            List.of(0.3),
            t,
            new int[] {12},
            List.of(),
            10,
            0,
            0);
    McdropException e = assertThrows(McdropException.class, () -> run(c, out, new ArrayList<>()));
    assertTrue(e.getMessage().contains("class 12 does not exist"), e.getMessage());
    assertFalse(Files.exists(out.resolve("variants")));
  }
}
