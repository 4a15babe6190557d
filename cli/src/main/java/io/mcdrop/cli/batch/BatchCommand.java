package io.mcdrop.cli.batch;

import io.mcdrop.cli.ExitCodes;
import io.mcdrop.cli.common.Progress;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.spark.engine.EngineSpec;
import io.mcdrop.spark.job.BatchConfig;
import io.mcdrop.spark.job.BatchListener;
import io.mcdrop.spark.job.BatchSummary;
import io.mcdrop.spark.job.McSettings;
import io.mcdrop.spark.session.SparkBatch;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mcdrop batch}: MC-dropout scoring of many images as a Spark job. */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Score many images with MC dropout as an Apache Spark job: in this process (local mode,"
          + " no Spark installation needed) or on a standalone cluster.",
      "Writes OUT/predictions.parquet (the fields of `classify --json`, plus verdict, seed and"
          + " error), OUT/predictions.json with --json, and OUT/summary.json.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  mcdrop batch photos/ --out scored --samples 30 --seed 1",
      "  mcdrop batch 'data/**/*.png' --out scored --master local[4] --partitions 16",
      "  mcdrop batch tensors.parquet --column pixels --id-column id --out scored",
      "  mcdrop batch photos/ --out scored --master spark://10.0.0.5:7077",
      "For YARN or Kubernetes, submit the job jar instead (README: Batch scoring on Spark)."
    })
public final class BatchCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "IMAGES",
      description =
          "A directory (read recursively), an image or a glob; a Parquet table with --column.")
  String input;

  @Option(
      names = {"-m", "--model"},
      paramLabel = "FILE",
      defaultValue = "models/fashion-cnn.onnx",
      description = "ONNX classifier (default: ${DEFAULT-VALUE}).")
  Path model;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  String out;

  @Option(
      names = "--master",
      defaultValue = "local[*]",
      paramLabel = "local[N]|spark://HOST:PORT",
      description = "Where Spark runs (default: ${DEFAULT-VALUE}, every core of this machine).")
  String master;

  @Option(
      names = {"-T", "--samples"},
      defaultValue = "30",
      paramLabel = "T",
      description = "MC samples per image; 1 = deterministic (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description =
          "Job seed: each image is seeded from S and its path, so results do not depend on the"
              + " partitioning (the seed column holds each image's seed for `classify --seed`).")
  Long seed;

  @Option(
      names = "--partitions",
      defaultValue = "0",
      paramLabel = "P",
      description = "Tasks to split the inputs into (default: 0 = automatic).")
  int partitions;

  @Option(
      names = "--threads",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "ONNX Runtime threads per task (default: ${DEFAULT-VALUE}; Spark runs one task per"
              + " core).")
  int threads;

  @Option(
      names = "--chunk",
      defaultValue = "64",
      paramLabel = "N",
      description = "Images per engine call within a task (default: ${DEFAULT-VALUE}).")
  int chunk;

  @Option(
      names = "--column",
      paramLabel = "COL",
      description = "Table input: the column of encoded images (binary) or tensors (floats).")
  String column;

  @Option(
      names = "--id-column",
      paramLabel = "COL",
      description = "Table input: the column naming each row (default: its position).")
  String idColumn;

  @Option(names = "--json", description = "Also write the predictions as JSON lines.")
  boolean json;

  @Option(names = "--overwrite", description = "Replace earlier results in --out.")
  boolean overwrite;

  @Option(
      names = "--epistemic-threshold",
      paramLabel = "NATS",
      description =
          "Verdict uncertain from this mutual information (default: the model's calibrated"
              + " threshold, else 0.1).")
  Double epistemicThreshold;

  @Option(
      names = "--aleatoric-threshold",
      paramLabel = "NATS",
      description =
          "Verdict ambiguous from this expected entropy (default: the model's calibrated"
              + " threshold, else 0.5).")
  Double aleatoricThreshold;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter outWriter = spec.commandLine().getOut();
    String problem = SparkBatch.problem();
    if (problem != null) {
      throw new McdropException(ErrorCode.BAD_OPTION, problem);
    }
    McSettings mc =
        new McSettings(
            samples,
            0,
            seed,
            "auto",
            McOptions.DEFAULT_TOP_K,
            epistemicThreshold,
            aleatoricThreshold);
    BatchConfig cfg =
        new BatchConfig(
            input,
            column,
            idColumn,
            modelPath().toString(),
            out,
            EngineSpec.cpu(threads),
            mc,
            partitions,
            chunk,
            json,
            overwrite);
    AtomicReference<Progress> bar = new AtomicReference<>();
    long[] shown = {0};
    BatchListener listener =
        new BatchListener() {
          @Override
          public void planned(long inputs, int parts) {
            bar.set(Progress.start("batch", inputs, true));
          }

          @Override
          public synchronized void progress(long done, long failed) {
            Progress p = bar.get();
            if (p != null && done > shown[0]) {
              p.step(done - shown[0], failed > 0 ? failed + " failed" : null);
              shown[0] = done;
            }
          }
        };
    BatchSummary s;
    try {
      s = SparkBatch.run(master, cfg, listener, null);
    } finally {
      if (bar.get() != null) {
        bar.get().close();
      }
    }
    outWriter.print(render(s));
    outWriter.flush();
    return s.failed() > 0 ? ExitCodes.PARTIAL : ExitCodes.OK;
  }

  private Path modelPath() {
    if (Files.exists(model) || model.isAbsolute()) {
      return model.toAbsolutePath();
    }
    String home = System.getenv("MCDROP_HOME");
    if (home != null && Files.exists(Path.of(home).resolve(model))) {
      return Path.of(home).resolve(model);
    }
    return model.toAbsolutePath();
  }

  /** The summary table. */
  static String render(BatchSummary s) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "%-8s %-8s %-8s %-11s %-9s %s%n",
            "INPUTS", "SCORED", "FAILED", "PARTITIONS", "SECONDS", "IMAGES/S"));
    b.append(
        String.format(
            "%-8d %-8d %-8d %-11d %-9.1f %.0f%n%n",
            s.inputs(), s.scored(), s.failed(), s.partitions(), s.seconds(), s.imagesPerSecond()));
    b.append(String.format("%-14s %s%n", "VERDICT", "IMAGES"));
    for (Map.Entry<String, Long> e : s.verdicts().entrySet()) {
      b.append(
          String.format("%-14s %d%n", e.getKey().isEmpty() ? "(none)" : e.getKey(), e.getValue()));
    }
    b.append(String.format("%n%-14s %s%n", "LABEL", "IMAGES"));
    for (Map.Entry<String, Long> e : s.labels().entrySet()) {
      b.append(String.format("%-14s %d%n", e.getKey(), e.getValue()));
    }
    if (!s.errors().isEmpty()) {
      b.append(System.lineSeparator());
      for (String e : s.errors()) {
        b.append("error: ").append(e).append(System.lineSeparator());
      }
      if (s.failed() > s.errors().size()) {
        b.append("... and ")
            .append(s.failed() - s.errors().size())
            .append(" more (error column of the results)")
            .append(System.lineSeparator());
      }
    }
    b.append(System.lineSeparator())
        .append("results: ")
        .append(s.out())
        .append(System.lineSeparator());
    return b.toString();
  }
}
