package io.mcdrop.evaluation;

import io.mcdrop.evaluation.calibrate.CalibrationSection;
import io.mcdrop.evaluation.ood.OodResult;
import io.mcdrop.evaluation.predict.QualityMetrics;
import io.mcdrop.evaluation.shift.ShiftPoint;
import java.util.List;

/**
 * Everything one evaluation measured.
 *
 * @param model model name
 * @param data test-set name
 * @param classes the in-distribution classes
 * @param samples MC samples per image (1 = deterministic only)
 * @param seed the seed used
 * @param deterministic quality of the deterministic pass
 * @param mc quality of the MC pass, or null when {@code samples == 1}
 * @param ood one result per OOD set
 * @param shift one point per rotation angle (empty without a sweep)
 * @param shiftSpec the sweep's text, or null
 * @param calibration before/after calibration, conformal coverage and threshold rates, or null for
 *     a model without {@code mcdrop.calibration}
 * @param seconds total wall-clock time
 */
public record EvaluationReport(
    String model,
    String data,
    List<String> classes,
    int samples,
    long seed,
    QualityMetrics deterministic,
    QualityMetrics mc,
    List<OodResult> ood,
    List<ShiftPoint> shift,
    String shiftSpec,
    CalibrationSection calibration,
    double seconds) {

  /** MC over deterministic wall-clock cost per image, or NaN without MC. */
  public double mcCostRatio() {
    return mc == null ? Double.NaN : mc.msPerImage() / deterministic.msPerImage();
  }

  /** The MC metrics when present, else the deterministic ones: "the model's best answer". */
  public QualityMetrics best() {
    return mc != null ? mc : deterministic;
  }
}
