package io.mcdrop.study.run;

import io.mcdrop.evaluation.calibrate.CalibrationSection;

/**
 * A unit's test-set numbers before and after temperature scaling fitted on the study's validation
 * split; stored as {@link UnitCalibration#FILE}. MC fields are NaN for a model without dropout.
 *
 * @param calibrationImages validation images the temperatures and sets were fitted on
 * @param coverage share of test images whose conformal set (α of the default options, the ranked
 *     pass) holds the true label
 * @param meanSetSize mean labels per conformal set
 */
public record CalibratedResult(
    int calibrationImages,
    double detTemperature,
    double detNllBefore,
    double detNllAfter,
    double detEceBefore,
    double detEceAfter,
    double mcTemperature,
    double mcNllBefore,
    double mcNllAfter,
    double mcEceBefore,
    double mcEceAfter,
    double alpha,
    double coverage,
    double meanSetSize) {

  static CalibratedResult of(CalibrationSection c, int images) {
    CalibrationSection.BeforeAfter d = c.deterministic();
    CalibrationSection.BeforeAfter m = c.mc();
    double nan = Double.NaN;
    return new CalibratedResult(
        images,
        d.temperature(),
        d.before().nll(),
        d.after().nll(),
        d.before().ece(),
        d.after().ece(),
        m == null ? nan : m.temperature(),
        m == null ? nan : m.before().nll(),
        m == null ? nan : m.after().nll(),
        m == null ? nan : m.before().ece(),
        m == null ? nan : m.after().ece(),
        c.spec().alpha(),
        c.conformal().coverage(),
        c.conformal().meanSetSize());
  }

  /** NLL before scaling of the pass the study ranks by (MC when measured). */
  public double nllBefore() {
    return Double.isFinite(mcNllBefore) ? mcNllBefore : detNllBefore;
  }

  /** ECE before scaling of the ranked pass. */
  public double eceBefore() {
    return Double.isFinite(mcEceBefore) ? mcEceBefore : detEceBefore;
  }

  /** NLL after scaling of the pass the study ranks by (MC when measured). */
  public double nllAfter() {
    return Double.isFinite(mcNllAfter) ? mcNllAfter : detNllAfter;
  }

  /** ECE after scaling of the ranked pass. */
  public double eceAfter() {
    return Double.isFinite(mcEceAfter) ? mcEceAfter : detEceAfter;
  }
}
