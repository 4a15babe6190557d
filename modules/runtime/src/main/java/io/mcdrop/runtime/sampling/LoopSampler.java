package io.mcdrop.runtime.sampling;

import io.mcdrop.runtime.session.Graph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One run of the whole model per sample, the reference: items share a run when the batch is
 * dynamic, else each item gets its own runs.
 */
public final class LoopSampler implements Sampler {
  private final Tiler tiler;
  private final Graph full;
  private final InputLayout input;
  private final boolean dynamicBatch;
  private final MaskSource masks;
  private int drawn;

  /**
   * @param masks fed masks (a graph rewritten by DropoutMasks), or null
   */
  public LoopSampler(
      Tiler tiler, Graph full, InputLayout input, boolean dynamicBatch, MaskSource masks) {
    this.tiler = tiler;
    this.full = full;
    this.input = input;
    this.dynamicBatch = dynamicBatch;
    this.masks = masks;
  }

  @Override
  public Rows draw(float[][] items, int[] ids, int n) {
    float[] out = null;
    int width = 0;
    int group = dynamicBatch ? items.length : 1;
    for (int t = 0; t < n; t++) {
      for (int start = 0; start < items.length; start += group) {
        float[][] part = Arrays.copyOfRange(items, start, start + group);
        int[] partIds = Arrays.copyOfRange(ids, start, start + group);
        List<TileFeed> feeds = new ArrayList<>();
        feeds.add(input.feed(part));
        if (masks != null) {
          feeds.addAll(masks.feeds(masks.keys(part, partIds), drawn + t, 1));
        }
        Rows r = tiler.runTiled(full, feeds, 1, true);
        if (out == null) {
          width = r.width();
          out = new float[items.length * n * width];
        }
        for (int a = 0; a < group; a++) {
          System.arraycopy(r.values(), a * width, out, ((start + a) * n + t) * width, width);
        }
      }
    }
    drawn += n;
    return new Rows(out, width);
  }
}
