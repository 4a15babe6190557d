package io.mcdrop.server.v2;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.server.tensor.Text;
import io.mcdrop.server.v2.V2Dto.MetadataTensor;
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
public final class OutputTensors {
  private static final String FP32 = "FP32";

  /** One output: its name, datatype, whether it has one value per class, and its extractor. */
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
    // a calibrated model's conformal set, labels joined by "|" ("" = empty set); "n/a" when the
    // model is not calibrated or the request turned calibration off
    SPECS.put(
        "prediction_set",
        new Spec(
            "prediction_set",
            "BYTES",
            false,
            p -> p.predictionSet() == null ? "n/a" : String.join("|", p.predictionSet())));
    SPECS.put("samples", new Spec("samples", "INT32", false, p -> p.samples()));
  }

  private OutputTensors() {}

  private static void perClass(String name, Function<Prediction, double[]> f) {
    SPECS.put(name, new Spec(name, FP32, true, f::apply));
  }

  private static void scalar(String name, ToDoubleFunction<Prediction> f) {
    SPECS.put(name, new Spec(name, FP32, false, p -> f.applyAsDouble(p)));
  }

  /** Every output's metadata: name, datatype, shape with a variable batch. */
  public static List<MetadataTensor> metadata(int classes) {
    List<MetadataTensor> out = new ArrayList<>();
    for (Spec s : SPECS.values()) {
      out.add(
          new MetadataTensor(
              s.name(), s.datatype(), s.perClass() ? new long[] {-1, classes} : new long[] {-1}));
    }
    return out;
  }

  /** Checks requested output names before any work is done; none requested means all. */
  static List<String> select(List<String> requested) {
    if (requested == null || requested.isEmpty()) {
      return List.copyOf(SPECS.keySet());
    }
    for (String name : requested) {
      if (name == null || !SPECS.containsKey(name)) {
        throw new McdropException(
            ErrorCode.BAD_INPUT,
            "unknown output '"
                + (name == null ? null : Text.abbreviate(name))
                + "'; this model produces "
                + SPECS.keySet());
      }
    }
    return requested;
  }

  static List<OutputTensor> build(List<String> names, List<Prediction> predictions, int k) {
    List<OutputTensor> out = new ArrayList<>(names.size());
    int n = predictions.size();
    for (String name : names) {
      Spec s = SPECS.get(name);
      long[] shape = s.perClass() ? new long[] {n, k} : new long[] {n};
      switch (s.datatype()) {
        case FP32 -> {
          float[] v = new float[s.perClass() ? n * k : n];
          int i = 0;
          for (Prediction p : predictions) {
            Object o = s.value().apply(p);
            if (o instanceof double[] arr) {
              for (double d : arr) {
                v[i++] = (float) d;
              }
            } else {
              v[i++] = ((Double) o).floatValue();
            }
          }
          out.add(new OutputTensor(name, s.datatype(), shape, v, null, null));
        }
        case "INT32" -> {
          int[] v = new int[n];
          for (int i = 0; i < n; i++) {
            v[i] = (Integer) s.value().apply(predictions.get(i));
          }
          out.add(new OutputTensor(name, s.datatype(), shape, null, v, null));
        }
        default -> {
          String[] v = new String[n];
          for (int i = 0; i < n; i++) {
            v[i] = String.valueOf(s.value().apply(predictions.get(i)));
          }
          out.add(new OutputTensor(name, s.datatype(), shape, null, null, v));
        }
      }
    }
    return out;
  }
}
