package io.mcdrop.runtime.mc;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs sessions on tiled rows. A "row" is one copy of one input; sample {@code t} of item {@code a}
 * is row {@code a * n + t}, so outputs come back item-major. Rows are sent in micro-batches of at
 * most {@code maxRows}, which caps the memory one run takes.
 *
 * <p>Every stochastic run carries one throw-away <em>burn-in</em> row in front. ONNX Runtime's CPU
 * Dropout seeds a {@code std::default_random_engine} (a multiplicative LCG) with consecutive seeds
 * on successive runs, so the first uniform draw of a run is nearly the same run after run: measured
 * here, the first element of a batch-1 Dropout was kept (or dropped) in every one of thousands of
 * runs. The burn-in row absorbs those draws; its output is discarded.
 *
 * <p>A model whose batch dimension is fixed at 1 (a PyTorch export without {@code dynamic_axes})
 * cannot take the extra row: its runs go without burn-in, so the first unit of each Dropout is
 * correlated across samples as described above.
 */
final class SampleDrawer {
  private final OrtEnvironment env;
  private final OnnxTensor mcTrue;
  private final OnnxTensor mcFalse;
  private final int maxRows;
  private final boolean burnIn;

  /**
   * @param maxRows micro-batch cap (rows per run, not counting the burn-in row)
   * @param dynamicBatch whether the model takes any batch size; without it, no burn-in row
   */
  SampleDrawer(
      OrtEnvironment env,
      OnnxTensor mcTrue,
      OnnxTensor mcFalse,
      int maxRows,
      boolean dynamicBatch) {
    this.env = env;
    this.mcTrue = mcTrue;
    this.mcFalse = mcFalse;
    this.maxRows = maxRows;
    this.burnIn = dynamicBatch;
  }

  /** Per-item values of one named input tensor, and the shape of one row (without the batch). */
  record Feed(String name, float[][] items, long[] rowShape) {
    int rowSize() {
      return items[0].length;
    }
  }

  /** Outputs of a run: {@code values[row * width + k]}. */
  record Rows(float[] values, int width) {}

  /**
   * Runs {@code session} on {@code n} tiled copies of each item, returning the first output as
   * [items * n, K] (item-major).
   */
  Rows runTiled(OrtSession session, List<Feed> feeds, int n, boolean mc) {
    int items = feeds.get(0).items().length;
    int total = items * n;
    float[] out = null;
    int width = -1;
    for (int start = 0; start < total; start += maxRows) {
      int end = Math.min(total, start + maxRows);
      int burn = mc && burnIn ? 1 : 0;
      float[][] outs = run(session, feeds, start - burn, end, n, mc, List.of(firstOutput(session)));
      float[] all = outs[0];
      int w = all.length / (end - start + burn);
      float[] chunk = Arrays.copyOfRange(all, burn * w, all.length);
      if (out == null) {
        width = w;
        out = new float[total * width];
      }
      System.arraycopy(chunk, 0, out, start * width, chunk.length);
    }
    return new Rows(out, width);
  }

  /** Runs the trunk once per item, returning each named output split per item. */
  Map<String, Feed> runTrunk(OrtSession trunk, List<Feed> feeds, List<String> outputs) {
    int items = feeds.get(0).items().length;
    Map<String, float[][]> perItem = new LinkedHashMap<>();
    Map<String, long[]> rowShapes = new HashMap<>();
    for (String o : outputs) {
      perItem.put(o, new float[items][]);
    }
    for (int start = 0; start < items; start += maxRows) {
      int end = Math.min(items, start + maxRows);
      float[][] outs = run(trunk, feeds, start, end, 1, false, outputs, rowShapes);
      for (int k = 0; k < outputs.size(); k++) {
        int size = outs[k].length / (end - start);
        float[][] dst = perItem.get(outputs.get(k));
        for (int i = start; i < end; i++) {
          dst[i] = new float[size];
          System.arraycopy(outs[k], (i - start) * size, dst[i], 0, size);
        }
      }
    }
    Map<String, Feed> result = new LinkedHashMap<>();
    for (String o : outputs) {
      result.put(o, new Feed(o, perItem.get(o), rowShapes.get(o)));
    }
    return result;
  }

  private float[][] run(
      OrtSession session,
      List<Feed> feeds,
      int start,
      int end,
      int n,
      boolean mc,
      List<String> outputs) {
    return run(session, feeds, start, end, n, mc, outputs, null);
  }

