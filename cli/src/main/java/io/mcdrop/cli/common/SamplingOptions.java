package io.mcdrop.cli.common;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.mc.Strategy;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a prediction samples: {@code --samples}, {@code --tolerance}, {@code --strategy} and {@code
 * --seed}, turned into the library's {@link McOptions}. Options left out take the library's
 * defaults; nothing here restates them.
 */
public final class SamplingOptions {
  @Mixin public SamplesOption samples;

  @Option(
      names = "--tolerance",
      paramLabel = "E",
      description =
          "Adaptive sampling: stop drawing samples for an image once the largest standard error of"
              + " its mean class probabilities is below E (e.g. 0.01); --samples is then the"
              + " maximum (default: 0 = always draw --samples).")
  Double tolerance;

  @Option(
      names = "--strategy",
      paramLabel = "auto|loop|batched|trunk",
      converter = Choices.StrategyConverter.class,
      description =
          "How samples are drawn; all give the same distribution (default: auto = trunk when the"
              + " model splits at a stochastic frontier, else batched).")
  Strategy strategy;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description =
          "Seed for reproducible samples: same seed, image and strategy give identical numbers"
              + " (default: none, a fresh draw each run).")
  Long seed;

  /** The library's options for this request; {@code topK} and {@code raw} come from the caller. */
  public McOptions options(int topK, boolean raw) {
    McOptions o = McOptions.samples(samples.samples()).withSeed(seed).withRaw(raw);
    if (tolerance != null) {
      if (!(tolerance >= 0) || tolerance >= 1) {
        throw new McdropException(
            ErrorCode.BAD_OPTION, "--tolerance must be in [0, 1), got " + tolerance);
      }
      o = o.withTolerance(tolerance);
    }
    if (strategy != null) {
      o = o.withStrategy(strategy);
    }
    return o.withTopK(topK);
  }

  public Long seed() {
    return seed;
  }
}
