package io.mcdrop.evaluation.ood;

import io.mcdrop.evaluation.predict.PredictionSet;
import io.mcdrop.evaluation.predict.Score;
import io.mcdrop.metrics.Detection;
import java.util.EnumMap;
import java.util.Map;

/**
 * How well each score flags one OOD set against the in-distribution test set, deterministic and MC
 * side by side.
 *
 * @param deterministic per score; scores needing MC samples are absent
 * @param mc per score, from the MC pass
 * @param inScores scores of the in-distribution images from the MC pass, or the deterministic pass
 *     without MC (kept for histograms)
 * @param outScores the same scores for the OOD images
 */
public record OodResult(
    String name,
    String description,
    int count,
    Map<Score, Separation> deterministic,
    Map<Score, Separation> mc,
    Map<Score, double[]> inScores,
    Map<Score, double[]> outScores) {

  /** AUROC and FPR at 95 % TPR with OOD images as the positives. */
  public record Separation(double auroc, double fprAt95Tpr) {
    public static Separation of(double[] ood, double[] in) {
      return new Separation(Detection.auroc(ood, in), Detection.fprAtTpr(ood, in, 0.95));
    }
  }

  public static OodResult of(
      OodSets.Named set,
      PredictionSet inDet,
      PredictionSet outDet,
      PredictionSet inMc,
      PredictionSet outMc) {
    Map<Score, Separation> det = new EnumMap<>(Score.class);
    Map<Score, Separation> mc = new EnumMap<>(Score.class);
    Map<Score, double[]> in = new EnumMap<>(Score.class);
    Map<Score, double[]> out = new EnumMap<>(Score.class);
    for (Score s : Score.values()) {
      if (s.applies(inDet.samples())) {
        det.put(s, Separation.of(outDet.score(s), inDet.score(s)));
      }
      if (inMc != null && s.applies(inMc.samples())) {
        mc.put(s, Separation.of(outMc.score(s), inMc.score(s)));
      }
      PredictionSet bestIn = inMc != null ? inMc : inDet;
      PredictionSet bestOut = inMc != null ? outMc : outDet;
      if (s.applies(bestIn.samples())) {
        in.put(s, bestIn.score(s));
        out.put(s, bestOut.score(s));
      }
    }
    return new OodResult(set.name(), set.description(), outDet.size(), det, mc, in, out);
  }
}
