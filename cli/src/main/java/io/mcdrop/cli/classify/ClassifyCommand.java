package io.mcdrop.cli.classify;

import io.mcdrop.cli.ErrorTranslator;
import io.mcdrop.cli.ExitCodes;
import io.mcdrop.cli.common.EngineOptions;
import io.mcdrop.cli.common.ImageFiles;
import io.mcdrop.cli.common.Json;
import io.mcdrop.cli.common.Progress;
import io.mcdrop.cli.common.SamplingOptions;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.calibration.CalibrationSpec;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.preprocess.ImageLoader;
import io.mcdrop.runtime.preprocess.Preprocessing;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.runtime.verdict.VerdictPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mcdrop classify}: MC-dropout predictions with uncertainty for images. */
@Command(
    name = "classify",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Classify images with Monte Carlo dropout and report how much to trust each prediction.",
      "",
      "EPISTEMIC is the mutual information: dropout samples disagree, the model does not know."
          + " ALEATORIC is the expected entropy: the image itself is ambiguous."
          + " Both are in nats; ln(K) is the maximum for K classes.",
      ""
    },
    footer = {
      "",
      "An input that cannot be classified (missing, corrupt, too large, not a regular file) gets"
          + " one error line and, with --json, an entry with an \"error\" field; the others are"
          + " still classified and the exit code is 1.",
      "",
      "Examples:",
      "  mcdrop classify models/samples --samples 30",
      "  mcdrop classify shoe.png --samples 200 --tolerance 0.005 --json",
      "  cat shoe.png | mcdrop classify - --top-k 5",
      "  mcdrop classify img/ --model resnet.onnx --size 224x224 --channels 3 \\",
      "      --mean 0.485,0.456,0.406 --std 0.229,0.224,0.225 --labels classes.txt"
    })
public final class ClassifyCommand implements Callable<Integer> {
  @Parameters(
      arity = "1..*",
      paramLabel = "IMAGE|DIR|-",
      description = "Images, directories of images, or - for one image on standard input.")
  List<Path> inputs;

  @Mixin EngineOptions engine;

  @Mixin SamplingOptions sampling;

  @Option(
      names = {"-k", "--top-k"},
      paramLabel = "K",
      defaultValue = "" + McOptions.DEFAULT_TOP_K,
      description =
          "Classes listed per image, at most the model's class count: the table shows the"
              + " runners-up, --json the topK list (default: ${DEFAULT-VALUE}).")
  int topK;

  @Option(names = "--json", description = "Print one JSON array instead of a table (default: off).")
  boolean json;

  @Option(
      names = "--raw",
      description =
          "Include every sampled probability vector; needs --json, the table has no room for them"
              + " (default: off).")
  boolean raw;

  @Option(
      names = "--epistemic-threshold",
      paramLabel = "NATS",
      description =
          "Verdict 'uncertain' when the mutual information (nats) reaches this (default: the"
              + " model's calibrated threshold, else 0.1).")
  Double epistemicThreshold;

  @Option(
      names = "--aleatoric-threshold",
      paramLabel = "NATS",
      description =
          "Verdict 'ambiguous' when the expected entropy (nats) reaches this (default: the"
              + " model's calibrated threshold, else 0.5).")
  Double aleatoricThreshold;

