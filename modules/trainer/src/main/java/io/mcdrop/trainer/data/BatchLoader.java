package io.mcdrop.trainer.data;

import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Scratch;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;

/**
 * Assembles normalised (and, for training, augmented) batches from a {@link Dataset}. The batch
 * array is reused: a batch is valid until the next call.
 */
public final class BatchLoader {
  private final Dataset data;
  private final Preprocess preprocess;
  private final Scratch xBuf = new Scratch();

  public BatchLoader(Dataset data, Preprocess preprocess) {
    this.data = data;
    this.preprocess = preprocess;
  }

  public Dataset data() {
    return data;
  }

  /** Images {@code indices[from..to)} as a batch; augmentation draws from {@code rng}. */
  public Tensor batch(int[] indices, int from, int to, Augment augment, Rng rng) {
    Shape s = data.shape();
    int n = to - from;
    float[] x = xBuf.floats(n * s.size());
    float[] src = data.images();
    for (int i = 0; i < n; i++) {
      int srcOff = indices[from + i] * s.size();
      int dstOff = i * s.size();
      if (augment.enabled()) {
        int dy = augment.pad() > 0 ? rng.nextInt(2 * augment.pad() + 1) - augment.pad() : 0;
        int dx = augment.pad() > 0 ? rng.nextInt(2 * augment.pad() + 1) - augment.pad() : 0;
        boolean flip = augment.flip() && rng.nextBoolean();
        java.util.Arrays.fill(x, dstOff, dstOff + s.size(), 0f);
        shiftFlip(src, srcOff, x, dstOff, s, dy, dx, flip);
      } else {
        System.arraycopy(src, srcOff, x, dstOff, s.size());
      }
      preprocess.normalize(x, dstOff);
    }
    return new Tensor(x, n, s);
  }

  public int[] labels(int[] indices, int from, int to) {
    int[] y = new int[to - from];
    for (int i = from; i < to; i++) {
      y[i - from] = data.labels()[indices[i]];
    }
    return y;
  }

  /** out(y, x) = in(y + dy, flip ? W−1−x+dx : x+dx), zero outside: a padded random crop. */
  private static void shiftFlip(
      float[] src, int srcOff, float[] dst, int dstOff, Shape s, int dy, int dx, boolean flip) {
    int h = s.h();
    int w = s.w();
    for (int c = 0; c < s.c(); c++) {
      int sp = srcOff + c * h * w;
      int dp = dstOff + c * h * w;
      for (int y = 0; y < h; y++) {
        int sy = y + dy;
        if (sy < 0 || sy >= h) {
          continue;
        }
        for (int x = 0; x < w; x++) {
          int sx = (flip ? w - 1 - x : x) + dx;
          if (sx >= 0 && sx < w) {
            dst[dp + y * w + x] = src[sp + sy * w + sx];
          }
        }
      }
    }
  }
}
