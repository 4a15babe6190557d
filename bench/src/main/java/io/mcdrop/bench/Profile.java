package io.mcdrop.bench;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.mcdrop.onnx.McDropout;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.graph.FrontierSplit;
import io.mcdrop.onnx.graph.StochasticFrontier;
import io.mcdrop.onnx.rewrite.McReadyRewriter;
import io.mcdrop.runtime.session.ProviderSpec;
import io.mcdrop.runtime.session.SessionFactory;
import io.mcdrop.runtime.stats.SampleSet;
import io.mcdrop.runtime.stats.Uncertainty;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Where the time of one MC prediction goes: bare ONNX Runtime runs of the whole model, the trunk
 * and the head (the same MC-ready graphs and session options the engine uses), and the statistics.
 *
 * <pre>profile --model FILE [--threads 1] [--samples 50]</pre>
 */
public final class Profile {
  private Profile() {}

  static void run(Map<String, List<String>> o) throws OrtException {
    Path file = Path.of(RuntimeBench.one(o, "model", null).replaceFirst("^[a-z]+=", ""));
    int threads = Integer.parseInt(RuntimeBench.one(o, "threads", "1"));
    int samples = Integer.parseInt(RuntimeBench.one(o, "samples", "50"));
    Harness h = Harness.of(o);
    ModelProto ready =
        McReadyRewriter.rewrite(OnnxModels.read(file), McReadyRewriter.Options.forRuntime())
            .model();
    FrontierSplit split = StochasticFrontier.split(ready).orElseThrow();
    SessionFactory f = new SessionFactory(ProviderSpec.CPU, threads);
    OrtEnvironment env = f.environment();
    float[] image = RuntimeBench.image(1);
    try (OrtSession full = f.create(ready.toByteArray());
        OrtSession trunk = f.create(split.trunk().toByteArray());
        OrtSession head = f.create(split.head().toByteArray());
        OnnxTensor mcTrue = OnnxTensor.createTensor(env, true);
        OnnxTensor mcFalse = OnnxTensor.createTensor(env, false)) {
      String in =
          full.getInputNames().stream()
              .filter(n -> !n.equals(McDropout.INPUT_NAME))
              .findFirst()
              .orElseThrow();
      String frontier = split.frontier().get(0);
      float[] front;
      long[] frontShape;
      try (OnnxTensor x = tensor(env, image, 1, 1, 28, 28);
          OrtSession.Result r = trunk.run(Map.of(in, x))) {
        OnnxTensor t = (OnnxTensor) r.get(frontier).orElseThrow();
        frontShape = t.getInfo().getShape();
        FloatBuffer b = t.getFloatBuffer();
        front = new float[b.remaining()];
        b.get(front);
      }
      int rows = samples + 1; // the engine's burn-in row
      float[] tiledImage = tile(image, rows);
      float[] tiledFront = tile(front, rows);
      long[] tiledFrontShape = frontShape.clone();
      tiledFrontShape[0] = rows;
      report(
          "ORT full model, 1 row, mc_dropout=false",
          h.time(() -> runFull(env, full, in, image, 1, mcFalse)));
      report("ORT trunk, 1 row", h.time(() -> runTrunk(env, trunk, in, image)));
      report(
          "ORT head, "
              + rows
              + " rows, mc_dropout=true "
              + java.util.Arrays.toString(tiledFrontShape),
          h.time(() -> runHead(env, head, frontier, tiledFront, tiledFrontShape, mcTrue)));
      ModelProto shaped = withInputShape(split.head(), frontier, frontShape);
      try (OrtSession head2 = f.create(shaped.toByteArray())) {
        report(
            "ORT head, frontier shape declared, " + rows + " rows",
            h.time(() -> runHead(env, head2, frontier, tiledFront, tiledFrontShape, mcTrue)));
      }
      System.out.println("head inputs as split: " + split.head().getGraph().getInputList());
      report(
          "ORT full model, " + rows + " rows, mc_dropout=true",
          h.time(() -> runFull(env, full, in, tiledImage, rows, mcTrue)));
      report(
          "ORT full model, 1 row, mc_dropout=true (one LOOP run)",
          h.time(() -> runFull(env, full, in, image, 1, mcTrue)));
      report(
          "ORT full model, 1 row, mc_dropout=false (again)",
          h.time(() -> runFull(env, full, in, image, 1, mcFalse)));
      report(
          "ORT full model, 2 rows, mc_dropout=true (one LOOP run with burn-in row)",
          h.time(() -> runFull(env, full, in, tile(image, 2), 2, mcTrue)));
      Random rnd = new Random(3);
      float[] probs = new float[samples * 10];
      for (int i = 0; i < probs.length; i++) {
        probs[i] = rnd.nextFloat();
      }
      List<String> labels = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
      report(
          "softmax + statistics of " + samples + " samples",
          h.time(
              () -> {
                float[] p = new float[probs.length];
                for (int r = 0; r < samples; r++) {
                  Uncertainty.softmax(probs, r * 10, 10, p);
                }
                SampleSet s = new SampleSet(10);
                for (int r = 0; r < samples; r++) {
                  s.add(p, r * 10);
                }
                return Uncertainty.summarize(s, labels, 3, false).entropy();
              }));
    }
    System.err.println("(sink " + h.sink() + ")");
  }

  private static void report(String what, Harness.Timing t) {
    System.out.printf(
        Locale.ROOT, "%-70s median %8.4f ms  min %8.4f ms%n", what, t.median(), t.min());
  }

  public static ModelProto withInputShape(ModelProto m, String input, long[] shape) {
    var g = m.getGraph().toBuilder();
    for (int i = 0; i < g.getInputCount(); i++) {
      if (g.getInput(i).getName().equals(input)) {
        var t = g.getInput(i).getType().getTensorType().toBuilder();
        var sb = ai.onnx.proto.OnnxMl.TensorShapeProto.newBuilder();
        sb.addDim(ai.onnx.proto.OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (int d = 1; d < shape.length; d++) {
          sb.addDim(
              ai.onnx.proto.OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(shape[d]));
        }
        t.setShape(sb);
        g.setInput(
            i,
            g.getInput(i).toBuilder()
                .setType(g.getInput(i).getType().toBuilder().setTensorType(t)));
      }
    }
    return m.toBuilder().setGraph(g).build();
  }

  private static float[] tile(float[] row, int n) {
    float[] out = new float[row.length * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(row, 0, out, i * row.length, row.length);
    }
    return out;
  }

  private static OnnxTensor tensor(OrtEnvironment env, float[] v, long... shape)
      throws OrtException {
    return OnnxTensor.createTensor(env, FloatBuffer.wrap(v), shape);
  }

  private static double runFull(
      OrtEnvironment env, OrtSession s, String in, float[] x, int rows, OnnxTensor mc) {
    try (OnnxTensor t = tensor(env, x, rows, 1, 28, 28);
        OrtSession.Result r = s.run(Map.of(in, t, McDropout.INPUT_NAME, mc))) {
      return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double runTrunk(OrtEnvironment env, OrtSession s, String in, float[] x) {
    try (OnnxTensor t = tensor(env, x, 1, 1, 28, 28);
        OrtSession.Result r = s.run(Map.of(in, t))) {
      return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double runHead(
      OrtEnvironment env, OrtSession s, String in, float[] x, long[] shape, OnnxTensor mc) {
    try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
        OrtSession.Result r = s.run(Map.of(in, t, McDropout.INPUT_NAME, mc))) {
      return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
