package io.mcdrop.cli.calibrate;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.cli.ExitCodes;
import io.mcdrop.cli.common.EngineOptions;
import io.mcdrop.cli.common.Json;
import io.mcdrop.cli.common.Progress;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.calibrate.CalibrationRun;
import io.mcdrop.evaluation.data.LabeledSet;
import io.mcdrop.io.AtomicFiles;
import io.mcdrop.onnx.McDropout;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.runtime.calibration.CalibrationCodec;
import io.mcdrop.runtime.calibration.CalibrationSpec;
import io.mcdrop.runtime.calibration.Calibrator;
import io.mcdrop.runtime.calibration.ConformalScore;
import io.mcdrop.runtime.calibration.ModelCalibration;
import io.mcdrop.runtime.calibration.ScoreType;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.preprocess.Preprocessing;
import io.mcdrop.study.data.Datasets;
import io.mcdrop.trainer.tensor.Shape;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mcdrop calibrate}: fits temperature scaling, conformal sets and verdict thresholds. */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Calibrate a model's probabilities, prediction sets and uncertain verdict on held-out images.",
      "",
      "The result is stored in the model file (metadata mcdrop.calibration), so every consumer"
          + " (classify, serve, evaluate) applies it: a temperature for deterministic and one for"
          + " MC dropout predictions, conformal prediction sets that hold the true label with"
          + " probability >= 1 - alpha, and the entropy and mutual-information values 95 percent"
          + " of in-distribution images stay below (above them a prediction is UNCERTAIN).",
      ""
    },
    footer = {
      "",
      "Calibration data is never the test split. --data fashion-mnist uses the model's recorded"
          + " validation split, else the last 5000 training images; a folder is used whole."
          + " Override with --split.",
      "",
      "Examples:",
      "  mcdrop calibrate --model models/fashion-cnn.onnx --data fashion-mnist \\",
      "      --split validation:0.1:42",
      "  mcdrop calibrate -m torch.onnx --data calib-folder/ --alpha 0.05 --out torch-cal.onnx"
    })
