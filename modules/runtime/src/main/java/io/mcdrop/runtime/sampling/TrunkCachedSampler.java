package io.mcdrop.runtime.sampling;

import io.mcdrop.onnx.graph.FrontierSplit;
import io.mcdrop.onnx.graph.FusedTrunk;
import io.mcdrop.runtime.session.SessionSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deterministic trunk once per item, the stochastic head on tiled frontier tensors. A single
 * item with a fused graph goes through it in one ONNX Runtime call per micro-batch ({@link
 * FusedTrunk}); otherwise the trunk's outputs are computed on the first draw and kept for the
 * request (adaptive rounds re-use them).
 */
public final class TrunkCachedSampler implements Sampler {
  private final Tiler tiler;
  private final SessionSet sessions;
  private final FrontierSplit split;
  private final FusedTrunk fused;
  private final InputLayout input;
  private final Map<Integer, Map<String, float[]>> trunkByItem = new HashMap<>();
  private final MaskSource masks;
  private Map<String, long[]> frontierRows;
  private int drawn;

  /**
   * @param fused the fused graph's description, or null (then {@code sessions.fused()} is unused)
   * @param masks fed masks (head and fused graphs rewritten by DropoutMasks), or null
   */
  public TrunkCachedSampler(
      Tiler tiler,
      SessionSet sessions,
      FrontierSplit split,
      FusedTrunk fused,
      InputLayout input,
      MaskSource masks) {
    this.tiler = tiler;
    this.sessions = sessions;
    this.split = split;
    this.fused = fused;
    this.input = input;
    this.masks = masks;
  }

  @Override
  public Rows draw(float[][] items, int[] ids, int n) {
    List<TileFeed> fed = masks == null ? List.of() : masks.feeds(masks.keys(items, ids), drawn, n);
    drawn += n;
    if (items.length == 1 && fused != null && sessions.fused() != null) {
      return tiler.runFused(sessions.fused(), input.feed(items), fused.repeats(), n, fed);
    }
    List<TileFeed> feeds = new ArrayList<>(headFeeds(items, ids));
    feeds.addAll(fed);
    return tiler.runTiled(sessions.head(), feeds, n, true);
  }

  /** The head's inputs for these items: cached trunk outputs, and pass-through model inputs. */
  public List<TileFeed> headFeeds(float[][] items, int[] ids) {
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      if (!trunkByItem.containsKey(ids[i])) {
        missing.add(i);
      }
    }
    if (!missing.isEmpty()) {
      float[][] todo = new float[missing.size()][];
      for (int j = 0; j < todo.length; j++) {
        todo[j] = items[missing.get(j)];
      }
      Map<String, TileFeed> out =
          tiler.runTrunk(sessions.trunk(), input.feed(todo), split.trunkOutputs());
      frontierRows = new HashMap<>();
      for (TileFeed f : out.values()) {
        frontierRows.put(f.name(), f.rowShape());
      }
      for (int j = 0; j < todo.length; j++) {
        Map<String, float[]> row = new HashMap<>();
        for (TileFeed f : out.values()) {
          row.put(f.name(), f.items()[j]);
        }
        trunkByItem.put(ids[missing.get(j)], row);
      }
    }
    List<TileFeed> feeds = new ArrayList<>();
    for (String name : split.frontier()) {
      if (split.isPassThrough(name)) {
        feeds.add(new TileFeed(name, items, input.rowShape()));
      } else {
        float[][] rows = new float[ids.length][];
        for (int i = 0; i < ids.length; i++) {
          rows[i] = trunkByItem.get(ids[i]).get(name);
        }
        feeds.add(new TileFeed(name, rows, frontierRows.get(name)));
      }
    }
    return feeds;
  }
}
