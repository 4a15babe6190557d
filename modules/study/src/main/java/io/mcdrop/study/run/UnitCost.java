package io.mcdrop.study.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.data.LabeledSet;
import io.mcdrop.evaluation.predict.Inference;
import io.mcdrop.evaluation.report.ReportWriter;
import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The inference cost of one finished unit, measured on its own: the evaluation during a study times
 * its passes too, but a study runs for hours beside other work, so those timings carry whatever
 * else the machine did. This pass times {@link Inference#costMsPerImage} (warm-up, then the same
 * images timed) {@value #ROUNDS} times per mode, one ONNX Runtime thread, and keeps the medians.
 * Run it when the machine is quiet (the report phase, {@code mcdrop study --report-only});
 * resumable per unit like training.
 */
public final class UnitCost {
  public static final String FILE = "cost.json";

  /** Timed runs per mode. */
  public static final int ROUNDS = 3;

  /** One intra-op thread: the per-core cost, the same for every variant. */
  public static final int THREADS = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private UnitCost() {}

  /** The stored cost of the unit in {@code dir}, or null when it has not been measured. */
  public static CostResult read(Path dir) {
    Path f = dir.resolve(FILE);
    if (!Files.exists(f)) {
      return null;
    }
    try {
      return JSON.readValue(f.toFile(), CostResult.class);
    } catch (IOException e) {
      throw new McdropException(
          ErrorCode.BAD_INPUT, f + " is unreadable (" + e.getMessage() + "); delete it", e);
    }
  }

  /**
   * Measures and stores the cost of the unit in {@code dir}.
   *
   * @param samples MC samples (1 for a model without dropout: then only the deterministic pass)
   */
  public static CostResult run(Path dir, LabeledSet test, int samples) {
    EngineConfig ec = EngineConfig.defaults().withThreads(THREADS);
    CostResult r;
    try (McEngine engine = McEngine.load(dir.resolve(VariantTrainer.MODEL), ec)) {
      Inference inference = new Inference(engine, 0);
      double det = median(inference, test, 1);
      double mc = samples > 1 ? median(inference, test, samples) : Double.NaN;
      r =
          new CostResult(
              Math.min(Inference.COST_IMAGES, test.size()), samples, THREADS, ROUNDS, det, mc);
    }
    ReportWriter.writeJson(r, dir.resolve(FILE));
    return r;
  }

  private static double median(Inference inference, LabeledSet test, int samples) {
    double[] ms = new double[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      ms[i] = inference.costMsPerImage(test.images(), samples);
    }
    Arrays.sort(ms);
    return ms[ROUNDS / 2];
  }
}
