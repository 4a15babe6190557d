package io.mcdrop.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.Evaluator;
import io.mcdrop.evaluation.ood.OodSpec;
import io.mcdrop.study.report.StudyReport;
import io.mcdrop.study.run.CalibratedResult;
import io.mcdrop.study.run.CostResult;
import io.mcdrop.study.run.StudyRunner;
import io.mcdrop.study.run.StudyUnit;
import io.mcdrop.study.run.UnitCalibration;
import io.mcdrop.study.run.UnitCost;
import io.mcdrop.study.run.VariantResult;
import io.mcdrop.trainer.arch.Architecture;
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

/** A tiny real study: synthetic 9x9 images, two variants, two seeds, one epoch. */
class StudyRunnerTest {
  private static final Architecture ARCH =
      Architecture.resolve("conv4-bn-relu-pool, fc16-relu, fc10", new Shape(1, 9, 9));

  private static StudyConfig config(List<Variant> variants, List<Long> seeds) {
    TrainConfig t =
        TrainConfig.builder().epochs(1).batchSize(16).lr(0.05).seed(3).threads(1).build();
    return new StudyConfig(
        "synthetic:300",
        "custom",
        variants,
        seeds,
        t,
        new int[] {8, 9},
        List.of(OodSpec.parse("noise:50")),
        10,
        0,
        0);
  }

  private static StudyRunner runner(StudyConfig c, Path out, List<String> log) {
    return new StudyRunner(c, ARCH, out, log::add, TrainingListener.NONE, Evaluator.Progress.NONE);
  }

  @Test
  @Tag("e2e")
  void resumesPerVariantAndSeedAndNeverRetrainsAFinishedRun(@TempDir Path out) throws Exception {
    StudyConfig c = config(Variant.parseList(List.of("head-0.3", "prebn-0.2")), List.of(3L, 4L));
    List<String> log = new ArrayList<>();
    StudyRunner.Outcome o = runner(c, out, log).run();
    assertEquals(4, o.results().size());
    VariantResult head3 = o.results().get(0);
    assertEquals("head-0.3", head3.key());
    assertEquals(3, head3.seed());
    assertEquals(4, o.results().get(2).seed());
    assertTrue(head3.spec().contains("fc16-relu-drop0.3"), head3.spec());
    assertTrue(o.results().get(1).spec().startsWith("conv4-drop0.2-bn-relu-pool"));
    assertEquals(8, o.base().spec().classes(), "two classes held out of training");
    assertEquals(0.3 * 16, head3.droppedUnits(), 1e-9, "0.3 of the 16 head units");
    // different seeds: different training runs on the same data
    assertTrue(head3.trainLoss() != o.results().get(2).trainLoss());
    Path page = StudyReport.write(o, out, "mcdrop study (test)");
    String md = Files.readString(page);
    assertTrue(md.contains("## Verdict") && md.contains("Lowest test NLL"), md);
    assertTrue(md.contains(" ± "), "two seeds give intervals: " + md);
    // per-run links point at the numbers, which a study kept without its plots still holds
    assertTrue(md.contains("(variants/prebn-0.2/seed-4/evaluation/metrics.json)"), md);
    assertTrue(Files.size(out.resolve("gap.png")) > 100);
    assertTrue(Files.exists(out.resolve("gap-prebn.png")));
    assertTrue(Files.exists(out.resolve("variants/prebn-0.2/seed-4/evaluation/README.md")));

    // rerun: every unit is done and none is retrained
    Path done = out.resolve("variants/head-0.3/seed-3/result.json");
    FileTime stamp = Files.getLastModifiedTime(done);
    List<String> again = new ArrayList<>();
    StudyRunner.Outcome o2 = runner(c, out, again).run();
    assertEquals(
        4, again.stream().filter(l -> l.contains("already done")).count(), again.toString());
    assertEquals(stamp, Files.getLastModifiedTime(done));
    assertEquals(head3.mc().nll(), o2.results().get(0).mc().nll(), 0.0);

    // one unit lost its result after training: only it reruns, from its checkpoint
    Files.delete(out.resolve("variants/prebn-0.2/seed-4/result.json"));
    StudyRunner r3 = runner(c, out, new ArrayList<>());
    StudyUnit lost = new StudyUnit(Variant.parse("prebn-0.2"), 4);
    assertFalse(r3.isDone(lost));
    assertTrue(r3.isDone(new StudyUnit(Variant.parse("prebn-0.2"), 3)));
    VariantResult again4 = r3.runUnit(lost);
    assertEquals(
        o.results().get(3).history().get(0).trainLoss(), again4.history().get(0).trainLoss(), 0.0);
    assertEquals(stamp, Files.getLastModifiedTime(done), "the other units were not touched");

    // a third seed added later: only its units run
    StudyConfig more = config(c.variants(), List.of(3L, 4L, 5L));
    List<String> log4 = new ArrayList<>();
    StudyRunner.Outcome o4 = runner(more, out, log4).run();
    assertEquals(6, o4.results().size());
    assertEquals(4, log4.stream().filter(l -> l.contains("already done")).count());
  }

