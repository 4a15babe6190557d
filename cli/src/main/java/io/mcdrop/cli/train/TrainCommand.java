package io.mcdrop.cli.train;

import io.mcdrop.cli.ExitCodes;
import io.mcdrop.cli.common.Suggest;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.arch.DropoutPlacement;
import io.mcdrop.trainer.config.TrainConfig;
import io.mcdrop.trainer.data.DataSource;
import io.mcdrop.trainer.optim.Optimizer;
import io.mcdrop.trainer.optim.Schedule;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.train.TrainJob;
import io.mcdrop.trainer.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mcdrop train}: maps options onto {@link TrainConfig} and runs a {@link TrainJob}. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a CNN with dropout in pure Java, checkpoint every epoch, and export it to ONNX.",
      "Example: mcdrop train --data fashion-mnist --arch fashion --epochs 15 --augment --out"
          + " model.onnx"
    })
public final class TrainCommand implements Callable<Integer> {
  private static final TrainConfig DEFAULTS = TrainConfig.DEFAULTS;

  @Option(
      names = "--data",
      required = true,
      description =
          "fashion-mnist, synthetic[:COUNT], or an ImageFolder root (root/<class>/*.png|jpg)")
  String data;

  @Option(
      names = "--arch",
      description =
          "preset (fashion, deepconv, wrn) or spec, e.g. 'conv32-bn-relu-pool, fc10'. Default:"
              + " fashion (when resuming: the checkpoint's)")
  String arch;

  @Option(
      names = "--input",
      description =
          "input shape CxHxW for a custom spec (default 1x28x28); ImageFolder images are resized to it")
  String input;

  @Option(
      names = "--dropout",
      description = "re-place dropout: none, head, conv, all or spatial (with --dropout-rate)")
  String dropout;

  @Option(
      names = "--dropout-rate",
      defaultValue = "0.5",
      description = "rate for --dropout. Default: ${DEFAULT-VALUE}")
  double dropoutRate;

  @Option(names = "--epochs", description = "Default: ${DEFAULT-VALUE}")
  int epochs = DEFAULTS.epochs();

  @Option(names = "--batch", description = "Default: ${DEFAULT-VALUE}")
  int batch = DEFAULTS.batchSize();

  @Option(
      names = "--lr",
      description = "peak learning rate (default 0.02 for sgd, 0.001 for adamw)")
  Double lr;

  @Option(names = "--optimizer", description = "sgd or adamw. Default: ${DEFAULT-VALUE}")
  String optimizer = DEFAULTS.optimizer().name().toLowerCase(java.util.Locale.ROOT);

  @Option(names = "--momentum", description = "SGD momentum. Default: ${DEFAULT-VALUE}")
  double momentum = DEFAULTS.momentum();

  @Option(names = "--no-nesterov", description = "plain momentum instead of Nesterov")
  boolean noNesterov;

  @Option(names = "--weight-decay", description = "Default: ${DEFAULT-VALUE}")
  double weightDecay = DEFAULTS.weightDecay();

  @Option(names = "--schedule", description = "constant, step or cosine. Default: ${DEFAULT-VALUE}")
  String schedule = DEFAULTS.schedule().name().toLowerCase(java.util.Locale.ROOT);

  @Option(names = "--warmup", description = "warm-up epochs. Default: ${DEFAULT-VALUE}")
  double warmup = DEFAULTS.warmupEpochs();

  @Option(
      names = "--step-every",
      description = "step schedule period in epochs. Default: ${DEFAULT-VALUE}")
  int stepEvery = DEFAULTS.stepEvery();

  @Option(names = "--seed", description = "Default: ${DEFAULT-VALUE}")
  long seed = DEFAULTS.seed();

  @Option(names = "--val-split", description = "validation fraction. Default: ${DEFAULT-VALUE}")
  double valSplit = DEFAULTS.valSplit();

  @Option(names = "--augment", description = "random crops with padding and horizontal flips")
  boolean augment;

  @Option(
      names = "--patience",
      description = "early stopping patience in epochs (0 = off). Default: ${DEFAULT-VALUE}")
  int patience = DEFAULTS.patience();

  @Option(names = "--threads", description = "Default: ${DEFAULT-VALUE}")
  int threads = DEFAULTS.threads();

  @Option(names = "--out", description = "ONNX file to export at the end")
  Path out;

  @Option(
      names = "--checkpoint",
      description = "checkpoint written every epoch (default: OUT with .ckpt)")
  Path checkpoint;

  @Option(names = "--resume", description = "continue from this checkpoint")
  Path resume;

  @Option(
      names = "--history",
      description = "history base path, writes .csv/.json/.png (default: OUT-history)")
  Path history;

