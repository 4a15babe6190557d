package io.mcdrop.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.onnx.McDropout;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.trainer.arch.ArchSpec;
import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.checkpoint.Checkpoint;
import io.mcdrop.trainer.checkpoint.CheckpointFiles;
import io.mcdrop.trainer.config.TrainConfig;
import io.mcdrop.trainer.export.CheckpointExporter;
import io.mcdrop.trainer.layers.Param;
import io.mcdrop.trainer.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small training runs on synthetic data: learning, determinism, resume, divergence. */
class TrainJobTest {
  static final Architecture SMALL =
      new Architecture(
          "small",
          ArchSpec.parse("conv8-bn-relu-pool, conv16-bn-relu-pool, fc32-relu-drop0.3, fc10"),
          new Shape(1, 12, 12));

  @TempDir Path tmp;

  static TrainConfig.Builder config() {
    return TrainConfig.builder().epochs(2).batchSize(32).lr(0.05).seed(7).threads(2).valSplit(0.2);
  }

  private TrainJob.Result run(TrainConfig cfg, Path ckpt, Path resume) {
    return run(cfg, ckpt, resume, 0);
  }

  private TrainJob.Result run(TrainConfig cfg, Path ckpt, Path resume, int stopAfter) {
    return TrainJob.builder()
        .stopAfter(stopAfter)
        .data("synthetic:600")
        .architecture(SMALL)
        .config(cfg)
        .checkpoint(ckpt)
        .resume(resume)
        .events(TrainingListener.NONE)
        .build()
        .run();
  }

  private static float[] weights(TrainJob.Result r) {
    List<Param> ps = r.network().params();
    int n = ps.stream().mapToInt(Param::size).sum();
    float[] all = new float[n];
    int o = 0;
    for (Param p : ps) {
      System.arraycopy(p.value(), 0, all, o, p.size());
      o += p.size();
    }
    return all;
  }

  @Test
  void sameSeedGivesBitIdenticalWeights() {
    TrainConfig cfg = config().epochs(1).build();
    assertArrayEquals(weights(run(cfg, null, null)), weights(run(cfg, null, null)));
  }

  @Test
  void resumingAfterAnEpochEqualsTheUninterruptedRun() {
    Path ckpt = tmp.resolve("run.ckpt");
    TrainJob.Result full = run(config().build(), null, null);
    run(config().build(), ckpt, null, 1); // as if killed during epoch 2
    Checkpoint after1 = CheckpointFiles.read(ckpt);
    assertEquals(1, after1.epoch());
    TrainJob.Result resumed = run(config().build(), tmp.resolve("run2.ckpt"), ckpt);
    assertArrayEquals(weights(full), weights(resumed));
    assertEquals(2, resumed.history().size());
    assertEquals(full.history().get(1).valLoss(), resumed.history().get(1).valLoss());
  }

  @Test
  void checkpointsAreWrittenAtomicallyAndExportable() throws Exception {
    Path ckpt = tmp.resolve("m.ckpt");
    TrainJob.Result r = run(config().epochs(1).build(), ckpt, null);
    try (var files = Files.list(tmp)) {
      assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left");
    }
    Path onnx = tmp.resolve("m.onnx");
    CheckpointExporter.export(ckpt, onnx);
    var model = OnnxModels.read(onnx);
    var training =
        io.mcdrop.onnx.contract.ContractJson.training(
            OnnxModels.metadata(model, McDropout.META_TRAINING).orElseThrow());
    assertEquals(1, training.epochs());
    // the validation split is recorded with its seed, so `mcdrop calibrate --split auto` can draw
    // the same held-out images the trainer never fitted on
    assertEquals(config().build().valSplit(), training.valSplit());
    assertEquals(config().build().seed(), training.seed());
    assertEquals(r.labels().size(), 10);
  }

  @Test
  void aDamagedCheckpointIsAClearError() throws Exception {
    Path bad = tmp.resolve("bad.ckpt");
    Files.writeString(bad, "MCDCKPT1garbage");
    var e = assertThrows(io.mcdrop.errors.McdropException.class, () -> CheckpointFiles.read(bad));
    assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    Path other = tmp.resolve("other.ckpt");
    Files.writeString(other, "hello");
    assertTrue(
        assertThrows(io.mcdrop.errors.McdropException.class, () -> CheckpointFiles.read(other))
            .getMessage()
            .contains("not an mcdrop checkpoint"));
  }

  @Test
  void aNanLossStopsNamingEpochAndBatchAndKeepsTheLastGoodCheckpoint() throws Exception {
    Path ckpt = tmp.resolve("nan.ckpt");
    // A step schedule that multiplies the learning rate by 1e20 after the first epoch.
    TrainConfig exploding =
        config()
            .epochs(3)
            .warmupEpochs(0)
            .schedule(io.mcdrop.trainer.optim.Schedule.Kind.STEP)
            .stepEvery(1)
            .stepGamma(1e20)
            .build();
    TrainingDivergedException e =
        assertThrows(TrainingDivergedException.class, () -> run(exploding, ckpt, null));
    assertEquals(2, e.epoch());
    assertTrue(e.batch() >= 1);
    assertTrue(e.getMessage().contains("epoch 2, batch " + e.batch()), e.getMessage());
    assertEquals(1, CheckpointFiles.read(ckpt).epoch(), "the epoch-1 checkpoint survives");
  }

  @Test
  void earlyStoppingStopsAndWritesHistory() {
    Path hist = tmp.resolve("h");
    TrainJob.Result r =
        TrainJob.builder()
            .data("synthetic:300")
            .architecture(SMALL)
            .config(
                config()
                    .epochs(30)
                    .lr(0.2)
                    .patience(1)
                    .schedule(io.mcdrop.trainer.optim.Schedule.Kind.CONSTANT)
                    .build())
            .history(hist)
            .events(TrainingListener.NONE)
            .build()
            .run();
    assertTrue(r.history().size() < 30, "stopped after " + r.history().size() + " epochs");
    assertTrue(Files.exists(tmp.resolve("h.csv")));
    assertTrue(Files.exists(tmp.resolve("h.json")));
    assertTrue(Files.exists(tmp.resolve("h.png")));
  }
}
