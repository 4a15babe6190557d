package io.mcdrop.trainer.train;

import io.mcdrop.trainer.config.EpochStats;

/**
 * What training reports while it runs. The trainer never prints: a caller that wants a progress bar
 * or a log renders these (the CLI draws a bar on a terminal, plain lines otherwise).
 */
public sealed interface TrainingEvent {
  /**
   * A mini-batch finished.
   *
   * @param epoch 1-based epoch number
   * @param epochs epochs configured
   * @param batch 1-based batch number within the epoch
   * @param batches batches in the epoch
   * @param images images seen so far in this epoch
   * @param imagesInEpoch images the epoch will have seen at its end
   * @param loss running mean training loss of the epoch so far
   * @param accuracy running training accuracy of the epoch so far
   * @param imagesPerSecond training speed of the epoch so far
   */
  record BatchDone(
      int epoch,
      int epochs,
      int batch,
      int batches,
      long images,
      long imagesInEpoch,
      double loss,
      double accuracy,
      double imagesPerSecond)
      implements TrainingEvent {}

  /**
   * An epoch finished, validation included.
   *
   * @param epochs epochs configured
   * @param stats its numbers (validation NaN without a validation set)
   */
  record EpochDone(int epochs, EpochStats stats) implements TrainingEvent {}

  /**
   * Something the user should hear about: what is being trained, a resume, a warning about the
   * data, early stopping, the test score, the exported file.
   */
  record Notice(String text) implements TrainingEvent {}
}
