package io.mcdrop.runtime.mc;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.graph.FrontierSplit;
import io.mcdrop.onnx.graph.FusedTrunk;
import io.mcdrop.runtime.sampling.InputLayout;
import io.mcdrop.runtime.sampling.LoopSampler;
import io.mcdrop.runtime.sampling.Rows;
import io.mcdrop.runtime.sampling.TileFeed;
import io.mcdrop.runtime.sampling.Tiler;
import io.mcdrop.runtime.sampling.TrunkCachedSampler;
import io.mcdrop.runtime.session.SessionFactory;
import io.mcdrop.runtime.session.SessionSet;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Checks at load that dropout really is alive: copies of one input must not all agree when {@code
 * mc_dropout} is true. ONNX Runtime ignores a misspelt optimizer name silently, so without this MC
 * sampling could quietly return T identical samples. A small, low-rate dropout (e.g. 3 units at p =
 * 0.1) can keep every unit in many rows by chance, so up to four batches are tried.
 */
final class LivenessCheck {
  private static final int ROWS = 64;
  private static final int RUNS = 16;
  private static final int ATTEMPTS = 4;

  private LivenessCheck() {}

  /** Checks every stochastic variant in {@code sessions}. */
  static void verify(
      Tiler tiler,
      SessionSet sessions,
      InputLayout input,
      boolean dynamicBatch,
      FrontierSplit split,
      FusedTrunk fused) {
    TileFeed probe = input.feed(probe(input.rowShape(), 1));
    if (!dynamicBatch) {
      // a fixed batch of 1 cannot be tiled: compare a few separate runs instead
      LoopSampler loop = new LoopSampler(tiler, sessions.full(), input, false, null);
      check(() -> loop.draw(probe.items(), new int[] {0}, RUNS), RUNS + " runs", "model");
      return;
    }
    check(
        () -> tiler.runTiled(sessions.full(), List.of(probe), ROWS, true),
        ROWS + " tiled copies",
        "model");
    if (split != null) {
      List<TileFeed> feeds =
          new TrunkCachedSampler(tiler, sessions, split, null, input, null)
              .headFeeds(probe.items(), new int[] {0});
      check(
          () -> tiler.runTiled(sessions.head(), feeds, ROWS, true),
          ROWS + " tiled copies",
          "stochastic head");
    }
    if (sessions.fused() != null) {
      check(
          () -> tiler.runFused(sessions.fused(), probe, fused.repeats(), ROWS),
          ROWS + " broadcast copies",
          "fused trunk-cached model");
    }
  }

  /** Seeded Gaussian probe rows of {@code rowShape}. */
  static float[][] probe(long[] rowShape, int rows) {
    Random rnd = new Random(42);
    int size = 1;
    for (long d : rowShape) {
      size *= (int) d;
    }
    float[][] items = new float[rows][size];
    for (float[] row : items) {
      for (int i = 0; i < size; i++) {
        row[i] = (float) rnd.nextGaussian();
      }
    }
    return items;
  }

  private static void check(Supplier<Rows> run, String samples, String what) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Rows rows = run.get();
      int w = rows.width();
      float[] v = rows.values();
      for (int r = 1; r < rows.count(); r++) {
        if (!Arrays.equals(v, 0, w, v, r * w, (r + 1) * w)) {
          return;
        }
      }
    }
    throw new McdropException(
        ErrorCode.DROPOUT_NOT_ALIVE,
        "dropout is not active in the "
            + what
            + " although mc_dropout=true: "
            + samples
            + " of one input gave identical outputs. ONNX Runtime removed the Dropout"
            + " nodes (its '"
            + SessionFactory.ELIMINATE_DROPOUT
            + "' rewrite was not disabled, or"
            + " this ONNX Runtime version names it differently)");
  }
}
