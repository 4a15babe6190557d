package io.mcdrop.study.report;

import io.mcdrop.study.run.CalibratedResult;
import io.mcdrop.study.run.VariantResult;
import io.mcdrop.trainer.config.EpochStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One variant over all its seeds: every metric as a mean with its 95 % interval, deterministic and
 * MC side by side, and the mean learning curves. Accuracies, ECE and AUROC are fractions; the gap
 * is train minus validation accuracy (fraction) at the last epoch.
 *
 * @param oodDet OOD AUROC of the deterministic pass's predictive entropy
 * @param oodMc OOD AUROC of the MC pass's predictive entropy
 * @param oodMi OOD AUROC of the MC pass's mutual information
 * @param mcNllGain deterministic minus MC test NLL, paired per seed (positive: MC better)
 * @param mcAccuracyGain MC minus deterministic test accuracy, paired per seed
 * @param gapCurve mean train − validation accuracy per epoch (fraction)
 * @param valLossCurve mean validation loss per epoch
 * @param calibrated the test numbers after temperature scaling, over the seeds calibrated so far,
 *     or null when none is
 */
public record VariantSummary(
    String key,
    String placement,
    double rate,
    String description,
    String spec,
    double droppedUnits,
    List<Long> seeds,
    Interval detAccuracy,
    Interval mcAccuracy,
    Interval detNll,
    Interval mcNll,
    Interval detEce,
    Interval mcEce,
    Interval oodDet,
    Interval oodMc,
    Interval oodMi,
    Interval gap,
    Interval detMs,
    Interval mcMs,
    Interval trainSeconds,
    Interval mcNllGain,
    Interval mcAccuracyGain,
    double[] gapCurve,
    double[] valLossCurve,
    Calibrated calibrated) {

  /**
   * After temperature scaling (fitted on the validation split), over {@code seeds} seeds, with the
   * same pass's numbers before scaling (same masks, so before and after pair exactly). MC intervals
   * are unknown (NaN) for a variant without dropout.
   */
  public record Calibrated(
      int seeds,
      Interval detTemperature,
      Interval mcTemperature,
      Interval detNllBefore,
      Interval mcNllBefore,
      Interval detEceBefore,
      Interval mcEceBefore,
      Interval detNll,
      Interval mcNll,
      Interval detEce,
      Interval mcEce,
      Interval coverage,
      Interval meanSetSize) {

    /** NLL of the ranked pass before scaling, from the same calibrated pass. */
    public Interval nllBefore() {
      return Double.isFinite(mcNllBefore.mean()) ? mcNllBefore : detNllBefore;
    }

    public Interval eceBefore() {
      return Double.isFinite(mcEceBefore.mean()) ? mcEceBefore : detEceBefore;
    }

    /** Calibrated NLL of the ranked pass (MC when measured). */
    public Interval nll() {
      return Double.isFinite(mcNll.mean()) ? mcNll : detNll;
    }

    public Interval ece() {
      return Double.isFinite(mcEce.mean()) ? mcEce : detEce;
    }

    static Calibrated of(List<CalibratedResult> cs) {
      if (cs.isEmpty()) {
        return null;
      }
      return new Calibrated(
          cs.size(),
          over(cs, CalibratedResult::detTemperature),
          over(cs, CalibratedResult::mcTemperature),
          over(cs, CalibratedResult::detNllBefore),
          over(cs, CalibratedResult::mcNllBefore),
          over(cs, CalibratedResult::detEceBefore),
          over(cs, CalibratedResult::mcEceBefore),
          over(cs, CalibratedResult::detNllAfter),
          over(cs, CalibratedResult::mcNllAfter),
          over(cs, CalibratedResult::detEceAfter),
          over(cs, CalibratedResult::mcEceAfter),
          over(cs, CalibratedResult::coverage),
          over(cs, CalibratedResult::meanSetSize));
    }

    private static Interval over(List<CalibratedResult> cs, ToDoubleFunction<CalibratedResult> f) {
      return Interval.of(cs.stream().mapToDouble(f).toArray());
    }
  }

  public boolean hasDropout() {
    return !placement.equals("none");
  }

  public boolean hasMc() {
    return Double.isFinite(mcNll.mean());
  }

  /** Test NLL of the pass the study ranks by: MC when measured, else deterministic. */
  public Interval nll() {
    return hasMc() ? mcNll : detNll;
  }

  public Interval accuracy() {
    return hasMc() ? mcAccuracy : detAccuracy;
  }

  public Interval ece() {
    return hasMc() ? mcEce : detEce;
  }

  /** OOD AUROC of the ranked pass: MC mutual information, else deterministic entropy. */
  public Interval ood() {
    return hasMc() ? oodMi : oodDet;
  }

  /** Groups per-unit results by variant key, in first-seen order. */
  public static List<VariantSummary> of(List<VariantResult> results, String oodSet) {
    Map<String, List<VariantResult>> by = new LinkedHashMap<>();
    for (VariantResult r : results) {
      by.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
    }
    List<VariantSummary> out = new ArrayList<>();
    for (List<VariantResult> rs : by.values()) {
      out.add(summarise(rs, oodSet));
    }
    return out;
  }

  private static VariantSummary summarise(List<VariantResult> rs, String ood) {
    VariantResult first = rs.get(0);
    ToDoubleFunction<VariantResult> nan = r -> Double.NaN;
    return new VariantSummary(
        first.key(),
        first.placement(),
        first.rate(),
        first.description(),
        first.spec(),
        first.droppedUnits(),
        rs.stream().map(VariantResult::seed).toList(),
        over(rs, r -> r.deterministic().accuracy()),
        over(rs, r -> r.mc() == null ? Double.NaN : r.mc().accuracy()),
        over(rs, r -> r.deterministic().nll()),
        over(rs, r -> r.mc() == null ? Double.NaN : r.mc().nll()),
        over(rs, r -> r.deterministic().ece()),
        over(rs, r -> r.mc() == null ? Double.NaN : r.mc().ece()),
        over(rs, ood == null ? nan : r -> r.deterministic().ood(ood, "entropy")),
        over(rs, ood == null ? nan : r -> r.mc() == null ? Double.NaN : r.mc().ood(ood, "entropy")),
        over(
            rs,
            ood == null ? nan : r -> r.mc() == null ? Double.NaN : r.mc().ood(ood, "mutual-info")),
        over(rs, VariantResult::accuracyGap),
        fastest(rs, VariantResult::detMsPerImage),
        fastest(rs, VariantResult::mcMsPerImage),
        over(rs, VariantResult::trainSeconds),
        over(rs, r -> r.mc() == null ? Double.NaN : r.deterministic().nll() - r.mc().nll()),
        over(
            rs,
            r -> r.mc() == null ? Double.NaN : r.mc().accuracy() - r.deterministic().accuracy()),
        curve(rs, e -> e.trainAccuracy() - e.valAccuracy()),
        curve(rs, EpochStats::valLoss),
        Calibrated.of(
            rs.stream()
                .map(VariantResult::calibrated)
                .filter(java.util.Objects::nonNull)
                .toList()));
  }

  private static Interval over(List<VariantResult> rs, ToDoubleFunction<VariantResult> f) {
    return Interval.of(rs.stream().mapToDouble(f).toArray());
  }

  /**
   * A time per image of the variant: the fastest of its seeds, from the cost pass when any seed has
   * one. Every seed runs the same graph, so they measure one cost, and whatever else the machine
   * did meanwhile can only add time: the least disturbed measurement is the minimum.
   */
  private static Interval fastest(List<VariantResult> rs, ToDoubleFunction<VariantResult> f) {
    boolean anyCost = rs.stream().anyMatch(r -> r.cost() != null);
    return Interval.of(
        rs.stream()
            .filter(r -> !anyCost || r.cost() != null)
            .mapToDouble(f)
            .filter(Double::isFinite)
            .min()
            .orElse(Double.NaN));
  }

  /** Mean over seeds per epoch, as far as every seed got. */
  private static double[] curve(List<VariantResult> rs, ToDoubleFunction<EpochStats> f) {
    int epochs = rs.stream().mapToInt(r -> r.history().size()).min().orElse(0);
    double[] c = new double[epochs];
    for (VariantResult r : rs) {
      for (int e = 0; e < epochs; e++) {
        c[e] += f.applyAsDouble(r.history().get(e)) / rs.size();
      }
    }
    return c;
  }
}