  @Test
  void temperatureScalingIsFittedOnTheValidationSplitOncePerRun(@TempDir Path out)
      throws Exception {
    StudyConfig c = config(Variant.parseList(List.of("none", "head-0.3")), List.of(3L));
    List<String> log = new ArrayList<>();
    StudyRunner r = runner(c, out, log);
    r.run();
    assertTrue(r.collect().results().stream().allMatch(v -> v.calibrated() == null));
    StudyRunner.Outcome o = r.calibrateFinished();
    int validation = (int) Math.round(0.1 * o.data().train().size());
    for (VariantResult v : o.results()) {
      CalibratedResult cr = v.calibrated();
      assertNotNull(cr, v.key());
      assertEquals(validation, cr.calibrationImages(), 1, "fitted on the validation split");
      assertTrue(cr.detTemperature() > 0, v.key());
      // "before" is the run's own uncalibrated test number: same images, same pass
      assertEquals(v.deterministic().nll(), cr.detNllBefore(), 1e-9, v.key());
      assertTrue(cr.coverage() > 0 && cr.meanSetSize() >= 0, v.key());
    }
    assertTrue(Double.isNaN(o.results().get(0).calibrated().mcTemperature()), "none has no MC");
    assertTrue(Double.isFinite(o.results().get(1).calibrated().mcTemperature()));
    Path stored = out.resolve("variants/head-0.3/seed-3/" + UnitCalibration.FILE);
    assertTrue(Files.exists(out.resolve("variants/head-0.3/seed-3/evaluation-calibrated")));
    FileTime stamp = Files.getLastModifiedTime(stored);

    // once per run: a second pass reads the stored numbers instead of recomputing them
    List<String> again = new ArrayList<>();
    StudyRunner.Outcome o2 = runner(c, out, again).calibrateFinished();
    assertEquals(stamp, Files.getLastModifiedTime(stored));
    assertTrue(again.stream().noneMatch(l -> l.contains("temperature scaling")), again.toString());
    assertEquals(
        o.results().get(1).calibrated().mcNllAfter(),
        o2.results().get(1).calibrated().mcNllAfter(),
        0.0);

    String md = Files.readString(StudyReport.write(o2, out, "mcdrop study (test)"));
    assertTrue(md.contains("## After temperature scaling"), md);
    assertTrue(md.contains("Temperature scaling (fitted per run"), md);
    assertTrue(Files.size(out.resolve("nll.png")) > 100);
  }

  @Test
  void theCostPassTimesEachRunOnceAndTheReportSaysWhereItsTimingsComeFrom(@TempDir Path out)
      throws Exception {
    StudyConfig c = config(Variant.parseList(List.of("none", "head-0.3")), List.of(3L));
    StudyRunner r = runner(c, out, new ArrayList<>());
    r.run();
    String before = Files.readString(StudyReport.write(r.collect(), out, "mcdrop study (test)"));
    assertTrue(before.contains("from the timing of each run's own evaluation"), before);

    StudyRunner.Outcome o = r.measureCostFinished();
    VariantResult none = o.results().get(0);
    VariantResult head = o.results().get(1);
    CostResult nc = none.cost();
    CostResult hc = head.cost();
    assertNotNull(nc);
    assertNotNull(hc);
    assertEquals(UnitCost.THREADS, hc.threads());
    assertEquals(c.samples(), hc.samples());
    assertEquals(1, nc.samples(), "no dropout: deterministic only");
    assertTrue(Double.isNaN(nc.mcMsPerImage()) && Double.isNaN(none.mcMsPerImage()));
    assertTrue(hc.detMsPerImage() > 0 && hc.mcMsPerImage() > 0, hc.toString());
    // the summaries read the cost pass, not the evaluation's timing
    assertEquals(hc.mcMsPerImage(), head.mcMsPerImage(), 0.0);
    assertEquals(hc.mcMsPerImage() / hc.detMsPerImage(), head.mcCostRatio(), 1e-12);

    Path stored = out.resolve("variants/head-0.3/seed-3/" + UnitCost.FILE);
    FileTime stamp = Files.getLastModifiedTime(stored);
    List<String> again = new ArrayList<>();
    StudyRunner.Outcome o2 = runner(c, out, again).measureCostFinished();
    assertEquals(stamp, Files.getLastModifiedTime(stored), "measured once per run");
    assertTrue(again.stream().noneMatch(l -> l.contains("[cost")), again.toString());
    assertEquals(hc, o2.results().get(1).cost());

    String md = Files.readString(StudyReport.write(o2, out, "mcdrop study (test)"));
    assertTrue(md.contains("come from the cost pass after training"), md);
  }

