package io.mcdrop.evaluation.predict;

import io.mcdrop.metrics.Calibration;
import io.mcdrop.metrics.Detection;
import io.mcdrop.metrics.Scores;
import java.util.EnumMap;
import java.util.Map;

/**
 * How good one set of predictions is against the true labels.
 *
 * @param count images scored
 * @param accuracy fraction right
 * @param nll mean negative log-likelihood (nats, probabilities clipped)
 * @param brier mean multi-class Brier score
 * @param calibration ECE, MCE and the reliability bins (15 equal-width bins)
 * @param misclassificationAuroc per score, AUROC at telling wrong predictions from right ones (NaN
 *     when all are right or all wrong, or when the score needs MC samples and there were none)
 * @param msPerImage cost per image: the wall-clock time of the pass, or (after {@link
 *     #withMsPerImage}) a steady-state measurement
 */
public record QualityMetrics(
    int count,
    double accuracy,
    double nll,
    double brier,
    Calibration.Result calibration,
    Map<Score, Double> misclassificationAuroc,
    double msPerImage) {

  public static QualityMetrics of(PredictionSet p, int[] labels) {
    if (labels.length != p.size()) {
      throw new IllegalArgumentException(
          p.size() + " predictions but " + labels.length + " labels");
    }
    boolean[] correct = p.correct(labels);
    Calibration.Result cal = Calibration.of(p.confidence(), correct, Calibration.DEFAULT_BINS);
    Map<Score, Double> auroc = new EnumMap<>(Score.class);
    for (Score s : Score.values()) {
      auroc.put(
          s, s.applies(p.samples()) ? misclassificationAuroc(p.score(s), correct) : Double.NaN);
    }
    return new QualityMetrics(
        p.size(),
        Scores.accuracy(p.probabilities(), labels),
        Scores.nll(p.probabilities(), labels),
        Scores.brier(p.probabilities(), labels),
        cal,
        auroc,
        p.msPerImage());
  }

  /** AUROC of {@code score} with the wrong predictions as positives. */
  static double misclassificationAuroc(double[] score, boolean[] correct) {
    int wrong = 0;
    for (boolean c : correct) {
      wrong += c ? 0 : 1;
    }
    double[] pos = new double[wrong];
    double[] neg = new double[correct.length - wrong];
    for (int i = 0, a = 0, b = 0; i < correct.length; i++) {
      if (correct[i]) {
        neg[b++] = score[i];
      } else {
        pos[a++] = score[i];
      }
    }
    return Detection.auroc(pos, neg);
  }

  public QualityMetrics withMsPerImage(double ms) {
    return new QualityMetrics(count, accuracy, nll, brier, calibration, misclassificationAuroc, ms);
  }

  public double ece() {
    return calibration.ece();
  }

  public double mce() {
    return calibration.mce();
  }
}
