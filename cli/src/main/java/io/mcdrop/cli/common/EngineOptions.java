package io.mcdrop.cli.common;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.preprocess.Preprocessing;
import io.mcdrop.runtime.session.ProviderSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** Options shared by every command that loads a model into the engine. */
public final class EngineOptions {
  @Option(
      names = {"-m", "--model"},
      paramLabel = "FILE",
      description = "ONNX classifier (default: ${DEFAULT-VALUE}, the shipped Fashion-MNIST model).",
      defaultValue = "models/fashion-cnn.onnx")
  public Path model;

  @Option(
      names = "--provider",
      paramLabel = "cpu|cuda[:N]|auto",
      converter = Choices.ProviderConverter.class,
      description =
          "Execution provider (default: cpu). CUDA needs the GPU build; auto falls back to the"
              + " CPU with a note.")
  ProviderSpec provider;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "ONNX Runtime intra-op threads, at most 4 per core (default: 0 = ONNX Runtime's choice,"
              + " all cores).")
  Integer threads;

  @Option(
      names = "--labels",
      paramLabel = "FILE",
      description =
          "Class names, one per line (default: the model's mcdrop.labels metadata, else 0, 1, ...).")
  Path labels;

  @Option(
      names = "--size",
      paramLabel = "HxW",
      description =
          "Input image size, for models without mcdrop.preprocess metadata (default: from the"
              + " metadata).")
  String size;

  @Option(
      names = "--channels",
      paramLabel = "1|3",
      description =
          "Input channels, for models without mcdrop.preprocess metadata (default: from the"
              + " metadata).")
  Integer channels;

  @Option(
      names = "--mean",
      paramLabel = "M[,M,M]",
      hideParamSyntax = true,
      split = ",",
      description = "Per-channel mean after scaling pixels to [0,1] (default: 0).")
  double[] mean;

  @Option(
      names = "--std",
      paramLabel = "S[,S,S]",
      hideParamSyntax = true,
      split = ",",
      description = "Per-channel std after scaling pixels to [0,1], > 0 (default: 1).")
  double[] std;

  /** Most intra-op threads per core: beyond this ONNX Runtime only thrashes (or hangs starting). */
  public static final int MAX_THREADS_PER_CORE = 4;

  /** Resolves the model path: as given, else relative to the mcdrop installation. */
  public Path modelPath() {
    if (Files.exists(model) || model.isAbsolute()) {
      return model;
    }
    String home = System.getenv("MCDROP_HOME");
    if (home != null) {
      Path p = Path.of(home).resolve(model);
      if (Files.exists(p)) {
        return p;
      }
    }
    return model;
  }

  /**
   * Checks the options that need no model, so a typo fails before a model load: the thread count
   * and the normalisation values, each error naming its option.
   */
  public void validate() {
    if (threads != null) {
      int cores = Runtime.getRuntime().availableProcessors();
      int max = MAX_THREADS_PER_CORE * cores;
      if (threads < 0 || threads > max) {
        throw new McdropException(
            ErrorCode.BAD_OPTION,
            "--threads must be between 0 (all cores) and "
                + max
                + " ("
                + MAX_THREADS_PER_CORE
                + " per core, "
                + cores
                + " cores here), got "
                + threads);
      }
    }
    finite("--mean", mean, false);
    finite("--std", std, true);
  }

  private static void finite(String option, double[] values, boolean positive) {
    if (values == null) {
      return;
    }
    if (values.length != 1 && values.length != 3) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          option + " takes 1 value or 3 (one per channel), got " + values.length);
    }
    for (double v : values) {
      if (!Double.isFinite(v) || (positive && !(v > 0))) {
        throw new McdropException(
            ErrorCode.BAD_OPTION,
            option
                + " values must be "
                + (positive ? "finite and > 0" : "finite numbers")
                + ", got "
                + fmt(values));
      }
    }
  }

  private static String fmt(double[] values) {
    return java.util.Arrays.stream(values)
        .mapToObj(v -> v == Math.rint(v) && Double.isFinite(v) ? Long.toString((long) v) : "" + v)
        .collect(Collectors.joining(","));
  }

  public McEngine load() {
    validate();
    EngineConfig config = EngineConfig.defaults();
    if (provider != null) {
      config = config.withProvider(provider);
    }
    if (threads != null) {
      config = config.withThreads(threads);
    }
    if (labels != null) {
      config = config.withLabels(readLabels(labels));
    }
    if (size != null || channels != null || mean != null || std != null) {
      config = config.withPreprocessing(preprocessing());
    }
    return McEngine.load(ModelFile.check(modelPath()), config);
  }

  private Preprocessing preprocessing() {
    if (size == null || channels == null) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "--size HxW and --channels 1|3 go together (--mean and --std are optional)");
    }
    String[] hw = size.toLowerCase().split("x");
    int h;
    int w;
    try {
      h = Integer.parseInt(hw[0].trim());
      w = Integer.parseInt(hw[hw.length - 1].trim());
    } catch (NumberFormatException e) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "--size must look like 28x28, got '" + size + "'");
    }
    if (hw.length != 2) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "--size must look like 28x28, got '" + size + "'");
    }
    if (channels != 1 && channels != 3) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "--channels must be 1 (gray) or 3 (RGB), got " + channels);
    }
    try {
      return new Preprocessing(
          channels, h, w, "stretch", Preprocessing.UNIT_SCALE, mean, std, false);
    } catch (McdropException e) {
      // the library checks ranges (size, one mean/std per channel); the flags are ours to name
      throw new McdropException(
          e.code(), "--size " + size + " --channels " + channels + ": " + e.getMessage(), e);
    }
  }

  static List<String> readLabels(Path file) {
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "--labels " + file + " is not a regular file");
    }
    try {
      List<String> lines =
          Files.readAllLines(file).stream()
              .map(String::strip)
              .filter(s -> !s.isEmpty())
              .collect(Collectors.toList());
      if (lines.isEmpty()) {
        throw new McdropException(ErrorCode.BAD_OPTION, "labels file " + file + " is empty");
      }
      return lines;
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "cannot read labels file " + file + ": " + e.getMessage());
    }
  }
}
