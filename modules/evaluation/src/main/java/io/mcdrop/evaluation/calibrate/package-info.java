/**
 * Fitting a model's calibration on held-out labelled images: {@link
 * io.mcdrop.evaluation.calibrate.CalibrationRun} checks everything cheap first, runs the model
 * deterministically and with MC dropout (seeded, keeping every sample) and fits a {@link
 * io.mcdrop.runtime.calibration.CalibrationSpec} with the runtime's calibration arithmetic.
 */
package io.mcdrop.evaluation.calibrate;
