package io.mcdrop.evaluation.predict;

import io.mcdrop.evaluation.data.ImageSet;
import io.mcdrop.runtime.preprocess.Preprocessing;

/**
 * Applies a model's preprocessing rule to unit-range images: the value a pixel byte {@code v} would
 * have, {@code v = 255 u}, goes through the same scale, inversion and normalisation the runtime's
 * image loader applies, so evaluating a tensor gives what classifying the PNG would.
 */
public final class ModelInput {
  private ModelInput() {}

  public static float[] of(ImageSet images, int index, Preprocessing p) {
    float[] u = images.image(index);
    int plane = images.height() * images.width();
    for (int c = 0; c < images.channels(); c++) {
      double mean = p.mean()[c];
      double std = p.std()[c];
      for (int i = c * plane; i < (c + 1) * plane; i++) {
        double x = 255.0 * u[i] * p.scale();
        if (p.invert()) {
          x = 255 * p.scale() - x;
        }
        u[i] = (float) ((x - mean) / std);
      }
    }
    return u;
  }
}
