package io.mcdrop.server.config;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.mc.Strategy;
import jakarta.inject.Singleton;

/**
 * Turns a request's optional MC parameters into {@link McOptions}, applying this server's defaults
 * and its sample limit. Both APIs use it, so they accept the same values.
 */
@Singleton
public final class OptionsFactory {
  private static final int DEFAULT_TOP_K = 3;
  private final ServerConfig config;

  public OptionsFactory(ServerConfig config) {
    this.config = config;
  }

  public McOptions options(
      Integer samples,
      Double tolerance,
      Long seed,
      String strategy,
      Integer topK,
      Boolean raw,
      int classes) {
    int n = samples == null ? config.defaultSamples() : samples;
    if (n < 1 || n > config.maxSamples()) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "samples must be between 1 and "
              + config.maxSamples()
              + " (this server's limit), got "
              + n
              + "; 1 means deterministic inference");
    }
    int k = topK == null ? Math.min(DEFAULT_TOP_K, classes) : topK;
    if (k < 1) {
      throw new McdropException(ErrorCode.BAD_OPTION, "topK must be >= 1, got " + k);
    }
    return new McOptions(
        n,
        tolerance == null ? 0 : tolerance,
        seed,
        strategy == null ? Strategy.AUTO : Strategy.parse(strategy),
        Math.min(k, classes),
        raw != null && raw);
  }

  public int maxSamples() {
    return config.maxSamples();
  }
}
