package io.mcdrop.onnx.contract;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.Arrays;
import java.util.Objects;

/**
 * How an image becomes the model's input tensor: the {@code mcdrop.preprocess} entry, written by
 * the trainer's exporter and read by the runtime. The steps, in this order (defined only here):
 *
 * <ol>
 *   <li>decode and convert to {@code channels} (1 = BT.601 luma, 3 = RGB), 8-bit levels v;
 *   <li>resize to {@code height} × {@code width} by {@link #resize()};
 *   <li>if {@code invert}: v ← 255 − v (in pixel levels, before scaling);
 *   <li>x ← v · {@code scale} (1/255 maps to [0, 1]);
 *   <li>x ← (x − mean[c]) / std[c] per channel.
 * </ol>
 *
 * <p>{@link #normalize(double, int)} is steps 3–5; {@code io.mcdrop.image.ImageTensors} does 1–2
 * and calls it. The JSON codec is {@link ContractJson}.
 *
 * @param channels 1 or 3 for images; the trainer also exports feature tensors with other counts,
 *     which have no image path ({@link #isImage()})
 * @param height input height in pixels
 * @param width input width in pixels
 * @param resize the resize rule
 * @param scale pixel multiplier (usually 1/255)
 * @param mean per-channel mean, subtracted after scaling
 * @param std per-channel standard deviation (> 0), divided by after the mean
 * @param invert whether pixel levels are inverted (255 − v) first
 */
public record PreprocessSpec(
    int channels,
    int height,
    int width,
    ResizeRule resize,
    double scale,
    double[] mean,
    double[] std,
    boolean invert) {

  /** Maps 8-bit levels to [0, 1]. */
  public static final double UNIT_SCALE = 1.0 / 255.0;

  /** Most channels a tensor input may have. */
  public static final int MAX_CHANNELS = 4096;

  /** Largest side a model input may have. */
  public static final int MAX_SIDE = 4096;

  public PreprocessSpec {
    if (channels < 1 || channels > MAX_CHANNELS) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "channels must be between 1 and " + MAX_CHANNELS + ", got " + channels);
    }
    if (height <= 0 || width <= 0 || height > MAX_SIDE || width > MAX_SIDE) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "image size must be between 1x1 and "
              + MAX_SIDE
              + "x"
              + MAX_SIDE
              + ", got "
              + height
              + "x"
              + width);
    }
    resize = resize == null ? ResizeRule.STRETCH_BILINEAR : resize;
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new McdropException(ErrorCode.BAD_OPTION, "scale must be > 0, got " + scale);
    }
    mean = perChannel(mean, channels, 0.0, "mean");
    std = perChannel(std, channels, 1.0, "std");
    for (double m : mean) {
      if (!Double.isFinite(m)) {
        throw new McdropException(
            ErrorCode.BAD_OPTION, "mean values must be finite, got " + Arrays.toString(mean));
      }
    }
    for (double s : std) {
      if (!(s > 0) || Double.isInfinite(s)) {
        throw new McdropException(
            ErrorCode.BAD_OPTION, "std values must be > 0, got " + Arrays.toString(std));
      }
    }
  }

  /** Plain preprocessing: [0, 1] pixels, mean 0, std 1, no inversion. */
  public static PreprocessSpec plain(int channels, int height, int width) {
    return new PreprocessSpec(
        channels, height, width, ResizeRule.STRETCH_BILINEAR, UNIT_SCALE, null, null, false);
  }

  /** Whether images can be decoded into this input (1 = gray, 3 = RGB channels). */
  public boolean isImage() {
    return channels == 1 || channels == 3;
  }

  /** Floats in one input tensor (C × H × W). */
  public int elements() {
    return channels * height * width;
  }

  /** The same rule with another mean and std (null keeps the current one). */
  public PreprocessSpec withNormalization(double[] newMean, double[] newStd) {
    return new PreprocessSpec(
        channels,
        height,
        width,
        resize,
        scale,
        newMean == null ? mean : newMean,
        newStd == null ? std : newStd,
        invert);
  }

  /** Steps 3–5 of the class comment for one 8-bit level {@code v} of channel {@code c}. */
  public float normalize(double v, int c) {
    double level = invert ? 255.0 - v : v;
    return (float) ((level * scale - mean[c]) / std[c]);
  }

  /** Parses {@code mcdrop.preprocess} JSON (see {@link ContractJson#preprocess}). */
  public static PreprocessSpec fromJson(String json) {
    return ContractJson.preprocess(json);
  }

  /** The {@code mcdrop.preprocess} JSON. */
  public String toJson() {
    return ContractJson.write(this);
  }

  private static double[] perChannel(double[] v, int channels, double fallback, String what) {
    if (v == null || v.length == 0) {
      double[] out = new double[channels];
      Arrays.fill(out, fallback);
      return out;
    }
    if (v.length == 1 && channels > 1) {
      double[] out = new double[channels];
      Arrays.fill(out, v[0]);
      return out;
    }
    if (v.length != channels) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          what + " has " + v.length + " values but the model takes " + channels + " channel(s)");
    }
    return v.clone();
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] std() {
    return std.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PreprocessSpec p
        && p.channels == channels
        && p.height == height
        && p.width == width
        && p.resize == resize
        && Double.compare(p.scale, scale) == 0
        && Arrays.equals(p.mean, mean)
        && Arrays.equals(p.std, std)
        && p.invert == invert;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        channels,
        height,
        width,
        resize,
        scale,
        Arrays.hashCode(mean),
        Arrays.hashCode(std),
        invert);
  }

  @Override
  public String toString() {
    return toJson();
  }
}
