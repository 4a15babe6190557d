package io.mcdrop.cli.common;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.mc.McOptions;
import picocli.CommandLine.Option;

/**
 * {@code -T, --samples}: the MC sample count, as every command that samples takes it. The default
 * and the limit are the library's ({@link McOptions#DEFAULT_SAMPLES}, {@link
 * McOptions#MAX_SAMPLES}); the check here only names the flag.
 */
public final class SamplesOption {
  @Option(
      names = {"-T", "--samples"},
      paramLabel = "T",
      defaultValue = "" + McOptions.DEFAULT_SAMPLES,
      description =
          "MC dropout samples per image; 1 = deterministic inference (default: ${DEFAULT-VALUE},"
              + " at most "
              + McOptions.MAX_SAMPLES
              + ").")
  int samples;

  /** The sample count, checked against the library's range. */
  public int samples() {
    if (samples < 1 || samples > McOptions.MAX_SAMPLES) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "--samples must be between 1 and " + McOptions.MAX_SAMPLES + ", got " + samples);
    }
    return samples;
  }
}
