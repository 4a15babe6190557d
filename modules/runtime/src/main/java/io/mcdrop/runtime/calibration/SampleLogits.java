package io.mcdrop.runtime.calibration;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;

/**
 * Logits of {@code samples} MC draws for each of {@code images} inputs, flattened as
 * [image][sample][class]. One sample per image is a deterministic pass. Logits are known up to an
 * additive constant per row, so log-probabilities serve as well (softmax is shift-invariant).
 */
public record SampleLogits(float[] values, int images, int samples, int classes) {
  /** Log-probabilities below this are clipped (a float probability of 0 has no logarithm). */
  public static final float LOG_FLOOR = -103.0f;

  public SampleLogits {
    if (images < 0 || samples < 1 || classes < 2) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "logits need >= 1 sample and >= 2 classes, got "
              + samples
              + " samples and "
              + classes
              + " classes");
    }
    if ((long) images * samples * classes != values.length) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          values.length
              + " values do not make "
              + images
              + " images x "
              + samples
              + " samples x "
              + classes
              + " classes");
    }
  }

  /** From probabilities [image][sample][class] (e.g. an engine's raw samples): their logs. */
  public static SampleLogits fromProbabilities(float[][][] probs) {
    int n = probs.length;
    int t = n == 0 ? 1 : probs[0].length;
    int k = n == 0 ? 2 : probs[0][0].length;
    float[] v = new float[n * t * k];
    int o = 0;
    for (float[][] image : probs) {
      if (image.length != t) {
        throw new McdropException(
            ErrorCode.BAD_INPUT, "every image needs " + t + " samples, got " + image.length);
      }
      for (float[] p : image) {
        if (p.length != k) {
          throw new McdropException(
              ErrorCode.BAD_INPUT, "every sample needs " + k + " classes, got " + p.length);
        }
        for (float x : p) {
          v[o++] = x > 0 ? Math.max(LOG_FLOOR, (float) Math.log(x)) : LOG_FLOOR;
        }
      }
    }
    return new SampleLogits(v, n, t, k);
  }

  /** Offset of (image, sample) in {@link #values}. */
  public int offset(int image, int sample) {
    return (image * samples + sample) * classes;
  }

  /**
   * Mean over samples of softmax(z / temperature) for one image, written into {@code out}; {@code
   * scratch} holds one row.
   */
  public void meanProbabilities(int image, double temperature, double[] out, double[] scratch) {
    java.util.Arrays.fill(out, 0);
    double inv = 1.0 / temperature;
    for (int s = 0; s < samples; s++) {
      Tempering.softmax(values, offset(image, s), classes, inv, scratch);
      for (int c = 0; c < classes; c++) {
        out[c] += scratch[c];
      }
    }
    for (int c = 0; c < classes; c++) {
      out[c] /= samples;
    }
  }
}
