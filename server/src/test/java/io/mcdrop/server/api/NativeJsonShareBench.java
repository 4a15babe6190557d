package io.mcdrop.server.api;

import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.server.support.JsonShare;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.serde.annotation.Serdeable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * How much of a native {@code /predict} request is JSON (issue 14), not a test: per request, the
 * time to read the 784-float body and write the prediction, the way the endpoint did it before
 * (Micronaut binding the body to a record holding a JSON tree, flattened through boxed floats; the
 * response serialised by Micronaut Serde) and with the streaming codec ({@link NativeJson}), next
 * to the engine's own MC prediction of the same tensor.
 *
 * <pre>java -cp ... io.mcdrop.server.api.NativeJsonShareBench MODEL.onnx SAMPLES</pre>
 */
public final class NativeJsonShareBench {
  private NativeJsonShareBench() {}

  /** The request as the endpoint bound it before: the tensor as a JSON tree. */
  @Serdeable
  record TreeRequest(@Nullable JsonNode data, @Nullable long[] shape, @Nullable Integer samples) {}

  public static void main(String[] args) throws Exception {
    float[] x = new float[784];
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < x.length; i++) {
      x[i] = ((i * 37) % 255) / 255f;
      data.append(i == 0 ? "" : ",").append(x[i]);
    }
    int samples = Integer.parseInt(args[1]);
    byte[] body =
        ("{\"samples\":" + samples + ",\"shape\":[1,1,28,28],\"data\":[" + data + "]}")
            .getBytes(StandardCharsets.UTF_8);
    ObjectMapper mapper = ObjectMapper.getDefault();
    try (McEngine engine =
        McEngine.load(Path.of(args[0]), EngineConfig.defaults().withThreads(1))) {
      McOptions options = McOptions.samples(samples);
      Prediction p = engine.predict(x, options);
      Runnable before =
          () -> {
            try {
              TreeRequest r = mapper.readValue(body, TreeRequest.class);
              if (JsonShare.flattenTree(r.data()).length != 784) {
                throw new IllegalStateException();
              }
              mapper.writeValueAsBytes(PredictionBody.of("m", "trunk", p));
            } catch (java.io.IOException e) {
              throw new IllegalStateException(e);
            }
          };
      Runnable after =
          () -> {
            if (NativeJson.read(body).data().length != 784) {
              throw new IllegalStateException();
            }
            NativeJson.write(PredictionBody.of("m", "trunk", p));
          };
      JsonShare.report("native /predict", before, after, () -> engine.predict(x, options));
      Runnable plain =
          () -> {
            if (NativeJson.read(body, 784, false).data().length != 784) {
              throw new IllegalStateException();
            }
            NativeJson.write(PredictionBody.of("m", "trunk", p));
          };
      JsonShare.report(
          "native /predict",
          "streaming parser only",
          "tensor read from the bytes",
          plain,
          after,
          () -> engine.predict(x, options));
    }
  }
}
