package io.mcdrop.trainer.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How raw pixels become network input; written to exported models as {@code mcdrop.preprocess} so
 * the runtime prepares images the same way: decode to {@code channels} (1 = grayscale), resize to
 * {@code height}×{@code width} with {@code resize}, optionally invert (255 − v), multiply by {@code
 * scale}, then per channel {@code (v − mean) / std}.
 */
public record Preprocess(
    int channels,
    int height,
    int width,
    String resize,
    double scale,
    double[] mean,
    double[] std,
    boolean invert) {

  public static final String RESIZE_BILINEAR = "bilinear";

  /** Per-channel mean and standard deviation of a data set (pixels already scaled to [0, 1]). */
  public static Preprocess fit(Dataset data) {
    int c = data.shape().c();
    int plane = data.shape().h() * data.shape().w();
    double[] sum = new double[c];
    double[] sq = new double[c];
    float[] img = data.images();
    for (int s = 0; s < data.size(); s++) {
      for (int ch = 0; ch < c; ch++) {
        int o = (s * c + ch) * plane;
        for (int i = 0; i < plane; i++) {
          double v = img[o + i];
          sum[ch] += v;
          sq[ch] += v * v;
        }
      }
    }
    double count = (double) data.size() * plane;
    double[] mean = new double[c];
    double[] std = new double[c];
    for (int ch = 0; ch < c; ch++) {
      mean[ch] = round4(sum[ch] / count);
      std[ch] =
          round4(
              Math.sqrt(Math.max(1e-12, sq[ch] / count - (sum[ch] / count) * (sum[ch] / count))));
    }
    return new Preprocess(
        c, data.shape().h(), data.shape().w(), RESIZE_BILINEAR, 1.0 / 255.0, mean, std, false);
  }

  private static double round4(double v) {
    return Math.round(v * 10000) / 10000.0;
  }

  /** Normalises one sample in place (pixels already in [0, 1]). */
  public void normalize(float[] x, int offset) {
    int plane = height * width;
    for (int ch = 0; ch < channels; ch++) {
      float m = (float) mean[ch];
      float inv = (float) (1.0 / std[ch]);
      int o = offset + ch * plane;
      for (int i = 0; i < plane; i++) {
        x[o + i] = (x[o + i] - m) * inv;
      }
    }
  }

  /** The JSON-ready map written to {@code mcdrop.preprocess}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("channels", channels);
    m.put("height", height);
    m.put("width", width);
    m.put("resize", resize);
    m.put("scale", scale);
    m.put("mean", toList(mean));
    m.put("std", toList(std));
    m.put("invert", invert);
    return m;
  }

  @SuppressWarnings("unchecked")
  public static Preprocess fromMap(Map<String, Object> m) {
    return new Preprocess(
        ((Number) m.get("channels")).intValue(),
        ((Number) m.get("height")).intValue(),
        ((Number) m.get("width")).intValue(),
        (String) m.get("resize"),
        ((Number) m.get("scale")).doubleValue(),
        ((List<Number>) m.get("mean")).stream().mapToDouble(Number::doubleValue).toArray(),
        ((List<Number>) m.get("std")).stream().mapToDouble(Number::doubleValue).toArray(),
        Boolean.TRUE.equals(m.get("invert")));
  }

  private static List<Double> toList(double[] a) {
    return java.util.Arrays.stream(a).boxed().toList();
  }
}
