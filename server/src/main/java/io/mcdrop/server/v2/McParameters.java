package io.mcdrop.server.v2;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.server.config.OptionsFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Reads mcdrop's request parameters ({@code mc_samples}, {@code tolerance}, {@code seed}, {@code
 * strategy}) the same way for REST and gRPC; other parameters are ignored, as the protocol lets
 * servers do. Integers must be integral and in range: nothing wraps, rounds or truncates.
 */
public final class McParameters {
  public static final String SAMPLES = "mc_samples";
  public static final String TOLERANCE = "tolerance";
  public static final String SEED = "seed";
  public static final String STRATEGY = "strategy";
  public static final String CALIBRATED = "calibrated";

  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private McParameters() {}

  /** The MC options these parameters ask for, with the server's defaults and limits applied. */
  public static McOptions options(Map<String, Param> params, OptionsFactory factory, int classes) {
    Map<String, Param> p = params == null ? Map.of() : params;
    return factory
        .options(
            samples(p, factory.maxSamples()),
            tolerance(p),
            seed(p),
            string(p, STRATEGY),
            null,
            false,
            classes)
        .withCalibrated(calibrated(p));
  }

  /** {@code calibrated}: a boolean (default true); false gives a calibrated model's raw numbers. */
  private static boolean calibrated(Map<String, Param> p) {
    Param v = p.get(CALIBRATED);
    if (v == null) {
      return true;
    }
    if (v instanceof Param.Bool b) {
      return b.value();
    }
    throw bad(CALIBRATED, "true or false", v);
  }

  private static Integer samples(Map<String, Param> p, int max) {
    BigInteger v = integer(p, SAMPLES);
    if (v == null) {
      return null;
    }
    if (v.signum() < 1 || v.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "parameter '"
              + SAMPLES
              + "' must be between 1 and "
              + max
              + " (this server's limit), got "
              + v
              + "; 1 means deterministic inference");
    }
    return v.intValue();
  }

  private static Long seed(Map<String, Param> p) {
    BigInteger v = integer(p, SEED);
    if (v == null) {
      return null;
    }
    if (v.compareTo(LONG_MIN) < 0 || v.compareTo(LONG_MAX) > 0) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "parameter '"
              + SEED
              + "' must be a 64-bit signed integer (between "
              + Long.MIN_VALUE
              + " and "
              + Long.MAX_VALUE
              + "), got "
              + v);
    }
    return v.longValueExact();
  }

  private static Double tolerance(Map<String, Param> p) {
    Param n = p.get(TOLERANCE);
    BigDecimal v;
    if (n == null) {
      return null;
    } else if (n instanceof Param.Int i) {
      v = new BigDecimal(i.value());
    } else if (n instanceof Param.Real r) {
      v = r.value();
    } else if (n instanceof Param.Str s && isDecimal(s.value())) {
      // The KServe gRPC protocol has no floating-point parameter: a decimal string stands in.
      v = new BigDecimal(s.value().trim());
    } else {
      throw bad(TOLERANCE, "a number", n);
    }
    double d = v.doubleValue();
    if (!Double.isFinite(d) || d < 0) {
      throw new McdropException(
          ErrorCode.BAD_OPTION,
          "parameter '" + TOLERANCE + "' must be a finite number >= 0, got " + n.describe());
    }
    return d;
  }

  private static boolean isDecimal(String s) {
    try {
      new BigDecimal(s.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** An integral value, exactly; {@code 30.0} counts as 30, {@code 30.5} does not. */
  private static BigInteger integer(Map<String, Param> p, String key) {
    Param n = p.get(key);
    if (n == null) {
      return null;
    }
    if (n instanceof Param.Int i) {
      return i.value();
    }
    if (n instanceof Param.Real r) {
      BigDecimal d = r.value();
      // Bound the exponent first: 1e999999999 must not turn into a billion-digit integer.
      if (d.stripTrailingZeros().scale() <= 0 && d.precision() - d.scale() <= 40) {
        return d.toBigIntegerExact();
      }
      if (d.stripTrailingZeros().scale() <= 0) {
        throw new McdropException(
            ErrorCode.BAD_OPTION, "parameter '" + key + "' is out of range: " + n.describe());
      }
    }
    throw bad(key, "an integer", n);
  }

  private static String string(Map<String, Param> p, String key) {
    Param n = p.get(key);
    if (n == null) {
      return null;
    }
    if (n instanceof Param.Str s) {
      return s.value();
    }
    throw bad(key, "a string", n);
  }

  private static McdropException bad(String key, String expected, Param found) {
    return new McdropException(
        ErrorCode.BAD_INPUT,
        "parameter '" + key + "' must be " + expected + ", got " + found.describe());
  }
}
