package io.mcdrop.cli.evaluate;

import io.mcdrop.cli.ExitCodes;
import io.mcdrop.cli.common.Choices;
import io.mcdrop.cli.common.DataOption;
import io.mcdrop.cli.common.EngineOptions;
import io.mcdrop.cli.common.Json;
import io.mcdrop.cli.common.OodConverter;
import io.mcdrop.cli.common.Progress;
import io.mcdrop.cli.common.SamplesOption;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.EvaluationConfig;
import io.mcdrop.evaluation.EvaluationReport;
import io.mcdrop.evaluation.Evaluator;
import io.mcdrop.evaluation.data.LabeledSet;
import io.mcdrop.evaluation.ood.OodSpec;
import io.mcdrop.evaluation.report.ReportJson;
import io.mcdrop.evaluation.report.ReportWriter;
import io.mcdrop.evaluation.report.SummaryTable;
import io.mcdrop.evaluation.shift.ShiftSpec;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.preprocess.Preprocessing;
import io.mcdrop.study.data.Datasets;
import io.mcdrop.trainer.data.DataSource;
import io.mcdrop.trainer.data.Dataset;
import io.mcdrop.trainer.tensor.Shape;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mcdrop evaluate}: deterministic vs MC-dropout quality of a model on a labelled set. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Evaluate a classifier deterministically and with MC dropout, side by side: accuracy, NLL,"
          + " Brier, ECE/MCE, how well each uncertainty score flags wrong predictions and"
          + " out-of-distribution images, and how it all holds up as images are rotated.",
      ""
    },
    footer = {
      "",
      "OOD sources (--ood, repeatable): a folder of images; noise[:N]; blank[:N]; inverted"
          + " (the test images, intensity-inverted); holdout:C[,C...] (those classes of --data"
          + " leave the test set and become the OOD set: for a model trained without them).",
      "",
      "Examples:",
      "  mcdrop evaluate --data fashion-mnist --samples 30 --out report/",
      "  mcdrop evaluate -m m.onnx --data fashion-mnist --ood noise --ood inverted \\",
      "      --shift rotate:0:180:15 --limit 2000 --out report/"
    })
public final class EvaluateCommand implements Callable<Integer> {
  @Mixin EngineOptions engine;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "SOURCE",
      description =
          "Labelled test data: fashion-mnist[:DIR] (its test split), synthetic[:COUNT], or an"
              + " ImageFolder root (root/<class>/*.png|jpg, all of it).")
  String data;

  @Mixin SamplesOption samples;

  @Option(
      names = "--limit",
      defaultValue = "0",
      paramLabel = "N",
      description = "Evaluate a seeded random subset of N test images (default: 0 = all).")
  int limit;

  @Option(
      names = "--ood",
      paramLabel = "SOURCE",
      converter = OodConverter.class,
      description = "Out-of-distribution source; repeat for several, see below (default: none).")
  List<OodSpec> ood = new ArrayList<>();

  @Option(
      names = "--ood-limit",
      defaultValue = "" + EvaluationConfig.DEFAULT_OOD_LIMIT,
      paramLabel = "N",
      description = "At most N images per OOD set (default: ${DEFAULT-VALUE}).")
  int oodLimit;

  @Option(
      names = "--shift",
      paramLabel = "rotate:FROM:TO:STEP",
      converter = Choices.ShiftConverter.class,
      description = "Rotation sweep in degrees, e.g. rotate:0:180:15 (default: none).")
  ShiftSpec shift;

  @Option(
      names = "--seed",
      defaultValue = "" + EvaluationConfig.DEFAULT_SEED,
      paramLabel = "S",
      description =
          "Seed for dropout masks, subsets and synthetic OOD images (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Write a report folder: metrics.json, plots, README.md (default: none, print only).")
  Path out;

  @Option(
      names = "--json",
      description = "Print the metrics as JSON instead of tables (default: tables).")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (limit < 0) {
      throw new McdropException(ErrorCode.BAD_OPTION, "--limit must be >= 0, got " + limit);
    }
    // Syntax is checked by the converters; ranges here: a typo must not cost a model load.
    if (oodLimit < 1) {
      throw new McdropException(ErrorCode.BAD_OPTION, "--ood-limit must be >= 1, got " + oodLimit);
    }
    EvaluationConfig cfg = new EvaluationConfig(samples.samples(), seed, ood, shift, oodLimit);
    engine.validate();
    DataOption.check(data);
    EvaluationReport report;
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
                + "' has no mcdrop.preprocess metadata: give --size HxW --channels 1|3 [--mean --std]");
      }
      LabeledSet test = testSet(new Shape(pre.channels(), pre.height(), pre.width()), err);
      Evaluator.Plan plan = new Evaluator(e, cfg).plan(limit > 0 ? test.limit(limit, seed) : test);
      try (Progress bar = Progress.start("evaluate", plan.work(), true)) {
        report = plan.run(progressTo(bar));
      }
    }
    if (json) {
      stdout.println(Json.write(ReportJson.of(report)));
    } else {
      stdout.print(SummaryTable.render(report));
    }
    if (out != null) {
      Path page = ReportWriter.write(report, out);
      err.println("report written to " + page);
    }
    stdout.flush();
    return ExitCodes.OK;
  }

  private LabeledSet testSet(Shape input, PrintWriter err) {
    DataSource source = DataSource.load(data, input, seed);
    source.warnings().forEach(w -> err.println("warning: " + w));
    Dataset d = source.test() != null ? source.test() : source.train();
    String name = source.test() != null ? source.name() + " test" : source.name();
    if (!d.shape().equals(input)) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "data " + data + " has images of shape " + d.shape() + " but the model takes " + input);
    }
    return Datasets.toLabeledSet(d, name);
  }

  private static Evaluator.Progress progressTo(Progress bar) {
    long[] last = {0};
    return (phase, done, total) -> {
      bar.step(done - last[0], phase);
      last[0] = done;
    };
  }
}
