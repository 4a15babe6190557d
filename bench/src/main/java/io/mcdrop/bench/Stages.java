package io.mcdrop.bench;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.mcdrop.onnx.McDropout;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.graph.FrontierSplit;
import io.mcdrop.onnx.graph.FusedTrunk;
import io.mcdrop.onnx.graph.StochasticFrontier;
import io.mcdrop.onnx.rewrite.McReadyRewriter;
import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.mc.Strategy;
import io.mcdrop.runtime.session.ProviderSpec;
import io.mcdrop.runtime.session.SessionFactory;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the MC T=50 trunk-cached prediction of one image spends its time beyond one deterministic
 * pass: the engine's two calls against the bare ONNX Runtime runs they make (the whole model on one
 * row, the fused trunk-and-broadcast-head graph on T + 1 rows), all interleaved block by block.
 *
 * <pre>stages --model FILE [--samples 50] [--blocks 7] [--block-ms 300]</pre>
 */
final class Stages {
  private Stages() {}

  static void run(Map<String, List<String>> o) throws OrtException {
    Path file = Path.of(RuntimeBench.one(o, "model", null).replaceFirst("^[a-z]+=", ""));
    int samples = Integer.parseInt(RuntimeBench.one(o, "samples", "50"));
    Harness h = Harness.of(o);
    ModelProto ready =
        McReadyRewriter.rewrite(OnnxModels.read(file), McReadyRewriter.Options.forRuntime())
            .model();
    FrontierSplit split = StochasticFrontier.split(ready).orElseThrow();
    SessionFactory f = new SessionFactory(ProviderSpec.CPU, 1);
    OrtEnvironment env = f.environment();
    float[] image = RuntimeBench.image(1);
    try (OrtSession full = f.create(ready.toByteArray());
        OrtSession trunk = f.create(split.trunk().toByteArray());
        OnnxTensor mcTrue = OnnxTensor.createTensor(env, true);
        OnnxTensor mcFalse = OnnxTensor.createTensor(env, false);
        McEngine e = McEngine.load(file, EngineConfig.defaults().withThreads(1))) {
      String in =
          full.getInputNames().stream()
              .filter(n -> !n.equals(McDropout.INPUT_NAME))
              .findFirst()
              .orElseThrow();
      Map<String, long[]> rows = new HashMap<>();
      try (OnnxTensor x = tensor(env, image, 1, 1, 28, 28);
          OrtSession.Result r = trunk.run(Map.of(in, x))) {
        for (String t : split.trunkOutputs()) {
          long[] s = ((OnnxTensor) r.get(t).orElseThrow()).getInfo().getShape();
          rows.put(t, Arrays.copyOfRange(s, 1, s.length));
        }
      }
      FusedTrunk fused =
          FusedTrunk.of(ready, StochasticFrontier.withFrontierShapes(split, rows)).orElseThrow();
      McOptions det = McOptions.samples(1);
      McOptions tc = McOptions.samples(samples).withStrategy(Strategy.TRUNK_CACHED);
      try (OrtSession fusedSession = f.create(fused.model().toByteArray())) {
        List<Harness.Op> ops =
            List.of(
                () -> e.predict(image, det).entropy(),
                () -> e.predict(image, tc).entropy(),
                () -> runFull(env, full, in, image, mcFalse),
                () -> runFused(env, fusedSession, in, image, fused, samples + 1, mcTrue));
        List<String> names =
            List.of(
                "engine deterministic",
                "engine T=" + samples + " trunk-cached",
                "ORT whole model, 1 row, mc_dropout=false",
                "ORT fused graph, " + (samples + 1) + " rows, mc_dropout=true");
        List<Harness.Timing> t = h.timeInterleaved(ops);
        for (int k = 0; k < t.size(); k++) {
          System.out.printf(
              Locale.ROOT,
              "%-50s median %8.4f ms  min %8.4f ms%n",
              names.get(k),
              t.get(k).median(),
              t.get(k).min());
        }
        System.out.printf(
            Locale.ROOT,
            "engine overhead beyond ORT: deterministic %.4f ms, MC %.4f ms%n",
            t.get(0).median() - t.get(2).median(),
            t.get(1).median() - t.get(3).median());
      }
    }
    System.err.println("(sink " + h.sink() + ")");
    String dir = RuntimeBench.one(o, "ort-profile", null);
    if (dir != null) {
      nodeProfile(env, ready, split, image, samples, Path.of(dir));
    }
  }

