package io.mcdrop.trainer.config;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.trainer.optim.AdamW;
import io.mcdrop.trainer.optim.Optimizer;
import io.mcdrop.trainer.optim.Schedule;
import io.mcdrop.trainer.optim.Sgd;

/**
 * How to train. Build with {@link #builder()}; every option has a default stated on its builder
 * method.
 */
public record TrainConfig(
    int epochs,
    int batchSize,
    double lr,
    Optimizer.Kind optimizer,
    double momentum,
    boolean nesterov,
    double weightDecay,
    Schedule.Kind schedule,
    double warmupEpochs,
    int stepEvery,
    double stepGamma,
    double valSplit,
    boolean augment,
    long seed,
    int threads,
    int patience) {

  /** Every option at its default. */
  public static final TrainConfig DEFAULTS = new Builder().build();

  /**
   * Checks every value; messages speak of the option, not of a command-line flag.
   *
   * @throws McdropException with {@link ErrorCode#BAD_OPTION} for a value out of range
   */
  public TrainConfig {
    require(epochs >= 1, "epochs must be at least 1, got " + epochs);
    require(batchSize >= 2, "batch size must be at least 2 (batch norm), got " + batchSize);
    require(lr > 0 && Double.isFinite(lr), "learning rate must be a positive number, got " + lr);
    require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
    require(
        weightDecay >= 0 && Double.isFinite(weightDecay),
        "weight decay must be a non-negative number, got " + weightDecay);
    require(
        warmupEpochs >= 0 && Double.isFinite(warmupEpochs),
        "warm-up epochs must be a non-negative number, got " + warmupEpochs);
    require(stepEvery >= 1, "step schedule period must be at least 1 epoch, got " + stepEvery);
    require(
        stepGamma > 0 && Double.isFinite(stepGamma),
        "step schedule factor must be a positive number, got " + stepGamma);
    require(valSplit >= 0 && valSplit < 1, "validation split must be in [0, 1), got " + valSplit);
    require(
        threads >= 1 && threads <= MAX_THREADS,
        "threads must be in [1, " + MAX_THREADS + "], got " + threads);
    require(patience >= 0, "patience must be 0 (off) or more epochs, got " + patience);
    require(optimizer != null && schedule != null, "optimizer and schedule are required");
  }

  /** More worker threads than this is a typo, not a machine. */
  public static final int MAX_THREADS = 256;

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new McdropException(ErrorCode.BAD_OPTION, message);
    }
  }

  /** The default peak learning rate for an optimizer: 0.02 for SGD, 1e-3 for AdamW. */
  public static double defaultLr(Optimizer.Kind kind) {
    return kind == Optimizer.Kind.ADAMW ? 1e-3 : 0.02;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.epochs = epochs;
    b.batchSize = batchSize;
    b.lr = lr;
    b.optimizer = optimizer;
    b.momentum = momentum;
    b.nesterov = nesterov;
    b.weightDecay = weightDecay;
    b.schedule = schedule;
    b.warmupEpochs = warmupEpochs;
    b.stepEvery = stepEvery;
    b.stepGamma = stepGamma;
    b.valSplit = valSplit;
    b.augment = augment;
    b.seed = seed;
    b.threads = threads;
    b.patience = patience;
    return b;
  }

  public Optimizer newOptimizer() {
    return switch (optimizer) {
      case SGD -> new Sgd(momentum, nesterov, weightDecay);
      case ADAMW -> AdamW.withDecay(weightDecay);
    };
  }

  public Schedule newSchedule() {
    return new Schedule(schedule, lr, epochs, warmupEpochs, stepEvery, stepGamma, 0);
  }

  /** Builder with the defaults in one place. */
  public static final class Builder {
    private int epochs = 10;
    private int batchSize = 64;
    private double lr = defaultLr(Optimizer.Kind.SGD);
    private Optimizer.Kind optimizer = Optimizer.Kind.SGD;
    private double momentum = 0.9;
    private boolean nesterov = true;
    private double weightDecay = 5e-4;
    private Schedule.Kind schedule = Schedule.Kind.COSINE;
    private double warmupEpochs = 0.5;
    private int stepEvery = 10;
    private double stepGamma = 0.1;
    private double valSplit = 0.1;
    private boolean augment = false;
    private long seed = 42;
    private int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
    private int patience = 0;

    /** Defaults to 10. */
    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    /** Defaults to 64. */
    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    /**
     * Peak learning rate. Defaults to 0.02 (meant for SGD; use about 1e-3 for AdamW). At 0.05
     * without warm-up, dropout heads lost most of their units in the first steps.
     */
    public Builder lr(double v) {
      lr = v;
      return this;
    }

    /** Defaults to SGD. */
    public Builder optimizer(Optimizer.Kind v) {
      optimizer = v;
      return this;
    }

    /** SGD momentum. Defaults to 0.9. */
    public Builder momentum(double v) {
      momentum = v;
      return this;
    }

    /** SGD Nesterov momentum. Defaults to true. */
    public Builder nesterov(boolean v) {
      nesterov = v;
      return this;
    }

    /** L2 (SGD) or decoupled (AdamW) weight decay on weights only. Defaults to 5e-4. */
    public Builder weightDecay(double v) {
      weightDecay = v;
      return this;
    }

    /** Defaults to cosine. */
    public Builder schedule(Schedule.Kind v) {
      schedule = v;
      return this;
    }

    /** Linear warm-up epochs (fractional allowed). Defaults to 0.5. */
    public Builder warmupEpochs(double v) {
      warmupEpochs = v;
      return this;
    }

    /** Step schedule: decay every this many epochs. Defaults to 10. */
    public Builder stepEvery(int v) {
      stepEvery = v;
      return this;
    }

    /** Step schedule factor. Defaults to 0.1. */
    public Builder stepGamma(double v) {
      stepGamma = v;
      return this;
    }

    /** Fraction held out for validation. Defaults to 0.1. */
    public Builder valSplit(double v) {
      valSplit = v;
      return this;
    }

    /** Random crop with padding and horizontal flips. Defaults to false. */
    public Builder augment(boolean v) {
      augment = v;
      return this;
    }

    /** Seed for weights, split, shuffling, augmentation and dropout. Defaults to 42. */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** Worker threads. Defaults to min(2, available processors). */
    public Builder threads(int v) {
      threads = v;
      return this;
    }

    /** Early-stopping patience in epochs on validation loss; 0 disables. Defaults to 0. */
    public Builder patience(int v) {
      patience = v;
      return this;
    }

    public TrainConfig build() {
      return new TrainConfig(
          epochs,
          batchSize,
          lr,
          optimizer,
          momentum,
          nesterov,
          weightDecay,
          schedule,
          warmupEpochs,
          stepEvery,
          stepGamma,
          valSplit,
          augment,
          seed,
          threads,
          patience);
    }
  }
}
