/**
 * The training loop and everything around it: configuration with defaults, per-epoch history (CSV,
 * JSON, learning-curve PNG), the progress bar, evaluation with calibration metrics, and {@link
 * io.mcdrop.trainer.train.TrainJob}, the one-call entry point the CLI uses.
 */
package io.mcdrop.trainer.train;
