package io.mcdrop.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.mcdrop.onnx.McDropout;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.trainer.data.Augment;
import io.mcdrop.trainer.data.BatchLoader;
import io.mcdrop.trainer.data.Synthetic;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains on synthetic data to a clear accuracy, exports, and classifies with ONNX Runtime. */
@Tag("e2e")
class EndToEndTest {
  @TempDir Path tmp;

  @Test
  void trainsToHighAccuracyExportsAndOnnxRuntimeAgrees() throws Exception {
    Path onnx = tmp.resolve("synthetic.onnx");
    TrainJob.Result r =
        TrainJob.builder()
            .data("synthetic:1500")
            .architecture(TrainJobTest.SMALL)
            .config(TrainJobTest.config().epochs(4).build())
            .out(onnx)
            .checkpoint(tmp.resolve("synthetic.ckpt"))
            .history(tmp.resolve("synthetic-history"))
            .events(TrainingListener.NONE)
            .build()
            .run();
    assertTrue(r.test().accuracy() > 0.9, "test accuracy " + r.test().accuracy());
    var model = OnnxModels.read(onnx);
    assertTrue(OnnxModels.metadata(model, McDropout.META_LABELS).orElseThrow().contains("class9"));
    var test = Synthetic.generate(200, 10, new Shape(1, 12, 12), 99);
    Tensor x =
        new BatchLoader(test, r.preprocess())
            .batch(java.util.stream.IntStream.range(0, 200).toArray(), 0, 200, Augment.NONE, null);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    int correct = 0;
    try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
        OnnxTensor in =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), new long[] {200, 1, 12, 12});
        OrtSession.Result out = s.run(Map.of("input", in))) {
      float[][] logits = (float[][]) out.get(0).getValue();
      for (int i = 0; i < 200; i++) {
        int arg = 0;
        for (int j = 1; j < 10; j++) {
          if (logits[i][j] > logits[i][arg]) {
            arg = j;
          }
        }
        correct += arg == test.labels()[i] ? 1 : 0;
      }
    }
    assertTrue(correct > 180, correct + "/200 correct through ONNX Runtime");
    assertEquals(4, r.history().size());
  }
}
