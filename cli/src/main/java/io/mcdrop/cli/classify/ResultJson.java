package io.mcdrop.cli.classify;

import io.mcdrop.runtime.stats.Prediction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One element of {@code classify --json}: a prediction, or {@code {"file", "error"}} for an input
 * that failed, so a script can tell which did. Spread fields that one deterministic pass cannot
 * measure ({@code std}, {@code lower}, {@code upper}, {@code mutualInformation}, {@code
 * variationRatio}) are null then, never a made-up zero.
 */
final class ResultJson {
  private ResultJson() {}

  static Map<String, Object> of(ClassifyCommand.Row r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", r.file());
    Prediction p = r.prediction();
    if (p == null) {
      m.put("error", r.error());
      return m;
    }
    boolean sampled = p.sampled();
    m.put("label", p.label());
    m.put("index", p.index());
    m.put("confidence", p.confidence());
    m.put("probabilities", p.probabilities());
    m.put("std", sampled ? p.std() : null);
    m.put("lower", sampled ? p.lower() : null);
    m.put("upper", sampled ? p.upper() : null);
    m.put("entropy", p.entropy());
    m.put("expectedEntropy", p.expectedEntropy());
    m.put("mutualInformation", sampled ? p.mutualInformation() : null);
    m.put("variationRatio", sampled ? p.variationRatio() : null);
    m.put("samples", p.samples());
    m.put("sampled", sampled);
    m.put("verdict", p.verdict().word());
    m.put("predictionSet", p.predictionSet());
    m.put("calibrated", p.calibrated());
    m.put("temperature", p.temperature());
    m.put("topK", p.topK());
    if (p.rawSamples() != null) {
      m.put("rawSamples", p.rawSamples());
    }
    return m;
  }
}
