/**
 * {@code mcdrop calibrate}: choosing held-out calibration images ({@link
 * io.mcdrop.cli.calibrate.CalibrationData}, never the test split), fitting the calibration and
 * writing it into the model's {@code mcdrop.calibration} metadata.
 */
package io.mcdrop.cli.calibrate;
