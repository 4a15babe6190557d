package io.mcdrop.spark.engine;

import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.preprocess.Preprocessing;
import io.mcdrop.runtime.session.ProviderSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How executors load the model: the serializable form of an {@link EngineConfig} (Spark ships it to
 * every executor with the task).
 *
 * @param provider execution provider spec ({@code cpu}, {@code cuda[:N]}, {@code auto})
 * @param threads ONNX Runtime intra-op threads per run (0 = ONNX Runtime's choice)
 * @param labels class names overriding the model's metadata, or null
 * @param preprocess preprocessing overriding the model's metadata, or null
 */
public record EngineSpec(
    String provider, int threads, ArrayList<String> labels, PreprocessSpec preprocess)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** CPU, {@code threads} intra-op threads, the model's own labels and preprocessing. */
  public static EngineSpec cpu(int threads) {
    return new EngineSpec("cpu", threads, null, null);
  }

  public EngineSpec withLabels(List<String> l) {
    return new EngineSpec(provider, threads, l == null ? null : new ArrayList<>(l), preprocess);
  }

  public EngineSpec withPreprocess(PreprocessSpec p) {
    return new EngineSpec(provider, threads, labels, p);
  }

  /** The engine configuration this spec stands for. */
  public EngineConfig toConfig() {
    EngineConfig c =
        EngineConfig.defaults().withProvider(ProviderSpec.parse(provider)).withThreads(threads);
    if (labels != null) {
      c = c.withLabels(labels);
    }
    if (preprocess != null) {
      c = c.withPreprocessing(preprocess.toPreprocessing());
    }
    return c;
  }

  /** Serializable {@link Preprocessing} for models without {@code mcdrop.preprocess} metadata. */
  public record PreprocessSpec(int channels, int height, int width, double[] mean, double[] std)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    public Preprocessing toPreprocessing() {
      return new Preprocessing(
          channels, height, width, "stretch", Preprocessing.UNIT_SCALE, mean, std, false);
    }
  }
}