  @Option(
      names = "--uncalibrated",
      description =
          "Ignore the model's stored calibration (mcdrop.calibration): raw probabilities, no"
              + " prediction set, the library's verdict thresholds (default: off, a calibrated"
              + " model's calibration applies).")
  boolean uncalibrated;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Images decoded and predicted together; with a seed each image gets its own run. */
  private static final int GROUP = 8;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Options first: a typo must not cost a model load.
    if (topK < 1) {
      throw new McdropException(ErrorCode.BAD_OPTION, "--top-k must be >= 1, got " + topK);
    }
    if (raw && !json) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "--raw needs --json: the table has no room for every sampled probability vector");
    }
    McOptions options = sampling.options(topK, raw);
    threshold("--epistemic-threshold", epistemicThreshold);
    threshold("--aleatoric-threshold", aleatoricThreshold);
    engine.validate();
    List<ImageFiles.Input> found = ImageFiles.expand(inputs);
    if (found.stream().filter(i -> i instanceof ImageFiles.Stdin).count() > 1) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "- (standard input) can be given only once: it holds one image");
    }
    List<Row> rows = new ArrayList<>();
    int failures = 0;
    CalibrationSpec calibration = null;
    try (McEngine e = engine.load()) {
      if (e.notice() != null) {
        err.println("note: " + e.notice());
      }
      Preprocessing pre = e.info().preprocessing();
      if (pre == null) {
        throw new McdropException(
            ErrorCode.BAD_OPTION,
            "model '"
                + e.info().name()
                + "' has no mcdrop.preprocess metadata and its input shape does"
                + " not say how to read an image: give --size HxW --channels 1|3 [--mean --std]");
      }
      if (topK > e.info().classes()) {
        throw new McdropException(
            ErrorCode.BAD_OPTION,
            "--top-k "
                + topK
                + " is more than the "
                + e.info().classes()
                + " classes of model '"
                + e.info().name()
                + "'");
      }
      if (uncalibrated) {
        options = options.withCalibrated(false);
      }
      options =
          options.withVerdictPolicy(
              policy(uncalibrated ? VerdictPolicy.DEFAULT : e.verdictPolicy()));
      calibration = uncalibrated ? null : e.calibration().orElse(null);
      if (!options.deterministic() && !e.info().mcCapable()) {
        // fail before decoding anything: every image would get the same error
        e.predict(new float[e.info().inputSize()], options);
      }
      // Seeded or not, an image's numbers do not depend on its neighbours in a predictAll call
      // (seeded masks depend on the seed and the sample only), so images go GROUP at a time.
      int group = GROUP;
      try (Progress progress = Progress.start("classify", found.size(), true)) {
        for (int start = 0; start < found.size(); start += group) {
          List<ImageFiles.Input> batch =
              found.subList(start, Math.min(found.size(), start + group));
          List<Integer> at = new ArrayList<>();
          List<float[]> tensors = new ArrayList<>();
          for (ImageFiles.Input in : batch) {
            String failure;
            try {
              tensors.add(decode(in, pre));
              at.add(rows.size());
              rows.add(null);
              continue;
            } catch (McdropException | OutOfMemoryError x) {
              // any library error about one input (corrupt, too large, unreadable) is that
              // input's failure; the others carry on
              failure = ErrorTranslator.inputFailure(x);
            }
            err.println("error: " + prefixed(in.name(), failure));
            rows.add(Row.failed(in.name(), failure));
            failures++;
          }
          List<Prediction> preds = tensors.isEmpty() ? List.of() : e.predictAll(tensors, options);
          for (int i = 0; i < preds.size(); i++) {
            int row = at.get(i);
            rows.set(row, new Row(batch.get(row - start).name(), preds.get(i), null));
          }
          progress.step(batch.size(), null);
        }
      }
    }
    if (json) {
      out.println(Json.write(rows.stream().map(ResultJson::of).toList()));
    } else {
      out.print(new ResultTable(options.verdictPolicy(), calibration).render(classified(rows)));
    }
    out.flush();
    if (failures > 0) {
      err.println(failures + " input(s) failed; " + (rows.size() - failures) + " classified");
      return ExitCodes.PARTIAL;
    }
    return ExitCodes.OK;
  }

  private static void threshold(String option, Double value) {
    if (value != null && !(value >= 0 && Double.isFinite(value))) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, option + " must be a finite number >= 0 (nats), got " + value);
    }
  }

  /** The engine's verdict thresholds (a calibrated model's own), with the ones given here. */
  private VerdictPolicy policy(VerdictPolicy engine) {
    return new VerdictPolicy(
        epistemicThreshold != null ? epistemicThreshold : engine.epistemic(),
        aleatoricThreshold != null ? aleatoricThreshold : engine.aleatoric(),
        engine.confidence(),
        engine.deterministicEntropy());
  }

  private float[] decode(ImageFiles.Input in, Preprocessing pre) {
    if (in instanceof ImageFiles.File f) {
      return ImageLoader.load(f.path(), pre);
    }
    if (in instanceof ImageFiles.Stdin) {
      return ImageLoader.decode(readStdin(), "- (standard input)", pre);
    }
    throw new McdropException(ErrorCode.NOT_FOUND, ((ImageFiles.Failed) in).message());
  }

  private static byte[] readStdin() {
    try {
      return System.in.readAllBytes();
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot read standard input: " + e.getMessage(), e);
    }
  }

  /** Library messages about an image usually start with its name; others get it in front. */
  private static String prefixed(String name, String message) {
    return message.startsWith(name) || message.contains(" " + name)
        ? message
        : name + ": " + message;
  }

  private static List<Row> classified(List<Row> rows) {
    return rows.stream().filter(r -> r.prediction() != null).toList();
  }

  /**
   * One input: its prediction, or why it failed.
   *
   * @param file the input as named on the command line ({@code -} for standard input)
   * @param prediction the prediction, or null when the input failed
   * @param error the one-line reason it failed, or null
   */
  public record Row(String file, Prediction prediction, String error) {
    static Row failed(String file, String error) {
      return new Row(file, null, error);
    }
  }
}
