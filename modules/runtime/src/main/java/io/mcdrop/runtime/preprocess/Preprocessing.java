package io.mcdrop.runtime.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.Arrays;

/**
 * How an image becomes the model's input tensor: pixels scaled by {@code scale} (1/255 maps to
 * [0,1]), optionally inverted ({@code 1 - x}), then {@code (x - mean[c]) / std[c]} per channel.
 *
 * @param resize {@code stretch} (resize to height x width ignoring aspect) — the only rule so far
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

  public static final double UNIT_SCALE = 1.0 / 255.0;

  public Preprocessing {
    if (channels != 1 && channels != 3) {
      throw new McdropException(ErrorCode.BAD_OPTION, "channels must be 1 or 3, got " + channels);
    }
    if (height <= 0 || width <= 0 || height > 4096 || width > 4096) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "image size must be between 1x1 and 4096x4096, got " + height + "x" + width);
    }
    mean = perChannel(mean, channels, 0.0, "mean");
    std = perChannel(std, channels, 1.0, "std");
    for (double s : std) {
      if (!(s > 0)) {
        throw new McdropException(
            ErrorCode.BAD_OPTION, "std values must be > 0, got " + Arrays.toString(std));
      }
    }
    resize = resize == null ? "stretch" : resize;
  }

  /** Plain preprocessing: [0,1] pixels, mean 0, std 1. */
  public static Preprocessing plain(int channels, int height, int width) {
    return new Preprocessing(channels, height, width, "stretch", UNIT_SCALE, null, null, false);
  }

  public int elements() {
    return channels * height * width;
  }

  public Preprocessing withNormalization(double[] newMean, double[] newStd) {
    return new Preprocessing(
        channels,
        height,
        width,
        resize,
        scale,
        newMean == null ? mean : newMean,
        newStd == null ? std : newStd,
        invert);
  }

  /** Parses the {@code mcdrop.preprocess} metadata JSON. */
  public static Preprocessing fromJson(String json) {
    try {
      JsonNode n = new ObjectMapper().readTree(json);
      return new Preprocessing(
          n.path("channels").asInt(),
          n.path("height").asInt(),
          n.path("width").asInt(),
          n.path("resize").asText("stretch"),
          n.path("scale").asDouble(UNIT_SCALE),
          doubles(n.get("mean")),
          doubles(n.get("std")),
          n.path("invert").asBoolean(false));
    } catch (java.io.IOException e) {
      throw new McdropException(
          ErrorCode.MODEL_INVALID,
          "model metadata mcdrop.preprocess is not valid JSON: " + e.getMessage(),
          e);
    }
  }

  public String toJson() {
    return String.format(
        java.util.Locale.ROOT,
        "{\"channels\":%d,\"height\":%d,\"width\":%d,\"resize\":\"%s\",\"scale\":%s,\"mean\":%s,\"std\":%s,\"invert\":%s}",
        channels,
        height,
        width,
        resize,
        Double.toString(scale),
        Arrays.toString(mean),
        Arrays.toString(std),
        invert);
  }

  private static double[] doubles(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isNumber()) {
      return new double[] {n.asDouble()};
    }
    double[] out = new double[n.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = n.get(i).asDouble();
    }
    return out;
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
  public boolean equals(Object o) {
    return o instanceof Preprocessing p
        && p.channels == channels
        && p.height == height
        && p.width == width
        && p.resize.equals(resize)
        && p.scale == scale
        && Arrays.equals(p.mean, mean)
        && Arrays.equals(p.std, std)
        && p.invert == invert;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
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
