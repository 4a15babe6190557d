package io.mcdrop.study.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mcdrop.evaluation.EvaluationReport;
import io.mcdrop.evaluation.ood.OodResult;
import io.mcdrop.evaluation.predict.QualityMetrics;
import io.mcdrop.evaluation.predict.Score;
import io.mcdrop.trainer.config.EpochStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one finished (variant, seed) unit measured; written as {@code result.json}, whose presence
 * marks the unit done. {@code droppedUnits} is the expected number of units its dropout layers zero
 * per image and forward pass. Accuracies are fractions; gaps are train minus validation accuracy
 * (fraction) and validation minus train loss (nats), at the last epoch. {@code calibrated} is
 * attached from the unit's {@link UnitCalibration#FILE} when it has been calibrated (never stored
 * in {@code result.json}, which marks training and evaluation done); {@code cost} likewise from its
 * {@link UnitCost#FILE}.
 */
public record VariantResult(
    String key,
    String placement,
    double rate,
    long seed,
    String description,
    String spec,
    long parameters,
    double droppedUnits,
    int epochs,
    double trainSeconds,
    List<EpochStats> history,
    double trainLoss,
    double trainAccuracy,
    double valLoss,
    double valAccuracy,
    Pass deterministic,
    Pass mc,
    int samples,
    int testImages,
    @JsonInclude(JsonInclude.Include.NON_NULL) CalibratedResult calibrated,
    @JsonInclude(JsonInclude.Include.NON_NULL) CostResult cost) {

  /**
   * One inference pass on the test set.
   *
   * @param misclassificationAuroc per score key
   * @param oodAuroc per OOD set, per score key
   * @param oodFpr95 per OOD set, per score key: FPR at 95 % TPR
   */
  public record Pass(
      double accuracy,
      double nll,
      double brier,
      double ece,
      double mce,
      Map<String, Double> misclassificationAuroc,
      Map<String, Map<String, Double>> oodAuroc,
      Map<String, Map<String, Double>> oodFpr95,
      double msPerImage) {

    static Pass of(QualityMetrics q, List<OodResult> ood, boolean mcPass) {
      Map<String, Double> mis = new LinkedHashMap<>();
      for (Score s : Score.values()) {
        mis.put(s.key(), q.misclassificationAuroc().get(s));
      }
      Map<String, Map<String, Double>> au = new LinkedHashMap<>();
      Map<String, Map<String, Double>> fpr = new LinkedHashMap<>();
      for (OodResult o : ood) {
        Map<String, Double> a = new LinkedHashMap<>();
        Map<String, Double> f = new LinkedHashMap<>();
        for (Map.Entry<Score, OodResult.Separation> e :
            (mcPass ? o.mc() : o.deterministic()).entrySet()) {
          a.put(e.getKey().key(), e.getValue().auroc());
          f.put(e.getKey().key(), e.getValue().fprAt95Tpr());
        }
        au.put(o.name(), a);
        fpr.put(o.name(), f);
      }
      return new Pass(
          q.accuracy(), q.nll(), q.brier(), q.ece(), q.mce(), mis, au, fpr, q.msPerImage());
    }

    /** AUROC of {@code score} on OOD set {@code set}, NaN if not measured. */
    public double ood(String set, String score) {
      Map<String, Double> m = oodAuroc.get(set);
      Double v = m == null ? null : m.get(score);
      return v == null ? Double.NaN : v;
    }

    public double misclassification(String score) {
      Double v = misclassificationAuroc.get(score);
      return v == null ? Double.NaN : v;
    }
  }

  public static VariantResult of(
      String key,
      String placement,
      double rate,
      long seed,
      String description,
      String spec,
      long parameters,
      double droppedUnits,
      List<EpochStats> history,
      EvaluationReport eval) {
    EpochStats last = history.get(history.size() - 1);
    double secs = history.stream().mapToDouble(EpochStats::seconds).sum();
    return new VariantResult(
        key,
        placement,
        rate,
        seed,
        description,
        spec,
        parameters,
        droppedUnits,
        history.size(),
        secs,
        history,
        last.trainLoss(),
        last.trainAccuracy(),
        last.valLoss(),
        last.valAccuracy(),
        Pass.of(eval.deterministic(), eval.ood(), false),
        eval.mc() == null ? null : Pass.of(eval.mc(), eval.ood(), true),
        eval.samples(),
        eval.deterministic().count(),
        null,
        null);
  }

  /** This result with its temperature-scaling numbers attached. */
  public VariantResult withCalibrated(CalibratedResult c) {
    return with(c, cost);
  }

  /** This result with its separately measured inference cost attached. */
  public VariantResult withCost(CostResult c) {
    return with(calibrated, c);
  }

  private VariantResult with(CalibratedResult c, CostResult k) {
    return new VariantResult(
        key,
        placement,
        rate,
        seed,
        description,
        spec,
        parameters,
        droppedUnits,
        epochs,
        trainSeconds,
        history,
        trainLoss,
        trainAccuracy,
        valLoss,
        valAccuracy,
        deterministic,
        mc,
        samples,
        testImages,
        c,
        k);
  }

  /** Deterministic ms per image: the cost pass's when measured, else the evaluation's timing. */
  public double detMsPerImage() {
    return cost != null ? cost.detMsPerImage() : deterministic.msPerImage();
  }

  /**
   * MC ms per image (NaN without dropout): the cost pass's when measured, else the evaluation's.
   */
  public double mcMsPerImage() {
    if (mc == null) {
      return Double.NaN;
    }
    return cost != null ? cost.mcMsPerImage() : mc.msPerImage();
  }

  /** Train minus validation accuracy at the last epoch (positive = over-fitting). */
  public double accuracyGap() {
    return trainAccuracy - valAccuracy;
  }

  /** Validation minus train loss at the last epoch (positive = over-fitting). */
  public double lossGap() {
    return valLoss - trainLoss;
  }

  /** The pass the study ranks by: MC when measured, else deterministic. */
  public Pass best() {
    return mc != null ? mc : deterministic;
  }

  /** MC cost per image over deterministic cost per image. */
  public double mcCostRatio() {
    return mcMsPerImage() / detMsPerImage();
  }

  public boolean hasDropout() {
    return !placement.equalsIgnoreCase("none");
  }
}
