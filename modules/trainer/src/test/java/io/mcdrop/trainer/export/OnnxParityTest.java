package io.mcdrop.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.mcdrop.trainer.arch.ArchSpec;
import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.arch.NetworkFactory;
import io.mcdrop.trainer.arch.Preset;
import io.mcdrop.trainer.data.Preprocess;
import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.layers.Param;
import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Exported models run through ONNX Runtime give the trainer's own inference-mode logits. */
class OnnxParityTest {
  static final double TOL = 1e-4;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "conv5-fc3",
        "conv5s2-fc3",
        "conv4k5-bn-fc3",
        "conv4-bn-relu-fc3",
        "conv4-pool-fc3",
        "conv4-pool3-fc3",
        "conv4-avgpool-fc3",
        "conv4-gap-fc3",
        "conv4-flatten-fc6-bn-relu-fc3",
        "conv4-drop0.3-fc3",
        "conv4-sdrop0.3-fc3",
        "res6s2d0.2-fc3",
        "res4sd0.2-bn-relu-gap-fc3",
        "conv32-bn-relu-pool, conv64-bn-relu-pool-sdrop0.1, fc128-relu-drop0.5, fc10"
      })
  void everyLayerKindMatchesOnnxRuntime(String spec) throws Exception {
    Architecture arch = new Architecture("t", ArchSpec.parse(spec), new Shape(2, 12, 12));
    assertParity(arch, 3);
  }

  @ParameterizedTest
  @EnumSource(Preset.class)
  void everyPresetMatchesOnnxRuntime(Preset preset) throws Exception {
    assertParity(Architecture.of(preset), 2);
  }

  static Network randomized(Architecture arch, long seed) {
    Network net = NetworkFactory.build(arch, seed);
    // Fresh batch norm is the identity; give it real statistics so the export is tested.
    Rng r = new Rng(seed + 1);
    for (Param p : net.buffers()) {
      float[] v = p.value();
      boolean var = p.name().equals("running_var");
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (var ? 0.5 + r.nextDouble() : 0.3 * r.nextGaussian());
      }
    }
    for (Param p : net.params()) {
      if (p.name().equals("gamma") || p.name().equals("beta")) {
        float[] v = p.value();
        for (int i = 0; i < v.length; i++) {
          v[i] += (float) (0.2 * r.nextGaussian());
        }
      }
    }
    return net;
  }

  static ModelProto export(Network net) {
    Shape in = net.inputShape();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < net.classes(); i++) {
      labels.add("c" + i);
    }
    double[] mean = new double[in.c()];
    double[] std = new double[in.c()];
    java.util.Arrays.fill(std, 1);
    Preprocess pre =
        new Preprocess(in.c(), in.h(), in.w(), "bilinear", 1 / 255.0, mean, std, false);
    return OnnxExporter.export(
        net, new ModelInfo("t", labels, pre, Map.of("spec", "t"), Map.of("data", "none"), "test"));
  }

  private static void assertParity(Architecture arch, int n) throws Exception {
    Network net = randomized(arch, 7);
    Shape in = arch.input();
    Rng r = new Rng(8);
    float[] x = new float[n * in.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    float[] expected = net.forward(new Tensor(x.clone(), n, in), false).data();
    ModelProto model = export(net);
    long[] dims = {n, in.c(), in.h(), in.w()};
    boolean hasMc =
        model.getGraph().getInputList().stream().anyMatch(i -> i.getName().equals("mc_dropout"));
    for (Boolean mc : hasMc ? new Boolean[] {null, false} : new Boolean[] {null}) {
      try (Ort ort = new Ort(model, mc != null)) {
        float[] got = ort.run(x, dims, mc);
        assertEquals(expected.length, got.length, "logit count");
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
          worst = Math.max(worst, Math.abs(got[i] - expected[i]));
        }
        assertTrue(
            worst <= TOL,
            arch.spec().text() + ": max abs difference " + worst + " (mc_dropout=" + mc + ")");
      }
    }
  }
}
