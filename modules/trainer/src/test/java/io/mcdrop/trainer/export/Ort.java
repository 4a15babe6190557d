package io.mcdrop.trainer.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/** Runs exported models through the real ONNX Runtime, with dropout kept alive. */
final class Ort implements AutoCloseable {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  private final OrtSession session;

  Ort(ModelProto model) throws OrtException {
    this(model, false);
  }

  /**
   * @param feedMc turn the {@code mc_dropout} default (an initializer) into a plain input, since
   *     ONNX Runtime's Java API does not accept feeds for inputs backed by initializers
   */
  Ort(ModelProto model, boolean feedMc) throws OrtException {
    if (feedMc) {
      var g = model.getGraph().toBuilder();
      for (int i = g.getInitializerCount() - 1; i >= 0; i--) {
        if (g.getInitializer(i).getName().equals("mc_dropout")) {
          g.removeInitializer(i);
        }
      }
      model = model.toBuilder().setGraph(g).build();
    }
    OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
    // Without this ORT's basic optimisations delete every Dropout node (DESIGN.md section 6).
    opts.addConfigEntry("optimization.disable_specified_optimizers", "EliminateDropout");
    opts.setIntraOpNumThreads(1);
    session = ENV.createSession(model.toByteArray(), opts);
  }

  /** Runs {@code n} samples of shape dims[1..]; returns the flat logits. */
  float[] run(float[] x, long[] dims, Boolean mcDropout) throws OrtException {
    try (OnnxTensor in = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x), dims);
        OnnxTensor mc = mcDropout == null ? null : OnnxTensor.createTensor(ENV, mcDropout)) {
      Map<String, OnnxTensor> feeds =
          mc == null ? Map.of("input", in) : Map.of("input", in, "mc_dropout", mc);
      try (OrtSession.Result r = session.run(feeds)) {
        OnnxTensor out = (OnnxTensor) r.get("logits").orElseThrow();
        FloatBuffer fb = out.getFloatBuffer();
        float[] y = new float[fb.remaining()];
        fb.get(y);
        return y;
      }
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
