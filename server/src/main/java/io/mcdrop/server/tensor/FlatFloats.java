package io.mcdrop.server.tensor;

import com.fasterxml.jackson.core.io.NumberInput;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast path of a JSON tensor: a flat array of plain JSON numbers ({@code [0.0,0.145,...]}, what
 * every client sends for one image) read straight from the request's bytes into a {@code float[]},
 * with no token buffer and no per-number string. Each value is the correctly rounded float of its
 * decimal, exactly what the streaming parser's {@code getFloatValue} gives: most numbers take
 * Clinger's fast path (at most 19 significant digits, a decimal exponent within ±22: one exact
 * double operation, correctly rounded), then the double is narrowed to float, which is exact unless
 * the double lies on a midpoint between two floats; those, and every other number, go through
 * Jackson's own parser.
 *
 * <p>{@link #scan} answers null for anything it does not read itself (nested arrays, a non-number,
 * malformed JSON, a value outside the float range): the caller then reads the array with the
 * streaming parser, which accepts or rejects it with its usual words. So this class never decides
 * an error on its own.
 */
public final class FlatFloats {
  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p; // 10^0 .. 10^22 are exact doubles
      p *= 10;
    }
  }

  /**
   * A scanned array.
   *
   * @param values the numbers, in order
   * @param end the index just past the array's closing bracket
   */
  public record Scan(float[] values, int end) {}

  private FlatFloats() {}

  /**
   * Reads the flat array of numbers that starts with the {@code [} at {@code at}, or returns null
   * when it is anything else (see the class comment).
   *
   * @param expected the likely number of values (the array is then read with no copy)
   */
  public static Scan scan(byte[] b, int at, int expected) {
    int n = b.length;
    if (at < 0 || at >= n || b[at] != '[') {
      return null;
    }
    float[] buf = new float[Math.max(16, expected)];
    int count = 0;
    int i = skipWhitespace(b, at + 1);
    if (i < n && b[i] == ']') {
      return new Scan(new float[0], i + 1);
    }
    while (true) {
      int start = i;
      boolean negative = false;
      if (i < n && b[i] == '-') {
        negative = true;
        i++;
      }
      if (i >= n) {
        return null;
      }
      long m = 0;
      int significant = 0;
      int exp10 = 0;
      boolean exact = true; // false: more digits than a long holds
      boolean integer = true; // no fraction, no exponent
      int c = b[i];
      if (c == '0') {
        i++;
      } else if (c >= '1' && c <= '9') {
        while (i < n && (c = b[i]) >= '0' && c <= '9') {
          if (significant < 19) {
            m = m * 10 + (c - '0');
            significant++;
          } else {
            exact = false;
          }
          i++;
        }
      } else {
        return null;
      }
      if (i < n && b[i] == '.') {
        integer = false;
        i++;
        int digits = 0;
        while (i < n && (c = b[i]) >= '0' && c <= '9') {
          if (significant < 19) {
            m = m * 10 + (c - '0');
            if (m != 0) {
              significant++;
            }
            exp10--;
          } else {
            exact = false;
          }
          digits++;
          i++;
        }
        if (digits == 0) {
          return null;
        }
      }
      if (i < n && (b[i] == 'e' || b[i] == 'E')) {
        integer = false;
        i++;
        int sign = 1;
        if (i < n && (b[i] == '+' || b[i] == '-')) {
          sign = b[i] == '-' ? -1 : 1;
          i++;
        }
        int e = 0;
        int digits = 0;
        while (i < n && (c = b[i]) >= '0' && c <= '9') {
          if (e < 100_000) {
            e = e * 10 + (c - '0');
          }
          digits++;
          i++;
        }
        if (digits == 0) {
          return null;
        }
        exp10 += sign * e;
      }
      int stop = i;
      // "-0" is an integer token, and the streaming parser reads integers as integers: 0, not -0
      float f = exact ? fast(m, exp10, negative && !(integer && m == 0)) : Float.NaN;
      if (Float.isNaN(f)) {
        f =
            NumberInput.parseFloat(
                new String(b, start, stop - start, StandardCharsets.US_ASCII), true);
        if (!Float.isFinite(f)) {
          return null;
        }
      }
      if (count == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      buf[count++] = f;
      i = skipWhitespace(b, i);
      if (i >= n) {
        return null;
      }
      if (b[i] == ']') {
        return new Scan(count == buf.length ? buf : Arrays.copyOf(buf, count), i + 1);
      }
      if (b[i] != ',') {
        return null;
      }
      i = skipWhitespace(b, i + 1);
    }
  }

  /**
   * The float of {@code ±m·10^exp10} when one exact double operation gives it, else NaN (the caller
   * then parses the text). Never returns a wrong value: a double that lies exactly on a midpoint
   * between two floats, or outside the normal float range, is left to the slow path.
   */
  static float fast(long m, int exp10, boolean negative) {
    if (m == 0) {
      return negative ? -0f : 0f;
    }
    if (m >= (1L << 53) || exp10 < -22 || exp10 > 22) {
      return Float.NaN;
    }
    double d = exp10 < 0 ? m / POW10[-exp10] : m * POW10[exp10];
    if (d < 0x1p-126 || d > Float.MAX_VALUE) {
      return Float.NaN;
    }
    // a float has 24 significant bits, a double 53: the low 29 bits 1000...0 mark a midpoint
    if ((Double.doubleToRawLongBits(d) & 0x1FFF_FFFFL) == 0x1000_0000L) {
      return Float.NaN;
    }
    float f = (float) d;
    return negative ? -f : f;
  }

  /**
   * The rest of a JSON object after one of its members, as an object of its own: {@code {} +
   * what follows the member's comma, or {@code {}} and what follows when the member was the last.
   * Null when what follows is not a comma and another member, or the closing brace.
   *
   * @param from the index just past the member's value
   */
  public static byte[] restOfObject(byte[] b, int from) {
    int i = skipWhitespace(b, from);
    if (i >= b.length) {
      return null;
    }
    int copyFrom;
    if (b[i] == '}') {
      copyFrom = i;
    } else if (b[i] == ',') {
      copyFrom = i + 1;
      int next = skipWhitespace(b, copyFrom);
      if (next >= b.length || b[next] != '"') {
        return null; // a trailing comma, or garbage: the streaming parser says which
      }
    } else {
      return null;
    }
    byte[] rest = new byte[1 + b.length - copyFrom];
    rest[0] = '{';
    System.arraycopy(b, copyFrom, rest, 1, b.length - copyFrom);
    return rest;
  }

  private static int skipWhitespace(byte[] b, int i) {
    while (i < b.length) {
      byte c = b[i];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return i;
      }
      i++;
    }
    return i;
  }
}
