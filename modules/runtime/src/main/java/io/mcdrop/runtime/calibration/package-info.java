/**
 * Calibration as pure arithmetic on model outputs (no ONNX Runtime types): temperature scaling
 * fitted by minimising NLL ({@link io.mcdrop.runtime.calibration.TemperatureFit}), split conformal
 * prediction sets with LAC, APS and RAPS scores ({@link
 * io.mcdrop.runtime.calibration.ConformalScore}, {@link
 * io.mcdrop.runtime.calibration.SplitConformal}), the in-distribution acceptance thresholds behind
 * the {@code uncertain} verdict, and the {@link io.mcdrop.runtime.calibration.CalibrationSpec}
 * stored in a model's {@code mcdrop.calibration} metadata with its one JSON codec ({@link
 * io.mcdrop.runtime.calibration.CalibrationCodec}). {@link
 * io.mcdrop.runtime.calibration.Calibrator} fits a whole spec from calibration outputs; the engine
 * and the evaluation apply it.
 */
package io.mcdrop.runtime.calibration;
