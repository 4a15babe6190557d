package io.mcdrop.trainer.data;

import io.mcdrop.onnx.contract.ContractJson;
import io.mcdrop.onnx.contract.PreprocessSpec;
import io.mcdrop.onnx.contract.ResizeRule;
import java.util.Map;

/**
 * The trainer's handle on the model contract's {@link PreprocessSpec} (the rule, its order and its
 * JSON are defined there, once): {@link #fit} measures mean and std on a data set, {@link
 * #normalize} applies the last step to pixels already scaled to [0, 1] (the trainer's data sets
 * hold unit-range pixels, so steps 1–4 of the spec happened when they were read), and {@link
 * #toSpec} is what the exporter writes to {@code mcdrop.preprocess}.
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

  public static final String RESIZE_BILINEAR = ResizeRule.STRETCH_BILINEAR.wireName();

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

  /** The contract record this stands for (validated there). */
  public PreprocessSpec toSpec() {
    return new PreprocessSpec(
        channels, height, width, ResizeRule.parse(resize), scale, mean, std, invert);
  }

  /** The JSON-ready map for {@code mcdrop.preprocess} and checkpoints (the contract's codec). */
  public Map<String, Object> toMap() {
    return ContractJson.toMap(toSpec());
  }

  public static Preprocess fromMap(Map<String, Object> m) {
    PreprocessSpec s = ContractJson.preprocessFromMap(m);
    return new Preprocess(
        s.channels(),
        s.height(),
        s.width(),
        s.resize().wireName(),
        s.scale(),
        s.mean(),
        s.std(),
        s.invert());
  }
}
