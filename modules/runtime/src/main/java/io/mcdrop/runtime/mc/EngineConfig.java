package io.mcdrop.runtime.mc;

import io.mcdrop.runtime.preprocess.Preprocessing;
import io.mcdrop.runtime.session.ProviderSpec;
import java.util.List;

/**
 * How to load a model into the engine.
 *
 * @param provider execution provider (CPU by default)
 * @param threads intra-op threads per run; 0 = ONNX Runtime's choice
 * @param maxBatchRows micro-batch cap: rows per ONNX Runtime run when tiling samples
 * @param labels class names overriding the model's metadata; null to use the metadata
 * @param preprocessing preprocessing overriding the model's metadata; null to use the metadata
 */
public record EngineConfig(
    ProviderSpec provider,
    int threads,
    int maxBatchRows,
    List<String> labels,
    Preprocessing preprocessing) {

  public static final int DEFAULT_MAX_BATCH_ROWS = 128;

  public EngineConfig {
    provider = provider == null ? ProviderSpec.CPU : provider;
    if (maxBatchRows < 1) {
      throw new IllegalArgumentException("maxBatchRows must be >= 1");
    }
    labels = labels == null ? null : List.copyOf(labels);
  }

  public static EngineConfig defaults() {
    return new EngineConfig(ProviderSpec.CPU, 0, DEFAULT_MAX_BATCH_ROWS, null, null);
  }

  public EngineConfig withThreads(int n) {
    return new EngineConfig(provider, n, maxBatchRows, labels, preprocessing);
  }

  public EngineConfig withProvider(ProviderSpec p) {
    return new EngineConfig(p, threads, maxBatchRows, labels, preprocessing);
  }

  public EngineConfig withLabels(List<String> l) {
    return new EngineConfig(provider, threads, maxBatchRows, l, preprocessing);
  }

  public EngineConfig withPreprocessing(Preprocessing p) {
    return new EngineConfig(provider, threads, maxBatchRows, labels, p);
  }

  public EngineConfig withMaxBatchRows(int rows) {
    return new EngineConfig(provider, threads, rows, labels, preprocessing);
  }
}
