package io.mcdrop.trainer.train;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.arch.NetworkFactory;
import io.mcdrop.trainer.checkpoint.Checkpoint;
import io.mcdrop.trainer.checkpoint.CheckpointFiles;
import io.mcdrop.trainer.config.EpochStats;
import io.mcdrop.trainer.config.TrainConfig;
import io.mcdrop.trainer.data.DataSource;
import io.mcdrop.trainer.data.Preprocess;
import io.mcdrop.trainer.data.Split;
import io.mcdrop.trainer.export.ModelInfo;
import io.mcdrop.trainer.export.OnnxExporter;
import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.optim.Optimizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One training run end to end: load data, build (or resume) the network, train with a checkpoint
 * after every epoch, evaluate on the test set, write history and export ONNX. This is the call the
 * CLI and the dropout-placement study make.
 *
 * <pre>{@code
 * TrainJob.Result r = TrainJob.builder()
 *     .data("fashion-mnist")
 *     .architecture(Architecture.of(Preset.FASHION).withDropout(DropoutPlacement.SPATIAL, 0.1))
 *     .config(TrainConfig.builder().epochs(5).build())
 *     .out(Path.of("model.onnx"))
 *     .build()
 *     .run();
 * }</pre>
 *
 * @param data the {@code --data} source (see {@link DataSource#load})
 * @param architecture what to build; ignored when resuming (the checkpoint's is used)
 * @param config how to train; when resuming, the checkpoint's config with this job's epochs and
 *     threads
 * @param out ONNX file to export at the end, or null
 * @param checkpoint checkpoint written after every epoch, or null for none
 * @param resume checkpoint to continue from, or null
 * @param history base path (no extension) for history CSV/JSON/PNG, or null
 * @param events where progress and notices go (the job never prints)
 * @param stopAfter stop after this epoch number (keeping its checkpoint, so {@code resume}
 *     continues), for time-boxed runs; 0 runs to the end
 */
public record TrainJob(
    String data,
    Architecture architecture,
    TrainConfig config,
    Path out,
    Path checkpoint,
    Path resume,
    Path history,
    TrainingListener events,
    int stopAfter) {

  /** What a run produced. */
  public record Result(
      Network network,
      Architecture architecture,
      Preprocess preprocess,
      List<String> labels,
      List<EpochStats> history,
      Evaluation.Metrics test,
      Path onnx,
      double seconds) {}

  public static Builder builder() {
    return new Builder();
  }

  public Result run() {
    long t0 = System.nanoTime();
    Checkpoint resumed = resume == null ? null : CheckpointFiles.read(resume);
    if (resumed != null && architecture != null) {
      requireSameArchitecture(resumed.architecture(), architecture);
    }
    Architecture arch = resumed != null ? resumed.architecture() : architecture;
    TrainConfig cfg =
        resumed != null
            ? resumed.config().toBuilder().epochs(config.epochs()).threads(config.threads()).build()
            : config;
    DataSource source = DataSource.load(data, arch.input(), cfg.seed());
    source.warnings().forEach(w -> events.notice("warning: " + w));
    if (!source.train().shape().equals(arch.input())) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "data "
              + data
              + " has images of shape "
              + source.train().shape()
              + " but architecture '"
              + arch.name()
              + "' expects "
              + arch.input()
              + "; choose an architecture for that input (e.g. --input "
              + source.train().shape()
              + ")");
    }
    int classes = source.train().classes().size();
    if (resumed != null && resumed.labels().size() != classes) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "checkpoint "
              + resume
              + " was trained on "
              + resumed.labels().size()
              + " classes ("
              + String.join(", ", resumed.labels())
              + ") but data "
              + data
              + " has "
              + classes
              + "; resume with the data it was trained on ("
              + resumed.data()
              + ")");
    }
    if (arch.spec().classes() != classes) {
      arch = arch.withClasses(classes);
    }
    Split split = Split.of(source.train(), cfg.valSplit(), cfg.seed());
    if (split.train().size() < 2) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "data "
              + data
              + " leaves "
              + split.train().size()
              + " image(s) to train on"
              + (split.validation() == null
                  ? ""
                  : " after holding out " + split.validation().size() + " for validation")
              + "; training needs at least 2 (batch norm)");
    }
    events.notice(
        "BLAS: "
            + io.mcdrop.trainer.tensor.Gemm.describe()
            + "; batch-norm sums: "
            + io.mcdrop.trainer.kernels.Kernels.describe());
    Preprocess pre = resumed != null ? resumed.preprocess() : Preprocess.fit(split.train());
    Network net = NetworkFactory.build(arch, cfg.seed());
    Optimizer opt = cfg.newOptimizer();
    Trainer.EpochState start = new Trainer.EpochState(List.of(), Double.POSITIVE_INFINITY, 0);
    if (resumed != null) {
      resumed.restore(net, opt);
      start = new Trainer.EpochState(resumed.history(), resumed.bestValLoss(), resumed.badEpochs());
      events.notice("resuming " + resume + " after epoch " + resumed.epoch());
    }
    events.notice(
        "training "
            + arch.name()
            + " ["
            + arch.spec().text()
            + "] on "
            + source.name()
            + ": "
            + split.train().size()
            + " train / "
            + (split.validation() == null ? 0 : split.validation().size())
            + " validation images, "
            + net.parameterCount()
            + " parameters, "
            + cfg.threads()
            + " thread(s)");
    Architecture finalArch = arch;
    List<String> labels = source.train().classes();
    History hist = new History(start.history());
    Trainer trainer = new Trainer(net, cfg, pre, opt, events, stopAfter);
    Trainer.EpochState end =
        trainer.fit(
            split.train(),
            split.validation(),
            start,
            (epoch, state) -> {
              if (checkpoint != null) {
                CheckpointFiles.write(
                    Checkpoint.capture(
                        finalArch,
                        cfg,
                        pre,
                        labels,
                        data,
                        epoch,
                        state.history(),
                        state.bestValLoss(),
                        state.badEpochs(),
                        net,
                        opt),
                    checkpoint);
              }
              if (history != null) {
                new History(state.history()).write(history);
              }
            });
    hist = new History(end.history());
    Evaluation.Metrics test =
        source.test() == null ? null : Evaluation.deterministic(net, source.test(), pre);
    if (test != null) {
      events.notice(
          String.format(
              java.util.Locale.ROOT,
              "test: accuracy %.2f%%, NLL %.4f, ECE %.4f on %d images",
              100 * test.accuracy(),
              test.nll(),
              test.ece(),
              test.count()));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (out != null) {
      // the model's training time is every epoch's, including those before a resume
      double trained = hist.epochs().stream().mapToDouble(EpochStats::seconds).sum();
      OnnxExporter.write(
          net, modelInfo(finalArch, cfg, pre, labels, data, hist, test, trained), out);
      events.notice("exported " + out);
    }
    return new Result(net, finalArch, pre, labels, hist.epochs(), test, out, seconds);
  }

  /**
   * A resumed run keeps its checkpoint's architecture; naming a different one is a mistake, not a
   * request to change it (the weights would not fit).
   */
  private void requireSameArchitecture(Architecture saved, Architecture asked) {
    Architecture fitted = asked.withClasses(saved.spec().classes());
    if (!fitted.spec().text().equals(saved.spec().text())
        || !fitted.input().equals(saved.input())) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "checkpoint "
              + resume
              + " was trained as ["
              + saved.spec().text()
              + "] on "
              + saved.input()
              + " input, not ["
              + asked.spec().text()
              + "] on "
              + asked.input()
              + "; leave the architecture out to resume, or start a new run");
    }
  }

  /** The metadata an export of this run carries (see {@link ModelInfo#of}). */
  public static ModelInfo modelInfo(
      Architecture arch,
      TrainConfig cfg,
      Preprocess pre,
      List<String> labels,
      String data,
      History hist,
      Evaluation.Metrics test,
      double seconds) {
    return ModelInfo.of(
        arch,
        cfg,
        pre,
        labels,
        data,
        hist.epochs(),
        test == null ? null : new ModelInfo.TestScore(test.accuracy(), test.nll()),
        seconds);
  }

  /** Preset name, spec text and input shape, JSON-ready (see {@link ModelInfo#architectureMap}). */
  public static Map<String, Object> architectureMap(Architecture arch) {
    return ModelInfo.architectureMap(arch);
  }

  /** Builder; data, architecture and config are required. */
  public static final class Builder {
    private String data;
    private Architecture architecture;
    private TrainConfig config;
    private Path out;
    private Path checkpoint;
    private Path resume;
    private Path history;
    private TrainingListener events = TrainingListener.NONE;
    private int stopAfter;

    public Builder data(String v) {
      data = v;
      return this;
    }

    public Builder architecture(Architecture v) {
      architecture = v;
      return this;
    }

    public Builder config(TrainConfig v) {
      config = v;
      return this;
    }

    /** ONNX file exported at the end. Optional. */
    public Builder out(Path v) {
      out = v;
      return this;
    }

    /** Checkpoint rewritten after every epoch. Optional. */
    public Builder checkpoint(Path v) {
      checkpoint = v;
      return this;
    }

    /** Checkpoint to resume from. Optional. */
    public Builder resume(Path v) {
      resume = v;
      return this;
    }

    /** Base path (no extension) for the history files. Optional. */
    public Builder history(Path v) {
      history = v;
      return this;
    }

    /** Where events go. Defaults to {@link TrainingListener#NONE}. */
    public Builder events(TrainingListener v) {
      events = v;
      return this;
    }

    /** Stop after this epoch number; resume later with the checkpoint. Defaults to 0 (never). */
    public Builder stopAfter(int epoch) {
      stopAfter = epoch;
      return this;
    }

    public TrainJob build() {
      if (data == null || config == null || (architecture == null && resume == null)) {
        throw new IllegalStateException(
            "a TrainJob needs data, config and an architecture (or resume)");
      }
      return new TrainJob(
          data, architecture, config, out, checkpoint, resume, history, events, stopAfter);
    }
  }
}
