package io.mcdrop.runtime.model;

import io.mcdrop.onnx.inspect.ModelReport;
import io.mcdrop.runtime.preprocess.Preprocessing;
import java.util.List;

/**
 * What the engine knows about a loaded model.
 *
 * @param name a display name (file stem)
 * @param inputName the data input
 * @param inputShape input dims without the batch, e.g. [1, 28, 28]
 * @param classes number of output classes K
 * @param labels class names in output order
 * @param preprocessing how images become input tensors, or null if unknown (tensor input only)
 * @param dropoutLayers number of Dropout nodes
 * @param mcCapable whether MC sampling is possible
 * @param splittable whether the model has a non-empty deterministic trunk (trunk caching pays)
 * @param dynamicBatch whether the batch dimension is symbolic (tiling possible)
 * @param provider the execution provider sessions run on
 * @param report the inspection report
 */
public record ModelInfo(
    String name,
    String inputName,
    long[] inputShape,
    int classes,
    List<String> labels,
    Preprocessing preprocessing,
    int dropoutLayers,
    boolean mcCapable,
    boolean splittable,
    boolean dynamicBatch,
    String provider,
    ModelReport report) {

  /** The contract's preprocessing record, or null if unknown. */
  public io.mcdrop.onnx.contract.PreprocessSpec preprocess() {
    return preprocessing == null ? null : preprocessing.toSpec();
  }

  /** Number of floats in one input row. */
  public int inputSize() {
    long n = 1;
    for (long d : inputShape) {
      n *= d;
    }
    return (int) n;
  }
}
