package io.mcdrop.server.tensor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.io.IOException;
import java.util.Arrays;

/**
 * The streaming JSON tensor codec every JSON transport uses (native {@code /predict} and V2): reads
 * a JSON tensor (nested or flat arrays of numbers, row-major) straight from a streaming parser into
 * a {@code float[]} and writes {@code float[]}/{@code double[]} straight to a generator: no boxing
 * and no tree of nodes. Nested arrays must be regular.
 */
public final class JsonTensors {
  private static final int MAX_DEPTH = 32;

  /**
   * The one Jackson factory of the streaming codecs: fast (shortest round-trip) number parsing and
   * printing, and no request text in parser locations (error messages never echo the body).
   */
  public static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  private JsonTensors() {}

  /**
   * Reads the array at the parser's current token ({@code START_ARRAY}) and leaves the parser on
   * its {@code END_ARRAY}.
   */
  public static float[] readFloats(JsonParser p, String what) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          what + ": 'data' must be a JSON array, found " + describe(p.currentToken()));
    }
    Reader r = new Reader(what);
    r.array(p, 1);
    return r.values();
  }

  /** Writes {@code values} as one flat JSON array. */
  public static void writeFloats(JsonGenerator g, float[] values) throws IOException {
    g.writeStartArray(values, values.length);
    for (float f : values) {
      g.writeNumber(f);
    }
    g.writeEndArray();
  }

  /** Writes {@code values} as one flat JSON array. */
  public static void writeDoubles(JsonGenerator g, double[] values) throws IOException {
    g.writeArray(values, 0, values.length);
  }

  /** The token as a client would name it. */
  public static String describe(JsonToken t) {
    if (t == null) {
      return "the end of the body";
    }
    return switch (t) {
      case VALUE_STRING -> "a string";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      default -> t.asString() == null ? t.name() : t.asString();
    };
  }

  private static final class Reader {
    private final String what;
    private final int[] lengths = new int[MAX_DEPTH + 2];
    private int leafDepth = -1;
    private float[] buf = new float[1024];
    private int n;

    Reader(String what) {
      this.what = what;
      Arrays.fill(lengths, -1);
    }

    void array(JsonParser p, int depth) throws IOException {
      if (depth > MAX_DEPTH) {
        throw new McdropException(
            ErrorCode.BAD_INPUT, what + ": 'data' is nested deeper than " + MAX_DEPTH + " levels");
      }
      int count = 0;
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t == JsonToken.START_ARRAY) {
          if (leafDepth != -1 && leafDepth <= depth) {
            throw ragged();
          }
          array(p, depth + 1);
        } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
          if (leafDepth == -1) {
            leafDepth = depth;
          } else if (leafDepth != depth) {
            throw ragged();
          }
          float f = p.getFloatValue();
          if (!Float.isFinite(f)) {
            throw new McdropException(
                ErrorCode.BAD_INPUT,
                what
                    + ": 'data' contains a NaN or infinite value (or one outside the float32"
                    + " range)");
          }
          if (n == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
          }
          buf[n++] = f;
        } else if (t == null) {
          throw new McdropException(ErrorCode.BAD_INPUT, what + ": 'data' is cut off");
        } else {
          throw new McdropException(
              ErrorCode.BAD_INPUT,
              what + ": 'data' must contain only numbers, found " + describe(t));
        }
        count++;
      }
      if (lengths[depth] == -1) {
        lengths[depth] = count;
      } else if (lengths[depth] != count) {
        throw ragged();
      }
    }

    private McdropException ragged() {
      return new McdropException(
          ErrorCode.BAD_INPUT, what + ": nested 'data' arrays are ragged (not a tensor)");
    }

    float[] values() {
      return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }
  }
}
