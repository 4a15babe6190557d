/**
 * Training checkpoints: architecture, configuration, preprocessing, history, weights, batch-norm
 * statistics and optimizer state in one file, written atomically (temporary file, then rename) so a
 * crash or {@code kill -9} loses at most the unfinished epoch.
 */
package io.mcdrop.trainer.checkpoint;
