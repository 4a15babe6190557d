package io.mcdrop.runtime.sampling;

import io.mcdrop.runtime.session.Graph;
import java.util.List;

/** Each item tiled n times in one batch of the whole model (each row draws its own masks). */
public final class BatchedSampler implements Sampler {
  private final Tiler tiler;
  private final Graph full;
  private final InputLayout input;

  public BatchedSampler(Tiler tiler, Graph full, InputLayout input) {
    this.tiler = tiler;
    this.full = full;
    this.input = input;
  }

  @Override
  public Rows draw(float[][] items, int[] ids, int n) {
    return tiler.runTiled(full, List.of(input.feed(items)), n, true);
  }
}
