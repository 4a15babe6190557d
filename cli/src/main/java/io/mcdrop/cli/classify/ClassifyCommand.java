package io.mcdrop.cli.classify;

import io.mcdrop.cli.ExitCodes;
import io.mcdrop.cli.common.EngineOptions;
import io.mcdrop.cli.common.ImageFiles;
import io.mcdrop.cli.common.Json;
import io.mcdrop.cli.common.Progress;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.mc.Strategy;
import io.mcdrop.runtime.preprocess.ImageLoader;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.runtime.verdict.VerdictPolicy;
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
      "Examples:",
      "  mcdrop classify models/samples --samples 30",
      "  mcdrop classify shoe.png --samples 200 --tolerance 0.005 --json",
      "  mcdrop classify img/ --model resnet.onnx --size 224x224 --channels 3 \\",
      "      --mean 0.485,0.456,0.406 --std 0.229,0.224,0.225 --labels classes.txt"
    })
public final class ClassifyCommand implements Callable<Integer> {
  @Parameters(
      arity = "1..*",
      paramLabel = "IMAGE|DIR",
      description = "Images or directories of images.")
  List<Path> inputs;

  @Mixin EngineOptions engine;

  @Option(
      names = {"-T", "--samples"},
      defaultValue = "30",
      paramLabel = "T",
      description =
          "MC samples per image; the maximum when --tolerance is set; 1 = deterministic"
              + " (default: ${DEFAULT-VALUE}, at most "
              + McOptions.MAX_SAMPLES
              + ").")
  int samples;

  @Option(
      names = "--tolerance",
      defaultValue = "0",
      paramLabel = "E",
      description =
          "Stop sampling an image once the largest standard error of its mean class"
              + " probabilities is below E (e.g. 0.01). 0 = always draw --samples.")
  double tolerance;

  @Option(
      names = "--strategy",
      defaultValue = "auto",
      paramLabel = "auto|loop|batched|trunk",
      description =
          "How samples are drawn (default: ${DEFAULT-VALUE}; all give the same distribution).")
  String strategy;

  @Option(names = "--seed", paramLabel = "S", description = "Seed for reproducible samples.")
  Long seed;

  @Option(
      names = {"-k", "--top-k"},
      defaultValue = "3",
      description = "Classes listed per image (default: ${DEFAULT-VALUE}).")
  int topK;

  @Option(names = "--json", description = "Print one JSON array instead of a table.")
  boolean json;

  @Option(names = "--raw", description = "With --json: include every sampled probability vector.")
  boolean raw;

  @Option(
      names = "--epistemic-threshold",
      defaultValue = "0.1",
      paramLabel = "NATS",
      description =
          "Flag an image UNCERTAIN when its mutual information (nats) reaches this (default: ${DEFAULT-VALUE}).")
  double epistemicThreshold;

  @Option(
      names = "--aleatoric-threshold",
      defaultValue = "0.5",
      paramLabel = "NATS",
      description =
          "Flag an image ambiguous when its expected entropy (nats) reaches this (default: ${DEFAULT-VALUE}).")
  double aleatoricThreshold;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    McOptions options =
        new McOptions(samples, tolerance, seed, Strategy.parse(strategy), topK, raw)
            .withVerdictPolicy(VerdictPolicy.of(epistemicThreshold, aleatoricThreshold));
    ImageFiles.Expansion found = ImageFiles.expand(inputs);
    int failures = 0;
    for (String e : found.errors()) {
      err.println("error: " + e);
      failures++;
    }
    List<Row> rows = new ArrayList<>();
    try (McEngine e = engine.load()) {
      if (e.notice() != null) {
        err.println("note: " + e.notice());
      }
      if (e.info().preprocessing() == null) {
        throw new McdropException(
            ErrorCode.BAD_OPTION,
            "model '"
                + e.info().name()
                + "' has no mcdrop.preprocess metadata and its input shape does"
                + " not say how to read an image: give --size HxW --channels 1|3 [--mean --std]");
      }
      if (samples > 1 && !e.info().mcCapable()) {
        // fail before decoding anything: every image would get the same error
        e.predict(new float[e.info().inputSize()], options);
      }
      // Seeded or not, an image's numbers do not depend on its neighbours in a predictAll call
      // (seeded masks depend on the seed and the sample only), so images go 8 at a time.
      int group = 8;
      try (Progress progress = Progress.start("classify", found.files().size(), true)) {
        for (int start = 0; start < found.files().size(); start += group) {
          List<Path> batch =
              found.files().subList(start, Math.min(found.files().size(), start + group));
          List<Path> ok = new ArrayList<>();
          List<float[]> tensors = new ArrayList<>();
          for (Path p : batch) {
            try {
              tensors.add(ImageLoader.load(p, e.info().preprocessing()));
              ok.add(p);
            } catch (McdropException x) {
              if (x.code() != ErrorCode.BAD_IMAGE
                  && x.code() != ErrorCode.IMAGE_TOO_LARGE
                  && x.code() != ErrorCode.NOT_FOUND) {
                throw x;
              }
              err.println("error: " + x.getMessage());
              failures++;
            }
          }
          List<Prediction> preds = e.predictAll(tensors, options);
          for (int i = 0; i < ok.size(); i++) {
            rows.add(new Row(ok.get(i).toString(), preds.get(i)));
          }
          progress.step(batch.size(), null);
        }
      }
    }
    if (json) {
      out.println(Json.write(rows.stream().map(ClassifyCommand::toJson).toList()));
    } else {
      out.print(new ResultTable().render(rows));
    }
    out.flush();
    if (failures > 0) {
      err.println(failures + " input(s) failed; " + rows.size() + " classified");
      return ExitCodes.PARTIAL;
    }
    return ExitCodes.OK;
  }

  /** One classified file. */
  public record Row(String file, Prediction prediction) {}

  static java.util.Map<String, Object> toJson(Row r) {
    Prediction p = r.prediction();
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("file", r.file());
    m.put("label", p.label());
    m.put("index", p.index());
    m.put("confidence", p.confidence());
    m.put("probabilities", p.probabilities());
    // Without sampling the spread is not measured: null, as `evaluate` reports it.
    boolean s = p.sampled();
    m.put("std", s ? p.std() : null);
    m.put("lower", s ? p.lower() : null);
    m.put("upper", s ? p.upper() : null);
    m.put("entropy", p.entropy());
    m.put("expectedEntropy", p.expectedEntropy());
    m.put("mutualInformation", s ? p.mutualInformation() : null);
    m.put("variationRatio", s ? p.variationRatio() : null);
    m.put("samples", p.samples());
    m.put("sampled", s);
    m.put("verdict", p.verdict().word());
    m.put("topK", p.topK());
    if (p.rawSamples() != null) {
      m.put("rawSamples", p.rawSamples());
    }
    return m;
  }
}
