package io.mcdrop.cli.study;

import io.mcdrop.cli.ExitCodes;
import io.mcdrop.cli.common.Json;
import io.mcdrop.cli.train.TrainProgress;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.Evaluator;
import io.mcdrop.evaluation.ood.OodSpec;
import io.mcdrop.study.StudyConfig;
import io.mcdrop.study.report.StudyReport;
import io.mcdrop.study.run.StudyRunner;
import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.arch.DropoutPlacement;
import io.mcdrop.trainer.config.TrainConfig;
import io.mcdrop.trainer.optim.Optimizer;
import io.mcdrop.trainer.optim.Schedule;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mcdrop study}: the dropout-placement study. */
@Command(
    name = "study",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Where should dropout go, and at what rate? Trains every variant of one architecture (dropout"
          + " nowhere, in the head, after each conv block, both, or spatial dropout in conv blocks"
          + " plus the head) with the same seed and budget, evaluates each deterministically and with"
          + " MC dropout, ranks them by test NLL and says what won.",
      "",
      "Resumable: rerun the same command after a crash; finished variants are not retrained and an"
          + " unfinished one continues from its last epoch.",
      ""
    },
    footer = {
      "",
      "Example:",
      "  mcdrop study --data fashion-mnist --arch fashion --placements none,head,conv,all,spatial \\",
      "      --rates 0.1,0.3,0.5 --epochs 5 --holdout-classes 8,9 --samples 30 --out study/"
    })
public final class StudyCommand implements Callable<Integer> {
  @Option(
      names = "--data",
      required = true,
      paramLabel = "SOURCE",
      description = "fashion-mnist[:DIR], synthetic[:COUNT], or an ImageFolder root.")
  String data;

  @Option(
      names = "--arch",
      defaultValue = "fashion",
      paramLabel = "SPEC|PRESET",
      description =
          "Base architecture; its own dropout is replaced by each variant's (default: ${DEFAULT-VALUE}).")
  String arch;

  @Option(
      names = "--input",
      paramLabel = "CxHxW",
      description = "Input shape for a custom spec (default 1x28x28; presets know theirs).")
  String input;

  @Option(
      names = "--placements",
      split = ",",
      defaultValue = "none,head,conv,all,spatial",
      paramLabel = "P[,P...]",
      description = "none, head, conv, all, spatial (default: ${DEFAULT-VALUE}).")
  List<String> placements;

  @Option(
      names = "--rates",
      split = ",",
      defaultValue = "0.1,0.3,0.5",
      paramLabel = "R[,R...]",
      description = "Dropout rates for every placement but none (default: ${DEFAULT-VALUE}).")
  List<Double> rates;

  @Option(
      names = "--epochs",
      defaultValue = "5",
      description = "Epochs per variant (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--holdout-classes",
      split = ",",
      paramLabel = "C[,C...]",
      description = "Class indices left out of training; their test images are the OOD set.")
  List<Integer> holdout = new ArrayList<>();

  @Option(
      names = "--ood",
      paramLabel = "SOURCE",
      description =
          "Further OOD sources for evaluation: DIR, noise[:N], blank[:N], inverted (repeatable).")
  List<String> ood = new ArrayList<>();

  @Option(
      names = {"-T", "--samples"},
      defaultValue = "30",
      paramLabel = "T",
      description = "MC samples per test image (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(
      names = "--train-limit",
      defaultValue = "0",
      paramLabel = "N",
      description = "Train on a seeded subset of N images (default: all).")
  int trainLimit;

  @Option(
      names = "--test-limit",
      defaultValue = "0",
      paramLabel = "N",
      description = "Evaluate on a seeded subset of N test images (default: all).")
  int testLimit;

  @Option(names = "--batch", description = "Default: ${DEFAULT-VALUE}.")
  int batch = TrainConfig.DEFAULTS.batchSize();

  @Option(
      names = "--lr",
      description = "Peak learning rate (default 0.02 for sgd, 0.001 for adamw).")
  Double lr;

