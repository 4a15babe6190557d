package io.mcdrop.trainer.config;

/**
 * One epoch's numbers. Train loss and accuracy are running averages over the epoch's batches (with
 * dropout and augmentation on); validation numbers are NaN without a validation set.
 */
public record EpochStats(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    double valLoss,
    double valAccuracy,
    double lr,
    double seconds) {}
