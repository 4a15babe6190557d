package io.mcdrop.runtime.preprocess;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.contract.PreprocessSpec;
import io.mcdrop.onnx.contract.ResizeRule;

/**
 * The runtime's view of a model's {@link PreprocessSpec}, kept so code written against this type
 * still compiles: every rule, check and the JSON codec are the contract's ({@link PreprocessSpec});
 * this record only converts. New code takes {@link PreprocessSpec} directly ({@code
 * ModelInfo.preprocess()}).
 *
 * @param resize the resize rule's name ({@code bilinear}; {@code stretch} is read as its alias)
 */
public record Preprocessing(
    int channels,
    int height,
    int width,
    String resize,
    double scale,
    double[] mean,
    double[] std,
    boolean invert) {

  public static final double UNIT_SCALE = PreprocessSpec.UNIT_SCALE;

  public Preprocessing {
    // the runtime classifies images: gray or RGB inputs only
    if (channels != 1 && channels != 3) {
      throw new McdropException(ErrorCode.BAD_OPTION, "channels must be 1 or 3, got " + channels);
    }
    PreprocessSpec spec =
        new PreprocessSpec(
            channels, height, width, ResizeRule.parse(resize), scale, mean, std, invert);
    resize = spec.resize().wireName();
    mean = spec.mean();
    std = spec.std();
  }

  /** The contract record this stands for. */
  public PreprocessSpec toSpec() {
    return new PreprocessSpec(
        channels, height, width, ResizeRule.parse(resize), scale, mean, std, invert);
  }

  public static Preprocessing of(PreprocessSpec s) {
    return s == null
        ? null
        : new Preprocessing(
            s.channels(),
            s.height(),
            s.width(),
            s.resize().wireName(),
            s.scale(),
            s.mean(),
            s.std(),
            s.invert());
  }

  /** Plain preprocessing: [0,1] pixels, mean 0, std 1. */
  public static Preprocessing plain(int channels, int height, int width) {
    return of(PreprocessSpec.plain(channels, height, width));
  }

  public int elements() {
    return channels * height * width;
  }

  public Preprocessing withNormalization(double[] newMean, double[] newStd) {
    return of(toSpec().withNormalization(newMean, newStd));
  }

  /** Parses the {@code mcdrop.preprocess} metadata JSON (the contract's codec). */
  public static Preprocessing fromJson(String json) {
    return of(PreprocessSpec.fromJson(json));
  }

  public String toJson() {
    return toSpec().toJson();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Preprocessing p && p.toSpec().equals(toSpec());
  }

  @Override
  public int hashCode() {
    return toSpec().hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
