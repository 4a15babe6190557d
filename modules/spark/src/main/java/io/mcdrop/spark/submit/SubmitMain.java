package io.mcdrop.spark.submit;

import io.mcdrop.errors.McdropException;
import io.mcdrop.spark.engine.EngineSpec;
import io.mcdrop.spark.job.BatchConfig;
import io.mcdrop.spark.job.BatchJob;
import io.mcdrop.spark.job.BatchListener;
import io.mcdrop.spark.job.BatchSummary;
import io.mcdrop.spark.job.McSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * {@code spark-submit --class io.mcdrop.spark.submit.SubmitMain mcdrop-spark-job.jar IMAGES --model
 * M --out DIR [options]}: the batch job on an existing cluster (the cluster's Spark, its master and
 * its file systems). The options are those of {@code mcdrop batch} without {@code --master}.
 */
public final class SubmitMain {
  static final String USAGE =
      "usage: SubmitMain INPUT --model FILE --out DIR [--samples T] [--seed S] [--partitions P]"
          + " [--threads N] [--chunk N] [--column C [--id-column ID]] [--json] [--overwrite]";

  private SubmitMain() {}

  public static void main(String[] args) {
    BatchConfig cfg;
    try {
      cfg = parse(args);
    } catch (IllegalArgumentException | McdropException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    SparkSession spark = SparkSession.builder().appName("mcdrop batch").getOrCreate();
    try {
      BatchSummary s = BatchJob.run(spark, cfg, BatchListener.none());
      System.out.println(describe(s));
      System.exit(s.failed() > 0 ? 1 : 0);
    } catch (McdropException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(3);
    } finally {
      spark.stop();
    }
  }

  /** Parses the arguments (no Picocli in the job jar: a cluster's class path stays lean). */
  static BatchConfig parse(String[] args) {
    String input = null;
    String model = null;
    String out = null;
    String column = null;
    String id = null;
    int samples = 30;
    Long seed = null;
    int partitions = 0;
    int threads = 1;
    int chunk = BatchConfig.DEFAULT_CHUNK;
    boolean json = false;
    boolean overwrite = false;
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String a = rest.remove(0);
      switch (a) {
        case "--model" -> model = value(a, rest);
        case "--out" -> out = value(a, rest);
        case "--column" -> column = value(a, rest);
        case "--id-column" -> id = value(a, rest);
        case "--samples", "-T" -> samples = number(a, rest);
        case "--seed" -> seed = Long.parseLong(value(a, rest));
        case "--partitions" -> partitions = number(a, rest);
        case "--threads" -> threads = number(a, rest);
        case "--chunk" -> chunk = number(a, rest);
        case "--json" -> json = true;
        case "--overwrite" -> overwrite = true;
        default -> {
          if (a.startsWith("-") || input != null) {
            throw new IllegalArgumentException("unexpected argument '" + a + "'");
          }
          input = a;
        }
      }
    }
    if (input == null || model == null || out == null) {
      throw new IllegalArgumentException("INPUT, --model and --out are required");
    }
    return new BatchConfig(
        input,
        column,
        id,
        model,
        out,
        EngineSpec.cpu(threads),
        McSettings.samples(samples).withSeed(seed),
        partitions,
        chunk,
        json,
        overwrite);
  }

  /** The summary in a few lines. */
  public static String describe(BatchSummary s) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "%d inputs in %d partitions: %d scored, %d failed, %.1f s (%.0f images/s)%n",
            s.inputs(), s.partitions(), s.scored(), s.failed(), s.seconds(), s.imagesPerSecond()));
    for (Map.Entry<String, Long> e : s.verdicts().entrySet()) {
      b.append(
          String.format(
              "  %-12s %d%n", e.getKey().isEmpty() ? "(no verdict)" : e.getKey(), e.getValue()));
    }
    for (String e : s.errors()) {
      b.append("  error: ").append(e).append(System.lineSeparator());
    }
    b.append("results: ").append(s.out());
    return b.toString();
  }

  private static String value(String flag, List<String> rest) {
    if (rest.isEmpty()) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return rest.remove(0);
  }

  private static int number(String flag, List<String> rest) {
    String v = value(flag, rest);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs a whole number, got '" + v + "'");
    }
  }
}