  /** ONNX Runtime's own per-node profile of the whole model (1 row) and the fused graph. */
  private static void nodeProfile(
      OrtEnvironment env,
      ModelProto ready,
      FrontierSplit split,
      float[] image,
      int samples,
      Path dir)
      throws OrtException {
    String in = ready.getGraph().getInput(0).getName();
    Map<String, long[]> rows = new HashMap<>();
    SessionFactory f = new SessionFactory(ProviderSpec.CPU, 1);
    try (OrtSession trunk = f.create(split.trunk().toByteArray());
        OnnxTensor x = tensor(env, image, 1, 1, 28, 28);
        OrtSession.Result r = trunk.run(Map.of(in, x))) {
      for (String t : split.trunkOutputs()) {
        long[] s = ((OnnxTensor) r.get(t).orElseThrow()).getInfo().getShape();
        rows.put(t, Arrays.copyOfRange(s, 1, s.length));
      }
    }
    FusedTrunk fused =
        FusedTrunk.of(ready, StochasticFrontier.withFrontierShapes(split, rows)).orElseThrow();
    var masked = io.mcdrop.onnx.rewrite.DropoutMasks.rewrite(fused.model()).orElseThrow();
    for (String which : List.of("whole", "fused", "masked")) {
      try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
          OnnxTensor mcTrue = OnnxTensor.createTensor(env, true);
          OnnxTensor mcFalse = OnnxTensor.createTensor(env, false)) {
        opts.addConfigEntry("optimization.disable_specified_optimizers", "EliminateDropout");
        opts.addConfigEntry("session.intra_op.allow_spinning", "0");
        opts.setIntraOpNumThreads(1);
        opts.setInterOpNumThreads(1);
        opts.enableProfiling(dir.resolve(which).toString());
        byte[] bytes =
            switch (which) {
              case "whole" -> ready.toByteArray();
              case "fused" -> fused.model().toByteArray();
              default -> masked.model().toByteArray();
            };
        try (OrtSession s = env.createSession(bytes, opts)) {
          for (int i = 0; i < 2000; i++) {
            if (which.equals("whole")) {
              runFull(env, s, in, image, mcFalse);
            } else if (which.equals("masked")) {
              runMasked(env, s, in, image, fused, samples + 1, masked.masks());
            } else {
              runFused(env, s, in, image, fused, samples + 1, mcTrue);
            }
          }
          System.out.println(which + ": ONNX Runtime profile " + s.endProfiling());
        }
      }
    }
  }

  private static OnnxTensor tensor(OrtEnvironment env, float[] v, long... shape)
      throws OrtException {
    return OnnxTensor.createTensor(env, FloatBuffer.wrap(v), shape);
  }

  private static double runFull(
      OrtEnvironment env, OrtSession s, String in, float[] x, OnnxTensor mc) {
    try (OnnxTensor t = tensor(env, x, 1, 1, 28, 28);
        OrtSession.Result r = s.run(Map.of(in, t, McDropout.INPUT_NAME, mc))) {
      return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double runMasked(
      OrtEnvironment env,
      OrtSession s,
      String in,
      float[] x,
      FusedTrunk fused,
      int rows,
      List<io.mcdrop.onnx.rewrite.DropoutMasks.Mask> masks) {
    Map<String, OnnxTensor> feeds = new HashMap<>();
    try {
      feeds.put(in, tensor(env, x, 1, 1, 28, 28));
      for (Map.Entry<String, Integer> r : fused.repeats().entrySet()) {
        long[] rep = new long[r.getValue()];
        Arrays.fill(rep, 1);
        rep[0] = rows;
        feeds.put(
            r.getKey(),
            OnnxTensor.createTensor(env, LongBuffer.wrap(rep), new long[] {rep.length}));
      }
      for (var m : masks) {
        float[] v = new float[rows * 128];
        Arrays.fill(v, 2f);
        feeds.put(m.input(), tensor(env, v, rows, 128));
      }
      try (OrtSession.Result r = s.run(feeds)) {
        FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out[0];
      }
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    } finally {
      feeds.values().forEach(OnnxTensor::close);
    }
  }

  private static double runFused(
      OrtEnvironment env,
      OrtSession s,
      String in,
      float[] x,
      FusedTrunk fused,
      int rows,
      OnnxTensor mc) {
    Map<String, OnnxTensor> feeds = new HashMap<>();
    try {
      feeds.put(in, tensor(env, x, 1, 1, 28, 28));
      for (Map.Entry<String, Integer> r : fused.repeats().entrySet()) {
        long[] rep = new long[r.getValue()];
        Arrays.fill(rep, 1);
        rep[0] = rows;
        feeds.put(
            r.getKey(),
            OnnxTensor.createTensor(env, LongBuffer.wrap(rep), new long[] {rep.length}));
      }
      Map<String, OnnxTensor> all = new HashMap<>(feeds);
      all.put(McDropout.INPUT_NAME, mc);
      try (OrtSession.Result r = s.run(all)) {
        FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out[0];
      }
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    } finally {
      feeds.values().forEach(OnnxTensor::close);
    }
  }
}