  @Option(
      names = "--optimizer",
      defaultValue = "sgd",
      description = "sgd or adamw (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(names = "--warmup", description = "Warm-up epochs (default: ${DEFAULT-VALUE}).")
  double warmup = TrainConfig.DEFAULTS.warmupEpochs();

  @Option(names = "--val-split", description = "Validation fraction (default: ${DEFAULT-VALUE}).")
  double valSplit = TrainConfig.DEFAULTS.valSplit();

  @Option(names = "--augment", description = "Random crops with padding and horizontal flips.")
  boolean augment;

  @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--threads", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(
      names = "--out",
      defaultValue = "study",
      paramLabel = "DIR",
      description =
          "Study folder: per-variant models, checkpoints, reports (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--json", description = "Print the results as JSON instead of a table.")
  boolean json;

  @Option(names = "--quiet", description = "No training progress lines.")
  boolean quiet;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Everything that can be checked without data is checked before anything is loaded.
    List<DropoutPlacement> ps = placements.stream().map(DropoutPlacement::parse).toList();
    List<OodSpec> extra = ood.stream().map(OodSpec::parse).toList();
    Shape in = input == null ? new Shape(1, 28, 28) : parseShape(input);
    Architecture base = Architecture.resolve(arch, in);
    if (input != null) {
      base = base.withInput(in);
    }
    Optimizer.Kind opt = parseOptimizer(optimizer);
    TrainConfig train;
    try {
      train =
          TrainConfig.builder()
              .epochs(epochs)
              .batchSize(batch)
              .lr(lr != null ? lr : TrainConfig.defaultLr(opt))
              .optimizer(opt)
              .schedule(Schedule.Kind.COSINE)
              .warmupEpochs(warmup)
              .valSplit(valSplit)
              .augment(augment)
              .seed(seed)
              .threads(threads)
              .build();
    } catch (IllegalArgumentException e) {
      throw new McdropException(ErrorCode.BAD_OPTION, e.getMessage());
    }
    StudyConfig cfg =
        new StudyConfig(
            data,
            arch,
            ps,
            rates,
            train,
            holdout.stream().mapToInt(Integer::intValue).toArray(),
            extra,
            samples,
            trainLimit,
            testLimit);
    Files.createDirectories(out);
    TrainingListener bar = quiet ? TrainingListener.NONE : TrainProgress.stderr();
    StudyRunner.Outcome outcome =
        new StudyRunner(
                cfg,
                base,
                out,
                line -> {
                  err.println("study " + line);
                  err.flush();
                },
                bar,
                quiet ? Evaluator.Progress.NONE : evaluationProgress(err))
            .run();
    String command = commandLine(spec.commandLine().getParseResult().originalArgs());
    Path page = StudyReport.write(outcome, out, command);
    if (json) {
      stdout.println(
          Json.write(
              Map.of(
                  "report", page.toString(),
                  "variants", outcome.results())));
    } else {
      stdout.print(StudyReport.text(outcome));
      stdout.println("report: " + page);
    }
    stdout.flush();
    return ExitCodes.OK;
  }

  /** One line per tenth of a variant's evaluation, so a long MC pass shows signs of life. */
  private static Evaluator.Progress evaluationProgress(PrintWriter err) {
    int[] lastTenth = {-1};
    return (phase, done, total) -> {
      int tenth = (int) (10 * done / Math.max(1, total));
      if (done < total && tenth == lastTenth[0]) {
        return;
      }
      lastTenth[0] = done >= total ? -1 : tenth;
      err.printf(Locale.ROOT, "study   evaluating %s: %d/%d image passes%n", phase, done, total);
      err.flush();
    };
  }

  /** The command as typed, quoted for a POSIX shell, for the report. */
  static String commandLine(List<String> args) {
    StringBuilder sb = new StringBuilder("mcdrop");
    // originalArgs holds the parent's arguments too (e.g. --verbose) and "study" itself
    for (String a : args) {
      sb.append(' ');
      sb.append(a.matches("[A-Za-z0-9_./:,=+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return sb.toString();
  }

  static Shape parseShape(String s) {
    String[] p = s.toLowerCase(Locale.ROOT).split("x");
    try {
      if (p.length == 3) {
        return new Shape(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new McdropException(
        ErrorCode.BAD_OPTION, "--input " + s + ": expected CxHxW, e.g. 1x28x28");
  }

  static Optimizer.Kind parseOptimizer(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "sgd" -> Optimizer.Kind.SGD;
      case "adamw" -> Optimizer.Kind.ADAMW;
      default ->
          throw new McdropException(
              ErrorCode.BAD_OPTION, "--optimizer " + s + ": expected sgd or adamw");
    };
  }
}
