package io.mcdrop.onnx.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The one codec of the {@code mcdrop.*} metadata (Jackson). Reading is lenient where old files
 * differ (a single number for a per-channel mean, either resize name) and strict where a value is
 * wrong: every problem is a {@link ErrorCode#MODEL_INVALID} naming the key.
 */
public final class ContractJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private ContractJson() {}

  // ---- mcdrop.preprocess ----

  /** Reads {@code mcdrop.preprocess}. */
  public static PreprocessSpec preprocess(String json) {
    JsonNode n = tree(json, MetadataKeys.PREPROCESS);
    try {
      return new PreprocessSpec(
          n.path("channels").asInt(),
          n.path("height").asInt(),
          n.path("width").asInt(),
          ResizeRule.parse(n.path("resize").asText(null)),
          n.path("scale").asDouble(PreprocessSpec.UNIT_SCALE),
          doubles(n.get("mean")),
          doubles(n.get("std")),
          n.path("invert").asBoolean(false));
    } catch (McdropException e) {
      throw new McdropException(
          ErrorCode.MODEL_INVALID,
          "model metadata " + MetadataKeys.PREPROCESS + ": " + e.getMessage(),
          e);
    }
  }

  /** Writes {@code mcdrop.preprocess}, keys in a fixed order. */
  public static String write(PreprocessSpec p) {
    ObjectNode o = JSON.createObjectNode();
    o.put("channels", p.channels());
    o.put("height", p.height());
    o.put("width", p.width());
    o.put("resize", p.resize().wireName());
    o.put("scale", p.scale());
    ArrayNode mean = o.putArray("mean");
    Arrays.stream(p.mean()).forEach(mean::add);
    ArrayNode std = o.putArray("std");
    Arrays.stream(p.std()).forEach(std::add);
    o.put("invert", p.invert());
    return o.toString();
  }

  /** The same as a JSON-ready map (for checkpoints that embed it). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> toMap(PreprocessSpec p) {
    return JSON.convertValue(tree(write(p), MetadataKeys.PREPROCESS), Map.class);
  }

  /** Reads a map written by {@link #toMap}. */
  public static PreprocessSpec preprocessFromMap(Map<String, Object> m) {
    return preprocess(encode(m, MetadataKeys.PREPROCESS));
  }

  // ---- mcdrop.labels ----

  /** Reads {@code mcdrop.labels}: a JSON array of names. */
  public static List<String> labels(String json) {
    JsonNode n = tree(json, MetadataKeys.LABELS);
    if (!n.isArray()) {
      throw new McdropException(
          ErrorCode.MODEL_INVALID,
          "model metadata " + MetadataKeys.LABELS + " is not a JSON array of names");
    }
    List<String> out = new ArrayList<>();
    n.forEach(e -> out.add(e.asText()));
    return List.copyOf(out);
  }

  public static String writeLabels(List<String> labels) {
    return encode(labels, MetadataKeys.LABELS);
  }

  // ---- mcdrop.dropout, mcdrop.architecture, mcdrop.training ----

  public static List<DropoutLayer> dropout(String json) {
    return List.of(decode(json, DropoutLayer[].class, MetadataKeys.DROPOUT));
  }

  public static String writeDropout(List<DropoutLayer> layers) {
    return encode(layers, MetadataKeys.DROPOUT);
  }

  public static ArchitectureInfo architecture(String json) {
    return decode(json, ArchitectureInfo.class, MetadataKeys.ARCHITECTURE);
  }

  public static String write(ArchitectureInfo a) {
    return encode(a, MetadataKeys.ARCHITECTURE);
  }

  public static TrainingProvenance training(String json) {
    return decode(json, TrainingProvenance.class, MetadataKeys.TRAINING);
  }

  public static String write(TrainingProvenance t) {
    return encode(t, MetadataKeys.TRAINING);
  }

  /**
   * Converts a JSON-ready map (how the trainer collects facts) into a contract record; a key the
   * record does not declare is an error, so the contract is extended in one place.
   */
  public static <T> T fromMap(Map<String, ?> map, Class<T> type, String key) {
    try {
      return JSON.convertValue(map, type);
    } catch (IllegalArgumentException e) {
      throw new McdropException(
          ErrorCode.INTERNAL,
          key + " does not match the contract record " + type.getName() + ": " + e.getMessage(),
          e);
    }
  }

  private static JsonNode tree(String json, String key) {
    try {
      JsonNode n = JSON.readTree(json);
      if (n == null) {
        throw new McdropException(ErrorCode.MODEL_INVALID, "model metadata " + key + " is empty");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new McdropException(
          ErrorCode.MODEL_INVALID,
          "model metadata " + key + " is not valid JSON: " + e.getOriginalMessage(),
          e);
    }
  }

  private static <T> T decode(String json, Class<T> type, String key) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new McdropException(
          ErrorCode.MODEL_INVALID,
          "model metadata " + key + " does not match the contract: " + e.getOriginalMessage(),
          e);
    }
  }

  private static String encode(Object o, String key) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new McdropException(
          ErrorCode.INTERNAL, "cannot encode model metadata " + key + ": " + e.getMessage(), e);
    }
  }

  private static double[] doubles(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isNumber()) {
      return new double[] {n.asDouble()};
    }
    double[] out = new double[n.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = n.get(i).asDouble();
    }
    return out;
  }
}
