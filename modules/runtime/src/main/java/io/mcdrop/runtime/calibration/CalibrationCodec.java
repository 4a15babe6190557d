package io.mcdrop.runtime.calibration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;

/**
 * The one JSON form of a {@link CalibrationSpec}, as stored under {@link #META_KEY}:
 *
 * <pre>{@code
 * {"version": 1,
 *  "conformal": {"score": "raps", "alpha": 0.1, "kReg": 5, "lambda": 0.01, "randomized": true},
 *  "acceptance": 0.95, "images": 5000, "data": "...", "date": "2026-12-01T19:00:00Z",
 *  "deterministic": {"samples": 1, "temperature": 1.1, "conformalThreshold": 0.93,
 *                    "entropyThreshold": 0.8, "nllBefore": 0.21, "nllAfter": 0.20},
 *  "mc": {"samples": 30, "temperature": 0.95, "conformalThreshold": 0.94, "entropyThreshold": 0.9,
 *         "mutualInformationThreshold": 0.05, "nllBefore": 0.21, "nllAfter": 0.20}}
 * }</pre>
 */
public final class CalibrationCodec {
  /** The model metadata key. */
  public static final String META_KEY = "mcdrop.calibration";

  public static final int VERSION = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CalibrationCodec() {}

  public static String write(CalibrationSpec s) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", VERSION);
    ObjectNode c = root.putObject("conformal");
    c.put("score", s.score().type().word());
    c.put("alpha", s.alpha());
    c.put("kReg", s.score().kReg());
    c.put("lambda", s.score().lambda());
    c.put("randomized", s.score().type() != ScoreType.LAC);
    root.put("acceptance", s.acceptance());
    root.put("images", s.images());
    root.put("data", s.data());
    root.put("date", s.date());
    mode(root.putObject("deterministic"), s.deterministic());
    if (s.mc() != null) {
      mode(root.putObject("mc"), s.mc());
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads the metadata value.
   *
   * @throws McdropException MODEL_INVALID with what is wrong when it is not a calibration
   */
  public static CalibrationSpec read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid("is not JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw invalid("is not a JSON object");
    }
    int version = root.path("version").asInt(-1);
    if (version != VERSION) {
      throw invalid("has version " + root.path("version") + "; this mcdrop reads " + VERSION);
    }
    JsonNode c = required(root, "conformal");
    ScoreType type;
    try {
      type = ScoreType.parse(required(c, "score").asText());
    } catch (McdropException e) {
      throw invalid(e.getMessage());
    }
    ConformalScore score =
        new ConformalScore(type, required(c, "kReg").asInt(), number(c, "lambda"));
    JsonNode mc = root.get("mc");
    return new CalibrationSpec(
        mode(required(root, "deterministic")),
        mc == null || mc.isNull() ? null : mode(mc),
        score,
        number(c, "alpha"),
        number(root, "acceptance"),
        required(root, "images").asInt(),
        root.path("data").asText(""),
        root.path("date").asText(""));
  }

  private static void mode(ObjectNode o, CalibrationSpec.Mode m) {
    o.put("samples", m.samples());
    o.put("temperature", m.temperature());
    o.put("conformalThreshold", m.conformalThreshold());
    o.put("entropyThreshold", m.entropyThreshold());
    if (!Double.isNaN(m.mutualInformationThreshold())) {
      o.put("mutualInformationThreshold", m.mutualInformationThreshold());
    }
    o.put("nllBefore", m.nllBefore());
    o.put("nllAfter", m.nllAfter());
  }

  private static CalibrationSpec.Mode mode(JsonNode o) {
    JsonNode mi = o.get("mutualInformationThreshold");
    return new CalibrationSpec.Mode(
        required(o, "samples").asInt(),
        number(o, "temperature"),
        number(o, "conformalThreshold"),
        number(o, "entropyThreshold"),
        mi == null || mi.isNull() ? Double.NaN : mi.asDouble(),
        o.path("nllBefore").asDouble(Double.NaN),
        o.path("nllAfter").asDouble(Double.NaN));
  }

  private static JsonNode required(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      throw invalid("has no '" + field + "'");
    }
    return v;
  }

  private static double number(JsonNode o, String field) {
    JsonNode v = required(o, field);
    if (!v.isNumber()) {
      throw invalid("field '" + field + "' is not a number: " + v);
    }
    return v.asDouble();
  }

  private static McdropException invalid(String what) {
    return new McdropException(ErrorCode.MODEL_INVALID, "model metadata " + META_KEY + " " + what);
  }
}
