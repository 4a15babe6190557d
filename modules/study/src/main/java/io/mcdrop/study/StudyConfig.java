package io.mcdrop.study;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.evaluation.ood.OodSpec;
import io.mcdrop.trainer.arch.DropoutPlacement;
import io.mcdrop.trainer.config.TrainConfig;
import java.util.List;

/**
 * What a study trains and measures. The training budget ({@code train}: epochs, batch, learning
 * rate, seed, ...) is the same for every variant.
 *
 * @param data the {@code --data} source
 * @param arch a preset name or architecture spec
 * @param placements where dropout goes
 * @param rates dropout rates tried for every placement but {@code none}
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
    List<DropoutPlacement> placements,
    List<Double> rates,
    TrainConfig train,
    int[] holdoutClasses,
    List<OodSpec> extraOod,
    int samples,
    int trainLimit,
    int testLimit) {

  public StudyConfig {
    if (placements.isEmpty()) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "give at least one placement: none, head, conv, all, spatial");
    }
    boolean needsRate = placements.stream().anyMatch(p -> p != DropoutPlacement.NONE);
    if (needsRate && rates.isEmpty()) {
      throw new McdropException(ErrorCode.BAD_OPTION, "give at least one dropout rate, e.g. 0.3");
    }
    for (double r : rates) {
      if (!(r > 0 && r < 1)) {
        throw new McdropException(
            ErrorCode.BAD_OPTION, "dropout rates must be in (0, 1), got " + r);
      }
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
    placements = List.copyOf(placements);
    rates = List.copyOf(rates);
    holdoutClasses = holdoutClasses.clone();
    extraOod = List.copyOf(extraOod);
  }

  public List<Variant> variants() {
    return Variant.grid(placements, rates);
  }
}
