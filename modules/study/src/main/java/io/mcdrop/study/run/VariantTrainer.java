package io.mcdrop.study.run;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.arch.NetworkFactory;
import io.mcdrop.trainer.checkpoint.Checkpoint;
import io.mcdrop.trainer.checkpoint.CheckpointFiles;
import io.mcdrop.trainer.config.EpochStats;
import io.mcdrop.trainer.config.TrainConfig;
import io.mcdrop.trainer.data.Dataset;
import io.mcdrop.trainer.data.Preprocess;
import io.mcdrop.trainer.data.Split;
import io.mcdrop.trainer.export.OnnxExporter;
import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.optim.Optimizer;
import io.mcdrop.trainer.train.History;
import io.mcdrop.trainer.train.TrainJob;
import io.mcdrop.trainer.train.Trainer;
import io.mcdrop.trainer.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains one variant on the study's (already filtered) training set and exports it. Works on a
 * {@link Dataset} rather than a {@code --data} string, so held-out classes and training subsets
 * apply; the validation split comes from {@code splitSeed}, the rest of training from the config's
 * seed; writes a checkpoint after every epoch and continues from it if one is there.
 */
public final class VariantTrainer {
  public static final String CHECKPOINT = "checkpoint.ckpt";
  public static final String MODEL = "model.onnx";
  public static final String HISTORY = "history";

  /** A trained, exported variant. */
  public record Trained(Path onnx, List<EpochStats> history, long parameters) {}

  private VariantTrainer() {}

  public static Trained train(
      Architecture arch,
      Dataset train,
      String dataName,
      TrainConfig cfg,
      long splitSeed,
      Path dir,
      TrainingListener progress) {
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot create " + dir + ": " + e.getMessage(), e);
    }
    // the validation split is the study's (same images for every variant and seed)
    Split split = Split.of(train, cfg.valSplit(), splitSeed);
    Path ckpt = dir.resolve(CHECKPOINT);
    Checkpoint resumed = Files.exists(ckpt) ? CheckpointFiles.read(ckpt) : null;
    Preprocess pre = resumed != null ? resumed.preprocess() : Preprocess.fit(split.train());
    Network net = NetworkFactory.build(arch, cfg.seed());
    Optimizer opt = cfg.newOptimizer();
    Trainer.EpochState start = new Trainer.EpochState(List.of(), Double.POSITIVE_INFINITY, 0);
    if (resumed != null) {
      if (!resumed.architecture().spec().text().equals(arch.spec().text())) {
        throw new McdropException(
            ErrorCode.BAD_OPTION,
            ckpt
                + " was trained as ["
                + resumed.architecture().spec().text()
                + "], not ["
                + arch.spec().text()
                + "]; delete it or use another --out");
      }
      resumed.restore(net, opt);
      start = new Trainer.EpochState(resumed.history(), resumed.bestValLoss(), resumed.badEpochs());
      progress.notice("resuming from " + ckpt + " after epoch " + resumed.epoch());
    }
    List<String> labels = train.classes();
    Trainer.EpochState end =
        new Trainer(net, cfg, pre, opt, progress, 0)
            .fit(
                split.train(),
                split.validation(),
                start,
                (epoch, state) -> {
                  CheckpointFiles.write(
                      Checkpoint.capture(
                          arch,
                          cfg,
                          pre,
                          labels,
                          dataName,
                          epoch,
                          state.history(),
                          state.bestValLoss(),
                          state.badEpochs(),
                          net,
                          opt),
                      ckpt);
                  new History(state.history()).write(dir.resolve(HISTORY));
                });
    History hist = new History(end.history());
    double seconds = end.history().stream().mapToDouble(EpochStats::seconds).sum();
    Path onnx = dir.resolve(MODEL);
    OnnxExporter.write(
        net, TrainJob.modelInfo(arch, cfg, pre, labels, dataName, hist, null, seconds), onnx);
    return new Trained(onnx, end.history(), net.parameterCount());
  }
}