  private float[][] run(
      OrtSession session,
      List<Feed> feeds,
      int start,
      int end,
      int n,
      boolean mc,
      List<String> outputs,
      Map<String, long[]> rowShapesOut) {
    int rows = end - start;
    Map<String, OnnxTensor> inputs = new HashMap<>();
    List<OnnxTensor> created = new ArrayList<>();
    try {
      for (Feed f : feeds) {
        int size = f.rowSize();
        float[] buf = new float[rows * size];
        for (int r = start; r < end; r++) {
          // r = -1 is the burn-in row: a copy of the first row
          System.arraycopy(f.items()[Math.max(r, 0) / n], 0, buf, (r - start) * size, size);
        }
        long[] shape = new long[f.rowShape().length + 1];
        shape[0] = rows;
        System.arraycopy(f.rowShape(), 0, shape, 1, f.rowShape().length);
        OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(buf), shape);
        created.add(t);
        inputs.put(f.name(), t);
      }
      if (session.getInputNames().contains(McDropout.INPUT_NAME)) {
        inputs.put(McDropout.INPUT_NAME, mc ? mcTrue : mcFalse);
      }
      try (OrtSession.Result result = session.run(inputs, new java.util.LinkedHashSet<>(outputs))) {
        float[][] out = new float[outputs.size()][];
        for (int k = 0; k < outputs.size(); k++) {
          OnnxValue v = result.get(outputs.get(k)).orElseThrow();
          if (!(v instanceof OnnxTensor tensor)
              || ((TensorInfo) tensor.getInfo()).type != ai.onnxruntime.OnnxJavaType.FLOAT) {
            throw new McdropException(
                ErrorCode.NOT_A_CLASSIFIER,
                "model output '" + outputs.get(k) + "' is not a float tensor: " + v.getInfo());
          }
          long[] shape = ((TensorInfo) tensor.getInfo()).getShape();
          if (rowShapesOut != null) {
            long[] rs = new long[shape.length - 1];
            System.arraycopy(shape, 1, rs, 0, rs.length);
            rowShapesOut.put(outputs.get(k), rs);
          }
          FloatBuffer fb = tensor.getFloatBuffer();
          out[k] = new float[fb.remaining()];
          fb.get(out[k]);
        }
        return out;
      }
    } catch (OrtException e) {
      throw new McdropException(
          ErrorCode.ENGINE_FAILURE, "ONNX Runtime failed to run the model: " + e.getMessage(), e);
    } finally {
      created.forEach(OnnxTensor::close);
    }
  }

  /** Shape of the first output of one run with {@code rows} rows of {@code feeds}. */
  long[] outputShape(OrtSession session, List<Feed> feeds) {
    Map<String, long[]> shapes = new HashMap<>();
    String out = firstOutput(session);
    run(session, feeds, 0, feeds.get(0).items().length, 1, false, List.of(out), shapes);
    long[] rs = shapes.get(out);
    long[] full = new long[rs.length + 1];
    full[0] = feeds.get(0).items().length;
    System.arraycopy(rs, 0, full, 1, rs.length);
    return full;
  }

  /**
   * Runs the fused trunk-and-head graph on one input: the trunk once, the head on {@code n}
   * broadcast copies (plus the burn-in copy), in chunks of at most {@code maxRows}.
   */
  Rows runFused(OrtSession fused, Feed item, Map<String, Integer> repeats, int n) {
    float[] out = null;
    int width = -1;
    long[] shape = new long[item.rowShape().length + 1];
    shape[0] = 1;
    System.arraycopy(item.rowShape(), 0, shape, 1, item.rowShape().length);
    for (int start = 0; start < n; start += maxRows) {
      int rows = Math.min(n, start + maxRows) - start;
      long copies = rows + (burnIn ? 1 : 0);
      Map<String, OnnxTensor> inputs = new HashMap<>();
      List<OnnxTensor> created = new ArrayList<>();
      try {
        OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(item.items()[0]), shape);
        created.add(x);
        inputs.put(item.name(), x);
        for (Map.Entry<String, Integer> r : repeats.entrySet()) {
          long[] rep = new long[r.getValue()];
          Arrays.fill(rep, 1);
          rep[0] = copies;
          OnnxTensor t =
              OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(rep), new long[] {rep.length});
          created.add(t);
          inputs.put(r.getKey(), t);
        }
        inputs.put(McDropout.INPUT_NAME, mcTrue);
        try (OrtSession.Result result = fused.run(inputs)) {
          FloatBuffer fb = ((OnnxTensor) result.get(0)).getFloatBuffer();
          float[] all = new float[fb.remaining()];
          fb.get(all);
          int w = (int) (all.length / copies);
          if (out == null) {
            width = w;
            out = new float[n * width];
          }
          System.arraycopy(all, (int) (copies - rows) * w, out, start * width, rows * w);
        }
      } catch (OrtException e) {
        throw new McdropException(
            ErrorCode.ENGINE_FAILURE, "ONNX Runtime failed to run the model: " + e.getMessage(), e);
      } finally {
        created.forEach(OnnxTensor::close);
      }
    }
    return new Rows(out, width);
  }

  static String firstOutput(OrtSession session) {
    return session.getOutputNames().iterator().next();
  }
}
