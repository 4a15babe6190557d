package io.mcdrop.cli.study;

import io.mcdrop.cli.ExitCodes;
import io.mcdrop.cli.common.Json;
import io.mcdrop.cli.train.TrainProgress;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.Evaluator;
import io.mcdrop.evaluation.ood.OodSpec;
import io.mcdrop.study.Placement;
import io.mcdrop.study.StudyConfig;
import io.mcdrop.study.Variant;
import io.mcdrop.study.report.StudyReport;
import io.mcdrop.study.run.StudyRunner;
import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.config.TrainConfig;
import io.mcdrop.trainer.optim.Optimizer;
import io.mcdrop.trainer.optim.Schedule;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.train.TrainingListener;
import java.io.IOException;
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
      "Where should dropout go, and at what rate? Trains every variant of one architecture once"
          + " per seed with the same budget, evaluates each run deterministically and with MC"
          + " dropout, ranks the variants by test NLL with confidence intervals over seeds and"
          + " writes a verdict computed from the numbers.",
      "",
      "Intervals are 95%% Student-t over seeds; variants whose intervals overlap are called"
          + " indistinguishable, never ranked against each other.",
      "",
      "Placements: none; head (after each hidden fc); conv (conv/bn/relu/dropout at the end of"
          + " every conv block); prebn (conv/dropout/bn/relu); spatial (channel dropout at the end"
          + " of every conv block); all (conv + head); matched (all, at the one rate that zeroes as"
          + " many units per pass as head at the given rate).",
      "",
      "Resumable per (variant, seed): rerun the same command after a crash (or with more seeds or"
          + " variants); finished runs are not retrained and an unfinished one continues from its"
          + " last epoch.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  mcdrop study --data fashion-mnist --variants standard --seeds 3 --epochs 15 \\",
      "      --train-limit 10000 --holdout-classes 8,9 --out study/",
      "  mcdrop study --data DIR --arch conv32-bn-relu-pool,fc128-relu,fc10 --input 3x32x32 \\",
      "      --placements none,head,spatial --rates 0.1,0.3 --seeds 3 --out study/",
      "",
      "--variants standard = " + Variant.STANDARD
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
      names = "--variants",
      split = ",",
      paramLabel = "V[,V...]",
      description =
          "Variants as PLACEMENT-RATE keys (none, head-0.5, conv-0.1, prebn-0.1, spatial-0.1,"
              + " all-0.05, matched-head-0.5) or 'standard' (the grid below); overrides"
              + " --placements/--rates.")
  List<String> variants;

  @Option(
      names = "--placements",
      split = ",",
      defaultValue = "none,head,conv,all,spatial",
      paramLabel = "P[,P...]",
      description =
          "Grid placements: none, head, conv, prebn, spatial, all, matched (default:"
              + " ${DEFAULT-VALUE}).")
  List<String> placements;

  @Option(
      names = "--rates",
      split = ",",
      defaultValue = "0.1,0.3,0.5",
      paramLabel = "R[,R...]",
      description = "Grid rates for every placement but none (default: ${DEFAULT-VALUE}).")
  List<Double> rates;

  @Option(
      names = "--seeds",
      defaultValue = "3",
      paramLabel = "N",
      description =
          "Training runs per variant, with seeds --seed, --seed+1, ... (default: ${DEFAULT-VALUE}).")
  int seeds;

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

  @Option(
      names = "--warmup",
      defaultValue = "0.5",
      description = "Warm-up epochs (default: ${DEFAULT-VALUE}).")
  double warmup;

  @Option(
      names = "--val-split",
      defaultValue = "0.1",
      description = "Validation fraction (default: ${DEFAULT-VALUE}).")
  double valSplit;

  @Option(names = "--augment", description = "Random crops with padding and horizontal flips.")
  boolean augment;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description =
          "Fixes the data (training subset, validation split, test subset) and the first training"
              + " seed (default: ${DEFAULT-VALUE}).")
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

  @Option(
      names = "--report-only",
      description =
          "Train nothing: write the report from the runs finished so far (e.g. to look at a study"
              + " still running elsewhere, or after distributed runs).")
  boolean reportOnly;

  @Option(
      names = "--no-calibration",
      description =
          "Skip temperature scaling (by default every run is calibrated on the validation split"
              + " and measured on the test images right after its training, once; runs finished"
              + " before are calibrated at the end).")
  boolean noCalibration;

  @Option(
      names = "--no-cost",
      description =
          "Skip the cost pass (by default every run's deterministic and MC time per image is"
              + " measured once more on its own right after its training, one thread, median of 3:"
              + " keep the machine quiet meanwhile; runs finished before are timed at the end).")
  boolean noCost;

  @Option(names = "--json", description = "Print the results as JSON instead of a table.")
  boolean json;

  @Option(names = "--quiet", description = "No training progress lines.")
  boolean quiet;

  @Option(
      names = "--master",
      paramLabel = "local[N]|spark://HOST:PORT",
      description =
          "Run each (variant, seed) as one Spark task there (results resumable as without);"
              + " --out and --data must be visible to every worker. Started by the mcdrop"
              + " launcher, which adds Spark.")
  String master;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StudyRunner runner =
        runner(
            line -> {
              err.println("study " + line);
              err.flush();
            },
            quiet,
            err);
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    StudyRunner.Outcome outcome =
        reportOnly
            ? runner.collect()
            : master == null
                ? runner.run(new StudyRunner.AfterTraining(!noCalibration, !noCost))
                : ClusterStudy.run(master, runner, args, out, err);
    if (!noCalibration && !outcome.results().isEmpty()) {
      outcome = runner.calibrateFinished();
    }
    if (!noCost && !outcome.results().isEmpty()) {
      outcome = runner.measureCostFinished();
    }
    if (outcome.results().isEmpty()) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "no finished runs in " + out + " yet: nothing to report");
    }
    // the report names the command that trains the study, not the one that only reported on it
    String command = commandLine(args.stream().filter(a -> !a.equals("--report-only")).toList());
    Path page = StudyReport.write(outcome, out, command);
    if (json) {
      stdout.println(
          Json.write(
              Map.of(
                  "report", page.toString(),
                  "verdict", StudyReport.verdict(outcome),
                  "variants", StudyReport.summaries(outcome),
                  "runs", outcome.results())));
    } else {
      stdout.print(StudyReport.text(outcome));
      stdout.println("report: " + page);
    }
    stdout.flush();
    return ExitCodes.OK;
  }

  /**
   * The study these options describe; everything that can be checked without data is checked here,
   * before anything is loaded. Also how an executor rebuilds the study from the arguments.
   */
  StudyRunner runner(StudyRunner.Log log, boolean silent, PrintWriter err) throws IOException {
    // Everything that can be checked without data is checked before anything is loaded.
    List<Variant> vs =
        variants != null && !variants.isEmpty()
            ? Variant.parseList(variants)
            : Variant.grid(placements.stream().map(Placement::parse).toList(), rates);
    if (seeds < 1) {
      throw new McdropException(ErrorCode.BAD_OPTION, "--seeds must be >= 1, got " + seeds);
    }
    List<Long> seedList = new ArrayList<>();
    for (int i = 0; i < seeds; i++) {
      seedList.add(seed + i);
    }
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
            vs,
            seedList,
            train,
            holdout.stream().mapToInt(Integer::intValue).toArray(),
            extra,
            samples,
            trainLimit,
            testLimit);
    Files.createDirectories(out);
    TrainingListener progress = silent ? TrainingListener.NONE : TrainProgress.stderr();
    return new StudyRunner(
        cfg, base, out, log, progress, silent ? Evaluator.Progress.NONE : evaluationProgress(err));
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
