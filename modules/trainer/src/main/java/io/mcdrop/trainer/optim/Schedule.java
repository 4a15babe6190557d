package io.mcdrop.trainer.optim;

import java.util.Locale;

/**
 * Learning rate as a function of training progress in epochs (fractional, updated every batch).
 *
 * @param kind constant, step or cosine
 * @param base the peak learning rate
 * @param epochs total epochs (cosine decays to {@code minLr} at the end)
 * @param warmupEpochs linear warm-up from ~0 to {@code base} over this many epochs (0 for none)
 * @param stepEvery step schedule: multiply by {@code gamma} every this many epochs
 * @param gamma step schedule factor
 * @param minLr cosine floor
 */
public record Schedule(
    Kind kind,
    double base,
    int epochs,
    double warmupEpochs,
    int stepEvery,
    double gamma,
    double minLr) {

  /** Schedule shapes. */
  public enum Kind {
    CONSTANT,
    STEP,
    COSINE;

    public static Kind parse(String s) {
      return valueOf(s.strip().toUpperCase(Locale.ROOT));
    }
  }

  public static Schedule cosine(double base, int epochs, double warmupEpochs) {
    return new Schedule(Kind.COSINE, base, epochs, warmupEpochs, 0, 1, 0);
  }

  public static Schedule constant(double base) {
    return new Schedule(Kind.CONSTANT, base, 0, 0, 0, 1, 0);
  }

  public static Schedule step(double base, int every, double gamma, double warmupEpochs) {
    return new Schedule(Kind.STEP, base, 0, warmupEpochs, every, gamma, 0);
  }

  /** The learning rate at {@code progress} epochs into training. */
  public double lr(double progress) {
    if (warmupEpochs > 0 && progress < warmupEpochs) {
      return base * (progress + 1e-3) / warmupEpochs;
    }
    return switch (kind) {
      case CONSTANT -> base;
      case STEP -> base * Math.pow(gamma, Math.floor(progress / Math.max(1, stepEvery)));
      case COSINE -> {
        double span = Math.max(1e-9, epochs - warmupEpochs);
        double t = Math.min(1, (progress - warmupEpochs) / span);
        yield minLr + (base - minLr) * 0.5 * (1 + Math.cos(Math.PI * t));
      }
    };
  }
}
