package io.mcdrop.trainer.train;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;

/** The loss became NaN or infinite; names the epoch and batch where it happened. */
public final class TrainingDivergedException extends McdropException {
  private final int epoch;
  private final int batch;

  public TrainingDivergedException(int epoch, int batch, String message) {
    super(ErrorCode.BAD_OPTION, message);
    this.epoch = epoch;
    this.batch = batch;
  }

  public int epoch() {
    return epoch;
  }

  public int batch() {
    return batch;
  }
}
