package io.mcdrop.study;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.ood.OodSpec;
import io.mcdrop.trainer.config.TrainConfig;
import java.util.HashSet;
import java.util.List;

/**
 * What a study trains and measures. The training budget ({@code train}: epochs, batch, learning
 * rate, ...) is the same for every variant; {@code train.seed()} fixes the data (training subset,
 * validation split, test subset) for the whole study, and each of {@code seeds} gives one training
 * run of every variant (initial weights, batch order, dropout masks, MC masks).
 *
 * @param data the {@code --data} source
 * @param arch a preset name or architecture spec
 * @param variants where dropout goes and how much, in report order
 * @param seeds the training seeds every variant is run with
 * @param train how every variant is trained
 * @param holdoutClasses class indices left out of training and used as OOD (may be empty)
 * @param extraOod further OOD sources for evaluation (noise, blank, inverted, folders)
 * @param samples MC samples per test image
 * @param trainLimit at most this many training images (before the validation split); 0 = all
 * @param testLimit at most this many test images; 0 = all
 */
public record StudyConfig(
    String data,
    String arch,
    List<Variant> variants,
    List<Long> seeds,
    TrainConfig train,
    int[] holdoutClasses,
    List<OodSpec> extraOod,
    int samples,
    int trainLimit,
    int testLimit) {

  public StudyConfig {
    if (variants.isEmpty()) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "give at least one variant, e.g. none,head-0.5 or standard");
    }
    if (seeds.isEmpty()) {
      throw new McdropException(ErrorCode.BAD_OPTION, "give at least one seed");
    }
    if (new HashSet<>(seeds).size() != seeds.size()) {
      throw new McdropException(ErrorCode.BAD_OPTION, "seeds must differ, got " + seeds);
    }
    if (samples < 2) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "a study compares deterministic and MC dropout inference: --samples must be >= 2, got "
              + samples);
    }
    if (trainLimit < 0 || testLimit < 0) {
      throw new McdropException(ErrorCode.BAD_OPTION, "limits must be >= 0 (0 = all)");
    }
    for (OodSpec s : extraOod) {
      if (s instanceof OodSpec.Holdout) {
        throw new McdropException(
            ErrorCode.BAD_OPTION,
            "in a study, held-out classes are given with --holdout-classes, not --ood");
      }
    }
    variants = List.copyOf(variants);
    seeds = List.copyOf(seeds);
    holdoutClasses = holdoutClasses.clone();
    extraOod = List.copyOf(extraOod);
  }

  /** The seed that fixes the data: training subset, validation split, test subset. */
  public long dataSeed() {
    return train.seed();
  }
}