  @Option(names = "--quiet", description = "no progress output")
  boolean quiet;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    BlasLogging.quiet();
    try {
      run();
      return 0;
    } catch (McdropException e) {
      if (e.code() != ErrorCode.BAD_INPUT) {
        throw e;
      }
      // Unusable data or checkpoint contents: exit 3 (ExitCodes.of would say "some inputs
      // failed", which is classify's meaning of BAD_INPUT).
      PrintWriter err = spec.commandLine().getErr();
      err.println("error: " + e.getMessage());
      err.flush();
      return ExitCodes.MODEL;
    }
  }

  private void run() {
    checkDataSource(data);
    // On --resume the checkpoint's architecture is used; one given explicitly must match it.
    boolean archGiven = arch != null || input != null || dropout != null;
    Architecture a = null;
    if (resume == null || archGiven) {
      Shape in = input == null ? new Shape(1, 28, 28) : TrainOptions.parseShape(input);
      a = Architecture.resolve(arch == null ? "fashion" : arch, in);
      if (input != null) {
        a = a.withInput(in);
      }
      if (dropout != null) {
        a = a.withDropout(DropoutPlacement.parse(dropout), dropoutRate);
      }
    }
    Optimizer.Kind opt = TrainOptions.parseOptimizer(optimizer);
    TrainConfig cfg =
        TrainConfig.builder()
            .epochs(epochs)
            .batchSize(batch)
            .lr(lr != null ? lr : TrainConfig.defaultLr(opt))
            .optimizer(opt)
            .momentum(momentum)
            .nesterov(!noNesterov)
            .weightDecay(weightDecay)
            .schedule(TrainOptions.parseSchedule(schedule))
            .warmupEpochs(warmup)
            .stepEvery(stepEvery)
            .seed(seed)
            .valSplit(valSplit)
            .augment(augment)
            .patience(patience)
            .threads(threads)
            .build();
    Path ckpt = checkpoint != null ? checkpoint : TrainOptions.sibling(out, ".ckpt");
    Path hist = history != null ? history : TrainOptions.sibling(out, "-history");
    TrainJob.builder()
        .data(data)
        .architecture(a)
        .config(cfg)
        .out(out)
        .checkpoint(ckpt)
        .resume(resume)
        .history(hist)
        .events(quiet ? TrainingListener.NONE : TrainProgress.stderr())
        .build()
        .run();
  }

  /**
   * A {@code --data} value that is neither a known source nor an existing path is most likely a
   * typo: say so (exit 2) with the closest known source.
   */
  private static void checkDataSource(String data) {
    String d = data.strip();
    String name = d.contains(":") ? d.substring(0, d.indexOf(':')) : d;
    List<String> known = List.of(DataSource.FASHION, DataSource.SYNTHETIC);
    if (known.contains(name) || Files.exists(Path.of(d))) {
      return;
    }
    String hint = Suggest.didYouMean(name, known);
    if (!hint.isEmpty()) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "--data " + data + ": not a data source or an existing directory" + hint);
    }
  }

  /** Small parsers kept out of the command's fields. */
  static final class TrainOptions {
    private TrainOptions() {}

    static Shape parseShape(String s) {
      String[] p = s.toLowerCase(java.util.Locale.ROOT).split("x");
      try {
        if (p.length == 3) {
          return new Shape(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
        }
      } catch (IllegalArgumentException e) {
        // fall through to the error below
      }
      throw new io.mcdrop.errors.McdropException(
          io.mcdrop.errors.ErrorCode.BAD_OPTION, "--input " + s + ": expected CxHxW, e.g. 3x64x64");
    }

    static Optimizer.Kind parseOptimizer(String s) {
      return switch (s.toLowerCase(java.util.Locale.ROOT)) {
        case "sgd" -> Optimizer.Kind.SGD;
        case "adamw" -> Optimizer.Kind.ADAMW;
        default ->
            throw new io.mcdrop.errors.McdropException(
                io.mcdrop.errors.ErrorCode.BAD_OPTION,
                "--optimizer " + s + ": expected sgd or adamw");
      };
    }

    static Schedule.Kind parseSchedule(String s) {
      try {
        return Schedule.Kind.parse(s);
      } catch (IllegalArgumentException e) {
        throw new io.mcdrop.errors.McdropException(
            io.mcdrop.errors.ErrorCode.BAD_OPTION,
            "--schedule " + s + ": expected constant, step or cosine");
      }
    }

    /** OUT with its .onnx extension replaced by {@code suffix}; null if OUT is null. */
    static Path sibling(Path out, String suffix) {
      if (out == null) {
        return null;
      }
      String name = out.getFileName().toString();
      String base = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
      return out.resolveSibling(base + suffix);
    }
  }
}
