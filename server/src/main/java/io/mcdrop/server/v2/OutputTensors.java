package io.mcdrop.server.v2;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.server.v2.V2Dto.MetadataTensor;
import io.mcdrop.server.v2.V2Dto.ResponseOutput;
import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The output tensors this server produces for a batch of N predictions over K classes: the mean
 * class probabilities plus the MC dropout uncertainty measures.
 */
final class OutputTensors {
  private static final String FP32 = "FP32";

  /** One output: its name, datatype, per-item width (0 = one value per item) and extractor. */
  private record Spec(
      String name, String datatype, boolean perClass, Function<Prediction, Object> value) {}

  private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

  static {
    perClass("probabilities", Prediction::probabilities);
    perClass("std", Prediction::std);
    perClass("lower", Prediction::lower);
    perClass("upper", Prediction::upper);
    scalar("entropy", Prediction::entropy);
    scalar("expected_entropy", Prediction::expectedEntropy);
    scalar("mutual_information", Prediction::mutualInformation);
    scalar("variation_ratio", Prediction::variationRatio);
    SPECS.put("label", new Spec("label", "BYTES", false, Prediction::label));
    SPECS.put("verdict", new Spec("verdict", "BYTES", false, p -> p.verdict().word()));
    SPECS.put("samples", new Spec("samples", "INT32", false, p -> p.samples()));
  }

  private OutputTensors() {}

  private static void perClass(String name, Function<Prediction, double[]> f) {
    SPECS.put(name, new Spec(name, FP32, true, f::apply));
  }

  private static void scalar(String name, ToDoubleFunction<Prediction> f) {
    SPECS.put(name, new Spec(name, FP32, false, p -> f.applyAsDouble(p)));
  }

  static List<MetadataTensor> metadata(int classes) {
    List<MetadataTensor> out = new ArrayList<>();
    for (Spec s : SPECS.values()) {
      out.add(
          new MetadataTensor(
              s.name(), s.datatype(), s.perClass() ? new long[] {-1, classes} : new long[] {-1}));
    }
    return out;
  }

  /** Checks requested output names before any work is done. */
  static List<String> select(List<V2Dto.RequestOutput> requested) {
    if (requested == null || requested.isEmpty()) {
      return List.copyOf(SPECS.keySet());
    }
    List<String> names = new ArrayList<>();
    for (V2Dto.RequestOutput o : requested) {
      if (o == null || o.name() == null || !SPECS.containsKey(o.name())) {
        throw new McdropException(
            ErrorCode.BAD_INPUT,
            "unknown output '"
                + (o == null ? null : o.name())
                + "'; this model produces "
                + SPECS.keySet());
      }
      names.add(o.name());
    }
    return names;
  }

  static List<ResponseOutput> build(List<String> names, List<Prediction> predictions, int k) {
    List<ResponseOutput> out = new ArrayList<>();
    int n = predictions.size();
    for (String name : names) {
      Spec s = SPECS.get(name);
      List<JsonNode> data = new ArrayList<>();
      for (Prediction p : predictions) {
        Object v = s.value().apply(p);
        if (v instanceof double[] arr) {
          for (double d : arr) {
            data.add(JsonNode.createNumberNode((float) d));
          }
        } else if (v instanceof Double d) {
          data.add(JsonNode.createNumberNode(d.floatValue()));
        } else if (v instanceof Integer i) {
          data.add(JsonNode.createNumberNode(i));
        } else {
          data.add(JsonNode.createStringNode(String.valueOf(v)));
        }
      }
      long[] shape = s.perClass() ? new long[] {n, k} : new long[] {n};
      out.add(new ResponseOutput(name, shape, s.datatype(), JsonNode.createArrayNode(data)));
    }
    return out;
  }
}
