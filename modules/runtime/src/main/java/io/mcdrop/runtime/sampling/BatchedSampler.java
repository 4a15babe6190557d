package io.mcdrop.runtime.sampling;

import io.mcdrop.runtime.session.Graph;
import java.util.ArrayList;
import java.util.List;

/**
 * Each item tiled n times in one batch of the whole model: each row draws its own masks in ONNX
 * Runtime, or is fed sample t's masks from a {@link MaskSource}.
 */
public final class BatchedSampler implements Sampler {
  private final Tiler tiler;
  private final Graph full;
  private final InputLayout input;
  private final MaskSource masks;
  private int drawn;

  /**
   * @param masks fed masks (a graph rewritten by DropoutMasks), or null
   */
  public BatchedSampler(Tiler tiler, Graph full, InputLayout input, MaskSource masks) {
    this.tiler = tiler;
    this.full = full;
    this.input = input;
    this.masks = masks;
  }

  @Override
  public Rows draw(float[][] items, int[] ids, int n) {
    List<TileFeed> feeds = new ArrayList<>();
    feeds.add(input.feed(items));
    if (masks != null) {
      feeds.addAll(masks.feeds(masks.keys(items, ids), drawn, n));
    }
    drawn += n;
    return tiler.runTiled(full, feeds, n, true);
  }
}
