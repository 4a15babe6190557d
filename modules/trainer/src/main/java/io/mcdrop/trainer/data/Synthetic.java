package io.mcdrop.trainer.data;

import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * A learnable toy data set for tests: class {@code k} is a bright square at the k-th cell of a 3×3
 * grid (wrapping for more classes, then also differing in brightness), jittered by a pixel or two
 * and drowned in Gaussian noise. A small CNN separates it in a couple of epochs.
 */
public final class Synthetic {
  private Synthetic() {}

  public static Dataset generate(int count, int classes, Shape shape, long seed) {
    if (classes < 2 || classes > 18) {
      throw new IllegalArgumentException("synthetic data supports 2..18 classes, got " + classes);
    }
    Rng rng = new Rng(Rng.derive(seed, 0x5e));
    float[] img = new float[count * shape.size()];
    int[] labels = new int[count];
    int cellH = shape.h() / 3;
    int cellW = shape.w() / 3;
    int plane = shape.h() * shape.w();
    for (int s = 0; s < count; s++) {
      int k = s % classes;
      labels[s] = k;
      int cell = k % 9;
      float level = k < 9 ? 0.9f : 0.5f;
      int y0 = (cell / 3) * cellH + rng.nextInt(3) - 1;
      int x0 = (cell % 3) * cellW + rng.nextInt(3) - 1;
      for (int c = 0; c < shape.c(); c++) {
        int o = s * shape.size() + c * plane;
        for (int i = 0; i < plane; i++) {
          img[o + i] = (float) (0.2 + 0.15 * rng.nextGaussian());
        }
        for (int y = Math.max(0, y0); y < Math.min(shape.h(), y0 + cellH); y++) {
          for (int x = Math.max(0, x0); x < Math.min(shape.w(), x0 + cellW); x++) {
            img[o + y * shape.w() + x] += level - 0.2f;
          }
        }
        for (int i = 0; i < plane; i++) {
          img[o + i] = Math.min(1f, Math.max(0f, img[o + i]));
        }
      }
    }
    List<String> names = new ArrayList<>();
    for (int k = 0; k < classes; k++) {
      names.add("class" + k);
    }
    return new Dataset(img, labels, shape, names);
  }
}
