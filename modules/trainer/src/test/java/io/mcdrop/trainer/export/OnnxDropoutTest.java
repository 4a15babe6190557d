package io.mcdrop.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.onnx.McDropout;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.trainer.arch.Architecture;
import io.mcdrop.trainer.arch.DropoutPlacement;
import io.mcdrop.trainer.arch.Preset;
import io.mcdrop.trainer.layers.Dropout;
import io.mcdrop.trainer.layers.Flatten;
import io.mcdrop.trainer.layers.Layer;
import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.layers.SpatialDropout;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With mc_dropout=true, ONNX Runtime's dropout behaves like the trainer's. */
class OnnxDropoutTest {
  private static final Shape SHAPE = new Shape(8, 5, 5);

  private static Network chain(Layer... layers) {
    return new Network(
        SHAPE, java.util.Arrays.stream(layers).map(l -> new Network.Entry(l, 1, "test")).toList());
  }

  private static float[] ones(int n) {
    float[] x = new float[n * SHAPE.size()];
    java.util.Arrays.fill(x, 1f);
    return x;
  }

  @Test
  void standardDropoutDropsAtTheRateAndScalesSurvivorsLikeTheTrainer() throws Exception {
    double p = 0.3;
    Dropout d = new Dropout(SHAPE, p, 1);
    Network net = chain(d, new Flatten(SHAPE));
    int n = 200;
    float[] trainer = net.forward(new Tensor(ones(n), n, SHAPE), true).data();
    try (Ort ort = new Ort(OnnxParityTest.export(net), true)) {
      float[] onnx = ort.run(ones(n), new long[] {n, 8, 5, 5}, true);
      for (float[] y : List.of(trainer, onnx)) {
        int zeros = 0;
        for (float v : y) {
          if (v == 0f) {
            zeros++;
          } else {
            assertEquals(1 / (1 - p), v, 1e-6, "kept values are scaled by 1/(1-p)");
          }
        }
        assertEquals(p, (double) zeros / y.length, 0.02, "fraction of zeros");
      }
      float[] again = ort.run(ones(n), new long[] {n, 8, 5, 5}, true);
      assertNotEquals(java.util.Arrays.toString(onnx), java.util.Arrays.toString(again));
      float[] off = ort.run(ones(n), new long[] {n, 8, 5, 5}, false);
      for (float v : off) {
        assertEquals(1f, v, "mc_dropout=false is the identity");
      }
    }
    try (Ort plain = new Ort(OnnxParityTest.export(net))) {
      for (float v : plain.run(ones(n), new long[] {n, 8, 5, 5}, null)) {
        assertEquals(1f, v, "without a feed, the default false makes the model deterministic");
      }
    }
  }

  @Test
  void spatialDropoutZeroesWholeChannelsLikeTheTrainer() throws Exception {
    double p = 0.5;
    SpatialDropout d = new SpatialDropout(SHAPE, p, 1);
    Network net = chain(d, new Flatten(SHAPE));
    int n = 100;
    float[] trainer = net.forward(new Tensor(ones(n), n, SHAPE), true).data();
    try (Ort ort = new Ort(OnnxParityTest.export(net), true)) {
      float[] onnx = ort.run(ones(n), new long[] {n, 8, 5, 5}, true);
      for (float[] y : List.of(trainer, onnx)) {
        int dropped = 0;
        int plane = 25;
        for (int q = 0; q < n * 8; q++) {
          float first = y[q * plane];
          for (int i = 1; i < plane; i++) {
            assertEquals(first, y[q * plane + i], "a channel is dropped or kept as a whole");
          }
          if (first == 0f) {
            dropped++;
          } else {
            assertEquals(2.0f, first, 1e-6);
          }
        }
        assertEquals(p, (double) dropped / (n * 8), 0.06, "fraction of dropped channels");
      }
    }
  }

  @Test
  void everyStochasticNodeIsADropoutWiredToMcDropoutAndListedInMetadata() throws Exception {
    Network net =
        OnnxParityTest.randomized(
            Architecture.of(Preset.WRN).withDropout(DropoutPlacement.ALL, 0.2), 3);
    ModelProto m = OnnxParityTest.export(net);
    List<NodeProto> drops =
        m.getGraph().getNodeList().stream().filter(nd -> nd.getOpType().equals("Dropout")).toList();
    assertEquals(net.stochasticLayers().size(), drops.size());
    for (NodeProto nd : drops) {
      assertEquals(McDropout.INPUT_NAME, nd.getInput(2));
    }
    assertEquals(17, OnnxModels.defaultOpset(m));
    String json = OnnxModels.metadata(m, McDropout.META_DROPOUT).orElseThrow();
    List<?> listed = new ObjectMapper().readValue(json, List.class);
    assertEquals(drops.size(), listed.size());
    Map<?, ?> first = (Map<?, ?>) listed.get(0);
    assertEquals(drops.get(0).getName(), first.get("node"));
    assertTrue(
        first.containsKey("kind") && first.containsKey("rate") && first.containsKey("position"));
    for (String key :
        List.of(
            McDropout.META_LABELS,
            McDropout.META_PREPROCESS,
            McDropout.META_ARCHITECTURE,
            McDropout.META_TRAINING)) {
      assertTrue(OnnxModels.metadata(m, key).isPresent(), key);
    }
    // Symbolic batch: the same model runs batches of 1 and 5.
    try (Ort ort = new Ort(m, true)) {
      Shape in = net.inputShape();
      for (int n : new int[] {1, 5}) {
        float[] y = ort.run(new float[n * in.size()], new long[] {n, in.c(), in.h(), in.w()}, true);
        assertEquals(n * 10, y.length);
      }
    }
  }
}