public final class CalibrateCommand implements Callable<Integer> {
  @Mixin EngineOptions engine;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "SOURCE",
      description =
          "Labelled calibration data: fashion-mnist[:DIR] or synthetic[:COUNT] (from their"
              + " training split), or an ImageFolder root (root/<class>/*.png|jpg).")
  String data;

  @Option(
      names = "--split",
      defaultValue = "auto",
      paramLabel = "RULE",
      description =
          "Which images: auto, all, last:N, random:N:SEED, validation:FRACTION:SEED (the"
              + " trainer's seeded validation split) (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(
      names = "--alpha",
      defaultValue = "0.1",
      paramLabel = "A",
      description =
          "Conformal miscoverage: sets miss the true label at most this often (default:"
              + " ${DEFAULT-VALUE}).")
  double alpha;

  @Option(
      names = "--score",
      defaultValue = "raps",
      paramLabel = "raps|aps|lac",
      description = "Conformal score (default: ${DEFAULT-VALUE}, k_reg 5, lambda 0.01).")
  String score;

  @Option(
      names = {"-T", "--samples"},
      paramLabel = "T",
      description =
          "MC samples the MC calibration is fitted at; 1 = deterministic only (default: the"
              + " runtime's default, "
              + McOptions.DEFAULT_SAMPLES
              + ").")
  Integer samples;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "S",
      description = "Seed for dropout masks and seeded splits (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description =
          "Write the calibrated model here (default: in place, keeping the old file as FILE.bak).")
  Path out;

  @Option(names = "--json", description = "Print the calibration as JSON instead of a table.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Options first: a typo must not cost a model load and a data set read.
    Calibrator.Options options =
        new Calibrator.Options(
            alpha, ConformalScore.of(ScoreType.parse(score)), CalibrationSpec.DEFAULT_ACCEPTANCE);
    int t = samples == null ? McOptions.DEFAULT_SAMPLES : samples;
    if (t < 1 || t > McOptions.MAX_SAMPLES) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "--samples must be between 1 and " + McOptions.MAX_SAMPLES + ", got " + t);
    }
    CalibrationData.checkSplit(split);
    Path model = engine.modelPath();
    ModelProto proto = OnnxModels.read(model);
    CalibrationRun.Result result;
    CalibrationData chosen;
    try (McEngine e = engine.load()) {
      if (e.notice() != null) {
        err.println("note: " + e.notice());
      }
      if (samples == null && !e.info().mcCapable()) {
        t = 1;
        err.println(
            "note: the model has no dropout; only its deterministic predictions are calibrated");
      }
      Preprocessing pre = e.info().preprocessing();
      if (pre == null) {
        throw new McdropException(
            ErrorCode.BAD_OPTION,
            "model '"
                + e.info().name()
                + "' has no mcdrop.preprocess metadata: give --size HxW --channels 1|3 [--mean --std]");
      }
      chosen =
          CalibrationData.choose(
              data,
              split,
              OnnxModels.metadata(proto, McDropout.META_TRAINING).orElse(null),
              new Shape(pre.channels(), pre.height(), pre.width()),
              seed);
      chosen.warnings().forEach(w -> err.println("warning: " + w));
      LabeledSet set = Datasets.toLabeledSet(chosen.images(), data);
      CalibrationRun.Plan plan =
          new CalibrationRun(e, new CalibrationRun.Settings(t, seed, options))
              .plan(set, data + ": " + chosen.description());
      try (Progress bar = Progress.start("calibrate", plan.work(), true)) {
        long[] last = {0};
        result =
            plan.run(
                (phase, done, total) -> {
                  bar.step(done - last[0], phase);
                  last[0] = done;
                });
      }
    }
    Path target = out != null ? out : model;
    Path backup = out != null ? null : model.resolveSibling(model.getFileName() + ".bak");
    write(proto, result.spec(), model, target, backup);
    if (json) {
      stdout.println(Json.write(toJson(result, target, backup)));
    } else {
      stdout.print(table(result, chosen));
      stdout.println(
          "written to "
              + target
              + (backup != null ? " (previous file kept as " + backup + ")" : ""));
    }
    stdout.flush();
    return ExitCodes.OK;
  }

  private static void write(
      ModelProto proto, CalibrationSpec spec, Path model, Path target, Path backup) {
    try {
      if (backup != null) {
        byte[] old = Files.readAllBytes(model);
        AtomicFiles.write(backup, old);
      }
      OnnxModels.write(ModelCalibration.attach(proto, spec), target);
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.NOT_FOUND, "cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  static String table(CalibrationRun.Result r, CalibrationData chosen) {
    CalibrationSpec s = r.spec();
    StringBuilder sb = new StringBuilder();
    sb.append("calibration images: ").append(chosen.description()).append('\n');
    sb.append(
        String.format(
            Locale.ROOT,
            "conformal: %s at alpha %.3g (n = %d)%n%n",
            s.score().type().word(),
            s.alpha(),
            s.images()));
    String[] head = {"", "deterministic", r.mc() == null ? "" : "MC T=" + r.mc().samples()};
    String[][] rows = {
      {
        "temperature",
        f3(r.deterministic().temperature()),
        r.mc() == null ? "" : f3(r.mc().temperature())
      },
      {
        "NLL before -> after",
        arrow(r.deterministic().nllBefore(), r.deterministic().nllAfter()),
        r.mc() == null ? "" : arrow(r.mc().nllBefore(), r.mc().nllAfter())
      },
      {
        "ECE before -> after",
        arrow(r.deterministic().eceBefore(), r.deterministic().eceAfter()),
        r.mc() == null ? "" : arrow(r.mc().eceBefore(), r.mc().eceAfter())
      },
      {
        "conformal threshold",
        f3(s.deterministic().conformalThreshold()),
        r.mc() == null ? "" : f3(s.mc().conformalThreshold())
      },
      {"coverage / mean set size", cov(r.deterministic()), r.mc() == null ? "" : cov(r.mc())},
      {
        "uncertain: entropy >",
        f3(s.deterministic().entropyThreshold()),
        r.mc() == null ? "" : f3(s.mc().entropyThreshold())
      },
      {
        "uncertain: mutual inf. >",
        "n/a",
        r.mc() == null ? "" : f3(s.mc().mutualInformationThreshold())
      },
    };
    int[] w = new int[3];
    for (int c = 0; c < 3; c++) {
      w[c] = head[c].length();
      for (String[] row : rows) {
        w[c] = Math.max(w[c], row[c].length());
      }
    }
    line(sb, head, w);
    for (String[] row : rows) {
      line(sb, row, w);
    }
    sb.append(
        "(numbers on the calibration images themselves; mcdrop evaluate measures them on the test"
            + " split)\n");
    return sb.toString();
  }

  private static void line(StringBuilder sb, String[] cells, int[] w) {
    sb.append(
        String.format(
                Locale.ROOT,
                "%-" + w[0] + "s  %" + w[1] + "s  %" + Math.max(1, w[2]) + "s",
                (Object[]) cells)
            .stripTrailing());
    sb.append('\n');
  }

  private static String f3(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String arrow(double a, double b) {
    return String.format(Locale.ROOT, "%.4f -> %.4f", a, b);
  }

  private static String cov(CalibrationRun.ModeFit m) {
    return String.format(Locale.ROOT, "%.3f / %.2f", m.coverage(), m.meanSetSize());
  }

  static Map<String, Object> toJson(CalibrationRun.Result r, Path target, Path backup) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", target.toString());
    if (backup != null) {
      m.put("backup", backup.toString());
    }
    try {
      m.put(
          "calibration", new ObjectMapper().readValue(CalibrationCodec.write(r.spec()), Map.class));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("deterministic", r.deterministic());
    if (r.mc() != null) {
      in.put("mc", r.mc());
    }
    m.put("inSample", in);
    m.put("seconds", r.seconds());
    return m;
  }
}
