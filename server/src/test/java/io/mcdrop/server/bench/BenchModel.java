package io.mcdrop.server.bench;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.mcdrop.onnx.build.Attr;
import io.mcdrop.onnx.build.GraphBuilder;
import java.util.List;
import java.util.Random;

/**
 * A stand-in with the shipped model's architecture (DESIGN section 6: conv32-relu-pool,
 * conv64-relu-pool, fc128-relu, dropout 0.5, fc10 on 1x28x28) and random weights, for when
 * models/fashion-cnn.onnx is not there: speed depends on the architecture, not on the weights.
 */
final class BenchModel {
  private static final String LABELS =
      "[\"T-shirt/top\",\"Trouser\",\"Pullover\",\"Dress\",\"Coat\",\"Sandal\",\"Shirt\","
          + "\"Sneaker\",\"Bag\",\"Ankle boot\"]";

  private BenchModel() {}

  static ModelProto fashionShaped(long seed) {
    Random rnd = new Random(seed);
    GraphBuilder g = new GraphBuilder("fashion_shaped_bench");
    String x = g.floatInput("input", "N", 1, 28, 28);
    String mc = g.mcDropoutInput();
    String h = convReluPool(g, rnd, x, 1, 32);
    h = convReluPool(g, rnd, h, 32, 64);
    h = g.node("Flatten", List.of(h), Attr.i("axis", 1));
    h = g.node("Relu", List.of(gemm(g, rnd, h, 64 * 7 * 7, 128)));
    h = g.dropout(h, 0.5f, mc);
    h = gemm(g, rnd, h, 128, 10);
    g.output(h, "logits", "N", 10);
    g.metadata("mcdrop.labels", LABELS);
    g.metadata(
        "mcdrop.preprocess",
        "{\"channels\":1,\"height\":28,\"width\":28,\"resize\":\"stretch\","
            + "\"scale\":0.00392156862745098,\"mean\":[0.2860],\"std\":[0.3530],\"invert\":false}");
    return g.build();
  }

  private static String convReluPool(GraphBuilder g, Random rnd, String x, int in, int out) {
    String w =
        g.initializer("conv_w", randn(rnd, out * in * 9, Math.sqrt(2.0 / (in * 9))), out, in, 3, 3);
    String b = g.initializer("conv_b", randn(rnd, out, 0.01), out);
    String c =
        g.node(
            "Conv",
            List.of(x, w, b),
            Attr.ints("kernel_shape", 3, 3),
            Attr.ints("pads", 1, 1, 1, 1));
    String r = g.node("Relu", List.of(c));
    return g.node(
        "MaxPool", List.of(r), Attr.ints("kernel_shape", 2, 2), Attr.ints("strides", 2, 2));
  }

  private static String gemm(GraphBuilder g, Random rnd, String x, int in, int out) {
    String w = g.initializer("fc_w", randn(rnd, in * out, Math.sqrt(2.0 / in)), out, in);
    String b = g.initializer("fc_b", randn(rnd, out, 0.01), out);
    return g.node("Gemm", List.of(x, w, b), Attr.i("transB", 1));
  }

  private static float[] randn(Random rnd, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rnd.nextGaussian() * scale);
    }
    return a;
  }
}
