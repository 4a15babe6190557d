package io.mcdrop.runtime.session;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.McDropout;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The one place that runs ONNX Runtime: builds the input tensors from {@link Feed}s, feeds the
 * {@code mc_dropout} flag, copies the outputs out, closes every tensor it made, and maps {@link
 * OrtException}s through {@link OrtErrors}.
 */
public final class OrtRunner implements AutoCloseable {
  private final OrtEnvironment env;
  private final OnnxTensor mcTrue;
  private final OnnxTensor mcFalse;
  private boolean closed;

  /** Owns the two flag tensors every run shares. */
  public OrtRunner(SessionFactory factory) {
    this.env = factory.environment();
    try {
      this.mcTrue = OnnxTensor.createTensor(env, true);
      this.mcFalse = OnnxTensor.createTensor(env, false);
    } catch (OrtException e) {
      throw OrtErrors.map(e, OrtErrors.Phase.LOAD);
    }
  }

  /**
   * Runs {@code graph} on {@code feeds} with dropout {@code mc}, returning the named float outputs.
   *
   * @throws McdropException {@link ErrorCode#ENGINE_FAILURE} if ONNX Runtime fails, {@link
   *     ErrorCode#NOT_A_CLASSIFIER} if an output is not a float tensor
   */
  public Outputs run(Graph graph, List<Feed> feeds, boolean mc, List<String> outputs) {
    Map<String, OnnxTensor> inputs = new HashMap<>();
    List<OnnxTensor> created = new ArrayList<>(feeds.size());
    try {
      for (Feed f : feeds) {
        OnnxTensor t;
        if (f.direct() != null) {
          t = OnnxTensor.createTensor(env, f.direct(), f.shape());
        } else if (f.floats() != null) {
          t = OnnxTensor.createTensor(env, FloatBuffer.wrap(f.floats()), f.shape());
        } else {
          t = OnnxTensor.createTensor(env, LongBuffer.wrap(f.longs()), f.shape());
        }
        created.add(t);
        inputs.put(f.name(), t);
      }
      if (graph.takesFlag()) {
        inputs.put(McDropout.INPUT_NAME, mc ? mcTrue : mcFalse);
      }
      try (OrtSession.Result result = graph.session.run(inputs, new LinkedHashSet<>(outputs))) {
        float[][] values = new float[outputs.size()][];
        long[][] shapes = new long[outputs.size()][];
        for (int k = 0; k < outputs.size(); k++) {
          OnnxValue v = result.get(outputs.get(k)).orElseThrow();
          if (!(v instanceof OnnxTensor tensor)
              || ((TensorInfo) tensor.getInfo()).type != OnnxJavaType.FLOAT) {
            throw new McdropException(
                ErrorCode.NOT_A_CLASSIFIER,
                "model output '" + outputs.get(k) + "' is not a float tensor: " + v.getInfo());
          }
          shapes[k] = ((TensorInfo) tensor.getInfo()).getShape();
          FloatBuffer fb = tensor.getFloatBuffer();
          values[k] = new float[fb.remaining()];
          fb.get(values[k]);
        }
        return new Outputs(values, shapes);
      }
    } catch (OrtException e) {
      throw OrtErrors.map(e, OrtErrors.Phase.RUN);
    } finally {
      created.forEach(OnnxTensor::close);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    mcTrue.close();
    mcFalse.close();
  }
}
