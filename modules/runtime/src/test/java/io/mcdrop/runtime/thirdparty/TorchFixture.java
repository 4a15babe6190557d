package io.mcdrop.runtime.thirdparty;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.onnx.OnnxModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * One model exported by PyTorch 1.13's own ONNX exporter ({@code scripts/make_torch_fixtures.py}),
 * with the reference numbers PyTorch computed for it.
 *
 * @param name fixture name (file stem under {@code src/test/resources/torch})
 * @param file the ONNX file
 * @param export PyTorch's {@code TrainingMode} used for the export
 * @param opset the exported opset
 * @param input the fixed input, [1, 8, 8] flattened
 * @param evalLogits PyTorch's logits in eval mode (dropout off, batch norm on running statistics)
 * @param evalProbabilities softmax of {@code evalLogits}
 * @param batchStatLogits logits with batch norm on batch statistics (the model.train() mistake)
 * @param dropoutRates rates of the exported dropout modules, in order
 * @param dropoutNodes Dropout nodes in the file
 * @param batchNormNodes BatchNormalization nodes in the file
 * @param batchNormTrainingNodes of those, how many are in training mode
 */
record TorchFixture(
    String name,
    Path file,
    String export,
    int opset,
    float[] input,
    double[] evalLogits,
    double[] evalProbabilities,
    double[] batchStatLogits,
    double[] dropoutRates,
    int dropoutNodes,
    int batchNormNodes,
    int batchNormTrainingNodes) {

  static TorchFixture load(String name) {
    JsonNode j;
    try (InputStream in = resource(name + ".json").openStream()) {
      j = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path file;
    try {
      file = Path.of(resource(name + ".onnx").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    double[] in = doubles(j.get("input"));
    float[] input = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      input[i] = (float) in[i];
    }
    return new TorchFixture(
        name,
        file,
        j.get("export").asText(),
        j.get("opset").asInt(),
        input,
        doubles(j.get("eval_logits")),
        doubles(j.get("eval_probabilities")),
        doubles(j.get("batch_stat_logits")),
        doubles(j.get("dropout_rates")),
        j.get("dropout_nodes").asInt(),
        j.get("batch_norm_nodes").asInt(),
        j.get("batch_norm_training_nodes").asInt());
  }

  ModelProto model() {
    return OnnxModels.read(file);
  }

  private static URL resource(String file) {
    URL url = TorchFixture.class.getResource("/torch/" + file);
    if (url == null) {
      throw new IllegalStateException(
          "missing test resource torch/"
              + file
              + "; regenerate with /usr/bin/python3 scripts/make_torch_fixtures.py");
    }
    return url;
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }
}
