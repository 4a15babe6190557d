package io.mcdrop.evaluation.calibrate;

import io.mcdrop.evaluation.predict.Inference;
import io.mcdrop.evaluation.predict.PredictionSet;
import io.mcdrop.evaluation.predict.QualityMetrics;
import io.mcdrop.evaluation.predict.Score;
import io.mcdrop.runtime.calibration.CalibrationSpec;
import io.mcdrop.runtime.calibration.Tempering;
import io.mcdrop.runtime.stats.Prediction;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How a calibrated model's calibration holds up on the test split: before (T = 1) and after (the
 * stored temperatures), deterministic and MC; the conformal sets' empirical coverage, overall and
 * per class, and their sizes; and the verdict thresholds' realised rates on each OOD set.
 *
 * @param spec the model's stored calibration
 * @param deterministic before/after of one forward pass
 * @param mc before/after of MC dropout, or null without MC
 * @param conformal the conformal sets of the MC pass (of the deterministic pass without MC)
 * @param conformalDeterministic the deterministic pass's sets (equal to {@code conformal} without
 *     MC)
 * @param ood per OOD set, how often the thresholds flag it and the test images
 */
public record CalibrationSection(
    CalibrationSpec spec,
    BeforeAfter deterministic,
    BeforeAfter mc,
    Coverage conformal,
    Coverage conformalDeterministic,
    List<OodRates> ood) {

  /**
   * One way of predicting, uncalibrated and calibrated.
   *
   * @param eceFloor the ECE a perfectly calibrated model with the calibrated confidences would show
   *     on these images: what {@code after.ece} is to be read against
   */
  public record BeforeAfter(
      int samples,
      double temperature,
      QualityMetrics before,
      QualityMetrics after,
      EceFloor eceFloor) {}

  /**
   * Empirical behaviour of the prediction sets.
   *
   * @param mode "deterministic" or "mc"
   * @param coverage share of test images whose set holds the true label
   * @param perClass the same per true class
   * @param meanSetSize mean number of labels per set
   * @param singleton share of sets with exactly one label
   * @param empty share of empty sets
   * @param sizeCounts images per set size 0..K
   */
  public record Coverage(
      String mode,
      double coverage,
      double[] perClass,
      double meanSetSize,
      double singleton,
      double empty,
      int[] sizeCounts) {}

  /**
   * Realised rates of the "uncertain" thresholds: TPR = share of OOD images above the threshold,
   * FPR = share of in-distribution test images above it (the design value is 1 − acceptance).
   */
  public record OodRates(
      String name,
      int images,
      double entropyTprDeterministic,
      double entropyFprDeterministic,
      double entropyTprMc,
      double entropyFprMc,
      double mutualInformationTpr,
      double mutualInformationFpr) {}

  private static final long FLOOR_SEED = 20261201L;

  /** The test passes (uncalibrated, with their samples) and OOD passes the section is made of. */
  public record OodPasses(String name, Inference.Pass deterministic, Inference.Pass mc) {}

  /**
   * @param u the APS/RAPS draw of each test image (the runtime's {@code InputHash} of its input)
   */
  public static CalibrationSection of(
      CalibrationSpec spec,
      Inference.Pass det,
      Inference.Pass mc,
      int[] labels,
      double[] u,
      List<String> classNames,
      List<OodPasses> oodPasses) {
    Calibrated d = Calibrated.of(det, spec.deterministic().temperature(), classNames);
    Calibrated m =
        mc == null || spec.mc() == null
            ? null
            : Calibrated.of(mc, spec.mc().temperature(), classNames);
    BeforeAfter detBa =
        new BeforeAfter(
            1,
            spec.deterministic().temperature(),
            QualityMetrics.of(det.predictions(), labels),
            QualityMetrics.of(d.set, labels),
            EceFloor.of(d.set.confidence(), FLOOR_SEED));
    BeforeAfter mcBa =
        m == null
            ? null
            : new BeforeAfter(
                mc.predictions().samples(),
                spec.mc().temperature(),
                QualityMetrics.of(mc.predictions(), labels),
                QualityMetrics.of(m.set, labels),
                EceFloor.of(m.set.confidence(), FLOOR_SEED));
    Coverage covDet =
        coverage("deterministic", d, spec, spec.deterministic(), labels, u, classNames.size());
    Coverage covMc =
        m == null ? covDet : coverage("mc", m, spec, spec.mc(), labels, u, classNames.size());
    List<OodRates> rates = new ArrayList<>();
    for (OodPasses o : oodPasses) {
      Calibrated od =
          Calibrated.of(o.deterministic(), spec.deterministic().temperature(), classNames);
      Calibrated om =
          o.mc() == null || m == null
              ? null
              : Calibrated.of(o.mc(), spec.mc().temperature(), classNames);
      double hDet = spec.deterministic().entropyThreshold();
      rates.add(
          new OodRates(
              o.name(),
              o.deterministic().predictions().size(),
              above(od.scores(Score.ENTROPY), hDet),
              above(d.scores(Score.ENTROPY), hDet),
              om == null
                  ? Double.NaN
                  : above(om.scores(Score.ENTROPY), spec.mc().entropyThreshold()),
              m == null ? Double.NaN : above(m.scores(Score.ENTROPY), spec.mc().entropyThreshold()),
              om == null
                  ? Double.NaN
                  : above(
                      om.scores(Score.MUTUAL_INFORMATION), spec.mc().mutualInformationThreshold()),
              m == null
                  ? Double.NaN
                  : above(
                      m.scores(Score.MUTUAL_INFORMATION), spec.mc().mutualInformationThreshold())));
    }
    return new CalibrationSection(spec, detBa, mcBa, covMc, covDet, rates);
  }

  private static double above(double[] v, double threshold) {
    int n = 0;
    for (double x : v) {
      n += x > threshold ? 1 : 0;
    }
    return v.length == 0 ? Double.NaN : n / (double) v.length;
  }

  private static Coverage coverage(
      String mode,
      Calibrated c,
      CalibrationSpec spec,
      CalibrationSpec.Mode fit,
      int[] labels,
      double[] u,
      int classes) {
    int[] perClassN = new int[classes];
    int[] perClassHit = new int[classes];
    int[] sizes = new int[classes + 1];
    int hit = 0;
    long total = 0;
    for (int i = 0; i < labels.length; i++) {
      int[] set = spec.score().set(c.set.probabilities()[i], fit.conformalThreshold(), u[i]);
      sizes[set.length]++;
      total += set.length;
      perClassN[labels[i]]++;
      for (int k : set) {
        if (k == labels[i]) {
          hit++;
          perClassHit[labels[i]]++;
        }
      }
    }
    double[] perClass = new double[classes];
    for (int k = 0; k < classes; k++) {
      perClass[k] = perClassN[k] == 0 ? Double.NaN : perClassHit[k] / (double) perClassN[k];
    }
    int n = labels.length;
    return new Coverage(
        mode,
        hit / (double) n,
        perClass,
        total / (double) n,
        sizes[1] / (double) n,
        sizes[0] / (double) n,
        sizes);
  }

  /** A pass re-tempered from its samples, with every score recomputed. */
  private record Calibrated(PredictionSet set) {
    static Calibrated of(Inference.Pass pass, double temperature, List<String> labels) {
      float[][][] raw = pass.samples();
      int n = raw.length;
      double[][] probs = new double[n][];
      Map<Score, double[]> scores = new EnumMap<>(Score.class);
      for (Score s : Score.values()) {
        scores.put(s, new double[n]);
      }
      for (int i = 0; i < n; i++) {
        Prediction p = Tempering.summarize(raw[i], temperature, labels, 1, false);
        probs[i] = p.probabilities();
        for (Score s : Score.values()) {
          scores.get(s)[i] = s.of(p);
        }
      }
      return new Calibrated(
          new PredictionSet(
              probs, scores, pass.predictions().samples(), pass.predictions().seconds()));
    }

    double[] scores(Score s) {
      return set.score(s);
    }
  }
}
