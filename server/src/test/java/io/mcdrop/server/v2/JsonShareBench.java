package io.mcdrop.server.v2;

import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.server.support.JsonShare;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How much of a V2 JSON request is JSON (issue 14), not a test: per request, the time to read the
 * 784-float request body and write the response, with the old path (Micronaut's JSON tree of boxed
 * nodes, then a boxed list flattened to float[]; the response built as a node tree) and the
 * streaming codec ({@link V2Json}), next to the engine's own MC prediction of the same tensor.
 *
 * <pre>java -cp ... io.mcdrop.server.v2.JsonShareBench MODEL.onnx SAMPLES</pre>
 */
public final class JsonShareBench {
  private JsonShareBench() {}

  public static void main(String[] args) throws Exception {
    float[] x = new float[784];
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < x.length; i++) {
      x[i] = ((i * 37) % 255) / 255f;
      data.append(i == 0 ? "" : ",").append(x[i]);
    }
    byte[] body =
        ("{\"parameters\":{\"mc_samples\":30},\"inputs\":[{\"name\":\"input\",\"shape\":[1,1,28,28],"
                + "\"datatype\":\"FP32\",\"data\":["
                + data
                + "]}]}")
            .getBytes(StandardCharsets.UTF_8);
    ObjectMapper mapper = ObjectMapper.getDefault();
    int samples = Integer.parseInt(args[1]);
    try (McEngine engine =
        McEngine.load(Path.of(args[0]), EngineConfig.defaults().withThreads(1))) {
      Prediction p = engine.predict(x, McOptions.samples(samples));
      List<String> names = OutputTensors.select(List.of());
      int k = engine.info().classes();
      InferenceResult result =
          new InferenceResult(
              "m",
              null,
              null,
              Map.of("mc_samples", samples),
              OutputTensors.build(names, List.of(p), k));
      V2Json.Parsed how = V2Json.read(body, null);
      Runnable oldPath =
          () -> {
            try {
              JsonNode tree = mapper.readValue(body, JsonNode.class);
              JsonNode in = tree.get("inputs").get(0);
              float[] f = JsonShare.flattenTree(in.get("data"));
              if (f.length != 784) {
                throw new IllegalStateException();
              }
              List<JsonNode> outs = new ArrayList<>();
              for (OutputTensor o : result.outputs()) {
                List<JsonNode> values = new ArrayList<>();
                if (o.floats() != null) {
                  for (float v : o.floats()) {
                    values.add(JsonNode.createNumberNode(v));
                  }
                } else if (o.ints() != null) {
                  for (int v : o.ints()) {
                    values.add(JsonNode.createNumberNode(v));
                  }
                } else {
                  for (String v : o.strings()) {
                    values.add(JsonNode.createStringNode(v));
                  }
                }
                outs.add(
                    JsonNode.createObjectNode(
                        Map.of(
                            "name",
                            JsonNode.createStringNode(o.name()),
                            "data",
                            JsonNode.createArrayNode(values))));
              }
              mapper.writeValueAsBytes(
                  JsonNode.createObjectNode(Map.of("outputs", JsonNode.createArrayNode(outs))));
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
      Runnable newPath =
          () -> {
            V2Json.Parsed r = V2Json.read(body, null);
            if (r.request().inputs().get(0).values().length != 784) {
              throw new IllegalStateException();
            }
            V2Json.write(result, how);
          };
      Runnable predict = () -> engine.predict(x, McOptions.samples(samples));
      JsonShare.report("V2 JSON", oldPath, newPath, predict);
    }
  }
}
