package io.mcdrop.runtime.sampling;

import io.mcdrop.runtime.session.DirectFloats;
import io.mcdrop.runtime.session.Feed;
import io.mcdrop.runtime.session.Graph;
import io.mcdrop.runtime.session.OrtRunner;
import io.mcdrop.runtime.session.Outputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs graphs on tiled copies of their inputs, in micro-batches of at most {@code maxRows} logical
 * rows (which caps the memory one run takes), every stochastic run led by a burn-in row ({@link
 * TiledBatch}) when the model takes any batch size. A model whose batch is fixed at 1 cannot take
 * the extra row: its runs go without burn-in, so the first unit of each Dropout is correlated
 * across samples.
 */
public final class Tiler {
  private final OrtRunner runner;
  private final int maxRows;
  private final boolean burnIn;

  /**
   * @param maxRows micro-batch cap (logical rows per run)
   * @param dynamicBatch whether the model takes any batch size; without it, no burn-in row
   */
  public Tiler(OrtRunner runner, int maxRows, boolean dynamicBatch) {
    this.runner = runner;
    this.maxRows = maxRows;
    this.burnIn = dynamicBatch;
  }

  /** {@code n} tiled copies of each item through {@code graph}: the first output, item-major. */
  public Rows runTiled(Graph graph, List<TileFeed> feeds, int n, boolean mc) {
    int items = feeds.get(0).items().length;
    float[] out = null;
    int width = -1;
    for (TiledBatch b : TiledBatch.plan(items, n, maxRows, mc && burnIn)) {
      List<Feed> in = new ArrayList<>(feeds.size());
      for (int k = 0; k < feeds.size(); k++) {
        in.add(direct(b, feeds.get(k), k));
      }
      float[] all = runner.run(graph, in, mc, graph.firstOutputList()).first();
      if (out == null) {
        width = all.length / b.runRows();
        out = new float[items * n * width];
      }
      b.kept(all, width, out);
    }
    return new Rows(out, width);
  }

  /** The deterministic trunk once per item: each named output, split per item. */
  public Map<String, TileFeed> runTrunk(Graph trunk, TileFeed input, List<String> outputs) {
    int items = input.items().length;
    Map<String, float[][]> perItem = new LinkedHashMap<>();
    Map<String, long[]> rowShapes = new LinkedHashMap<>();
    for (String o : outputs) {
      perItem.put(o, new float[items][]);
    }
    for (TiledBatch b : TiledBatch.plan(items, 1, maxRows, false)) {
      Feed in = direct(b, input, 0);
      Outputs r = runner.run(trunk, List.of(in), false, outputs);
      for (int k = 0; k < outputs.size(); k++) {
        int size = r.values()[k].length / b.runRows();
        rowShapes.put(outputs.get(k), Arrays.copyOfRange(r.shapes()[k], 1, r.shapes()[k].length));
        float[][] dst = perItem.get(outputs.get(k));
        for (int i = b.start(); i < b.end(); i++) {
          dst[i] =
              Arrays.copyOfRange(r.values()[k], (i - b.start()) * size, (i - b.start() + 1) * size);
        }
      }
    }
    Map<String, TileFeed> result = new LinkedHashMap<>();
    for (String o : outputs) {
      result.put(o, new TileFeed(o, perItem.get(o), rowShapes.get(o)));
    }
    return result;
  }

  /** Feed {@code f} tiled for run {@code b}, in this thread's direct buffer {@code slot}. */
  private static Feed direct(TiledBatch b, TileFeed f, int slot) {
    int floats = b.runRows() * f.rowSize();
    return Feed.direct(f.name(), b.tile(f, DirectFloats.slot(slot, floats)), b.shape(f.rowShape()));
  }

  /** Shape of the first output of one deterministic run on all of {@code input}'s items. */
  public long[] outputShape(Graph graph, TileFeed input) {
    TiledBatch b = new TiledBatch(1, 0, input.items().length, false);
    Feed in = Feed.floats(input.name(), b.tile(input.items()), b.shape(input.rowShape()));
    return runner.run(graph, List.of(in), false, graph.firstOutputList()).shapes()[0];
  }

  /**
   * The fused trunk-and-head graph on one input: the trunk once, the head on {@code n} broadcast
   * copies (plus the burn-in copy), in chunks of at most {@code maxRows}.
   *
   * @param repeats the graph's int64 repeat inputs and the rank of each
   */
  public Rows runFused(Graph fused, TileFeed item, Map<String, Integer> repeats, int n) {
    return runFused(fused, item, repeats, n, List.of());
  }

  /** As above, with per-sample feeds (fed dropout masks) beside the image. */
  public Rows runFused(
      Graph fused, TileFeed item, Map<String, Integer> repeats, int n, List<TileFeed> perSample) {
    float[] out = null;
    int width = -1;
    Feed x = direct(new TiledBatch(1, 0, 1, false), item, 0);
    for (TiledBatch b : TiledBatch.plan(1, n, maxRows, burnIn)) {
      List<Feed> in = new ArrayList<>();
      in.add(x);
      for (int k = 0; k < perSample.size(); k++) {
        in.add(direct(b, perSample.get(k), k + 1));
      }
      for (Map.Entry<String, Integer> r : repeats.entrySet()) {
        long[] rep = new long[r.getValue()];
        Arrays.fill(rep, 1);
        rep[0] = b.runRows();
        in.add(Feed.longs(r.getKey(), rep, new long[] {rep.length}));
      }
      float[] all = runner.run(fused, in, true, fused.firstOutputList()).first();
      if (out == null) {
        width = all.length / b.runRows();
        out = new float[n * width];
      }
      b.kept(all, width, out);
    }
    return new Rows(out, width);
  }
}
