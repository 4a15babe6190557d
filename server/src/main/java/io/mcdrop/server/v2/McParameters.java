package io.mcdrop.server.v2;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.server.config.OptionsFactory;
import io.micronaut.json.tree.JsonNode;
import java.util.Map;

/**
 * Reads mcdrop's request parameters ({@code mc_samples}, {@code tolerance}, {@code seed}, {@code
 * strategy}); other parameters are ignored, as the protocol lets servers do.
 */
final class McParameters {
  static final String SAMPLES = "mc_samples";
  static final String TOLERANCE = "tolerance";
  static final String SEED = "seed";
  static final String STRATEGY = "strategy";

  private McParameters() {}

  static McOptions options(Map<String, JsonNode> params, OptionsFactory factory, int classes) {
    Map<String, JsonNode> p = params == null ? Map.of() : params;
    return factory.options(
        samples(p),
        number(p, TOLERANCE),
        integer(p, SEED),
        string(p, STRATEGY),
        null,
        false,
        classes);
  }

  private static Integer samples(Map<String, JsonNode> p) {
    Long v = integer(p, SAMPLES);
    if (v == null) {
      return null;
    }
    if (Math.abs(v) > Integer.MAX_VALUE) {
      throw new McdropException(
          ErrorCode.BAD_OPTION, "parameter '" + SAMPLES + "' is out of range: " + v);
    }
    return v.intValue();
  }

  private static Long integer(Map<String, JsonNode> p, String key) {
    JsonNode n = p.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isNumber()) {
      throw bad(key, "an integer", n);
    }
    Number v = n.getNumberValue();
    if (v instanceof Double || v instanceof Float || v instanceof java.math.BigDecimal) {
      double d = v.doubleValue();
      if (d != Math.rint(d) || Math.abs(d) > Long.MAX_VALUE) {
        throw bad(key, "an integer", n);
      }
      return (long) d;
    }
    return v.longValue();
  }

  private static Double number(Map<String, JsonNode> p, String key) {
    JsonNode n = p.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isNumber()) {
      throw bad(key, "a number", n);
    }
    return n.getNumberValue().doubleValue();
  }

  private static String string(Map<String, JsonNode> p, String key) {
    JsonNode n = p.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isString()) {
      throw bad(key, "a string", n);
    }
    return n.getStringValue();
  }

  private static McdropException bad(String key, String expected, JsonNode found) {
    return new McdropException(
        ErrorCode.BAD_INPUT,
        "parameter '" + key + "' must be " + expected + ", got " + abbreviate(found.toString()));
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
