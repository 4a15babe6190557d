package io.mcdrop.server.batching;

import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.server.registry.LoadedModel;
import java.util.List;

/**
 * The one place a worker calls the engine: one batch of inputs sharing one set of MC options. The
 * server uses {@link #direct()}; a test may install its own bean (e.g. one that holds calls at a
 * gate it controls and then runs the real engine), so timing-dependent behaviour such as timeouts
 * and drain can be tested without depending on how long real work takes.
 */
@FunctionalInterface
public interface EngineCall {
  /** Predicts every input with the same options; one prediction per input, in order. */
  List<Prediction> predict(LoadedModel model, List<float[]> inputs, McOptions options);

  /** The real engine call: {@code model.engine().predictAll(inputs, options)}. */
  static EngineCall direct() {
    return (model, inputs, options) -> model.engine().predictAll(inputs, options);
  }
}