  @Test
  void eachRunIsCalibratedAndTimedRightAfterTrainingSoItsFolderNeedsNoModelAfterwards(
      @TempDir Path out) throws Exception {
    StudyConfig c = config(Variant.parseList(List.of("none", "head-0.3")), List.of(3L));
    List<String> log = new ArrayList<>();
    StudyRunner.Outcome o = runner(c, out, log).run(new StudyRunner.AfterTraining(true, true));
    for (VariantResult v : o.results()) {
      assertNotNull(v.calibrated(), v.key());
      assertNotNull(v.cost(), v.key());
    }
    // per unit, in order: train none, calibrate none, time none, then the next unit
    int calNone = indexOf(log, "[calibrate none/seed-3] temperature scaling");
    int costNone = indexOf(log, "[cost none/seed-3]");
    int trainHead = indexOf(log, "[head-0.3/seed-3] training");
    assertTrue(0 <= calNone && calNone < costNone && costNone < trainHead, log.toString());

    // the folder kept without its models (as a committed study is): nothing is redone, nothing
    // fails, and the report reads every stored number
    for (String v : List.of("none", "head-0.3")) {
      Path dir = out.resolve("variants/" + v + "/seed-3");
      Files.delete(dir.resolve("model.onnx"));
      Files.delete(dir.resolve(UnitCalibration.MODEL));
      Files.deleteIfExists(dir.resolve("checkpoint.ckpt"));
    }
    Files.delete(out.resolve("variants/head-0.3/seed-3/" + UnitCost.FILE));
    List<String> again = new ArrayList<>();
    StudyRunner r2 = runner(c, out, again);
    assertFalse(r2.hasModel(new StudyUnit(Variant.parse("none"), 3)));
    r2.run(new StudyRunner.AfterTraining(true, true));
    StudyRunner.Outcome o2 = r2.measureCostFinished();
    assertEquals(2, again.stream().filter(l -> l.contains("already done")).count());
    assertTrue(again.stream().noneMatch(l -> l.contains("[cost")), again.toString());
    assertEquals(o.results().get(1).calibrated(), o2.results().get(1).calibrated());
    assertEquals(null, o2.results().get(1).cost(), "lost and not re-measurable: left out");
    String md = Files.readString(StudyReport.write(o2, out, "mcdrop study (test)"));
    assertTrue(md.contains("## After temperature scaling"), md);
  }

  private static int indexOf(List<String> log, String prefix) {
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void aFolderHoldingAnotherStudyIsRefused(@TempDir Path out) throws Exception {
    Files.writeString(
        out.resolve(StudyRunner.STUDY_FILE), "{\"data\":\"fashion-mnist\",\"variants\":[]}");
    McdropException e =
        assertThrows(
            McdropException.class,
            () ->
                runner(config(List.of(Variant.parse("none")), List.of(1L)), out, new ArrayList<>())
                    .run());
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
            List.of(Variant.parse("head-0.3")),
            List.of(1L),
            t,
            new int[] {12},
            List.of(),
            10,
            0,
            0);
    McdropException e =
        assertThrows(McdropException.class, () -> runner(c, out, new ArrayList<>()).run());
    assertTrue(e.getMessage().contains("class 12 does not exist"), e.getMessage());
    assertFalse(Files.exists(out.resolve("variants")));
  }

  @Test
  void unitsComeSeedBySeedSoAnEarlyStopStillCoversTheGrid() {
    StudyConfig c = config(Variant.parseList(List.of("none", "head-0.5")), List.of(7L, 8L));
    List<StudyUnit> u = runner(c, Path.of("unused"), new ArrayList<>()).units();
    assertEquals(
        List.of("none/seed-7", "head-0.5/seed-7", "none/seed-8", "head-0.5/seed-8"),
        u.stream().map(StudyUnit::key).toList());
  }
}
