package io.mcdrop.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.server.tensor.FlatFloats;
import io.mcdrop.server.tensor.JsonTensors;
import io.mcdrop.server.tensor.Text;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The native API's JSON, read and written with Jackson's streaming parser and generator (the tensor
 * codec {@link JsonTensors}, shared with the V2 endpoint): a {@code /predict} body's tensor goes
 * straight into a {@code float[]}, and a {@link PredictionBody}'s arrays straight from {@code
 * double[]} to the response bytes, with no tree of nodes and no boxing.
 *
 * <p>Numbers are exact: {@code samples}, {@code topK} and {@code seed} must be integer tokens
 * within their range, {@code raw} a boolean; a wrong type is one 400 naming the field. Unknown
 * fields are ignored.
 */
final class NativeJson {
  private NativeJson() {}

  /** Reads a {@code /predict} body. */
  static PredictRequest read(byte[] body) {
    return read(body, 1024);
  }

  /**
   * Reads a {@code /predict} body whose tensor probably holds {@code expected} values (the model's
   * input size: then it is read into an array of exactly that size, with no copy).
   */
  static PredictRequest read(byte[] body, int expected) {
    if (body == null || body.length == 0) {
      throw new McdropException(ErrorCode.BAD_INPUT, "the request body is empty");
    }
    try {
      return read(body, expected, true);
    } catch (TailError e) {
      // the body is wrong after its tensor: read it again the plain way, for the parser's words
      // and a location counted from the body's start
      return read(body, expected, false);
    }
  }

  /** A parse error in the rest of a body after its fast-read tensor (see {@link FlatFloats}). */
  private static final class TailError extends RuntimeException {
    TailError() {
      super(null, null, false, false);
    }
  }

  /**
   * @param fast read a flat {@code data} array with {@link FlatFloats} and the rest of the body as
   *     an object of its own
   */
  static PredictRequest read(byte[] body, int expected, boolean fast) {
    float[] data = null;
    long[] shape = null;
    Integer samples = null;
    Integer topK = null;
    Long seed = null;
    Double tolerance = null;
    String strategy = null;
    Boolean raw = null;
    JsonParser p = null;
    boolean tail = false; // p reads the rest of the body after a fast-read tensor
    try {
      byte[] bytes = body;
      p = JsonTensors.FACTORY.createParser(bytes);
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new McdropException(
            ErrorCode.BAD_INPUT,
            "the request body must be a JSON object, found " + JsonTensors.describe(first));
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NULL) {
          continue; // every field is optional
        }
        if (fast && t == JsonToken.START_ARRAY && field.equals("data")) {
          FlatFloats.Scan scan =
              FlatFloats.scan(bytes, (int) p.currentTokenLocation().getByteOffset(), expected);
          byte[] rest = scan == null ? null : FlatFloats.restOfObject(bytes, scan.end());
          if (rest != null) {
            data = scan.values();
            p.close();
            bytes = rest;
            p = JsonTensors.FACTORY.createParser(bytes);
            p.nextToken(); // the '{' restOfObject put there
            tail = true;
            continue;
          }
        }
        switch (field) {
          case "data" -> data = JsonTensors.readFloats(p, "tensor", expected);
          case "shape" -> shape = shape(p);
          case "samples" -> samples = (int) integer(p, field, Integer.MIN_VALUE, Integer.MAX_VALUE);
          case "topK" -> topK = (int) integer(p, field, Integer.MIN_VALUE, Integer.MAX_VALUE);
          case "seed" -> seed = integer(p, field, Long.MIN_VALUE, Long.MAX_VALUE);
          case "tolerance" -> tolerance = number(p, field);
          case "strategy" -> strategy = string(p, field);
          case "raw" -> raw = bool(p, field);
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new McdropException(
            ErrorCode.BAD_INPUT, "invalid request body: unexpected content after the JSON object");
      }
    } catch (JsonProcessingException e) {
      if (tail) {
        throw new TailError();
      }
      var loc = e.getLocation();
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "invalid request body: "
              + parserMessage(e.getOriginalMessage())
              + (loc == null
                  ? ""
                  : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (p != null) {
        try {
          p.close();
        } catch (IOException e) {
          // closing a parser over a byte array releases buffers only
        }
      }
    }
    return new PredictRequest(data, shape, samples, tolerance, seed, strategy, topK, raw);
  }

  /** Jackson's own words without its internals (source and marker locations). */
  private static String parserMessage(String m) {
    if (m == null) {
      return "malformed JSON";
    }
    String s = m.replaceAll("\\s*\\(start marker at \\[[^\\]]*\\]\\)", "");
    s = s.replaceAll("\\s*\\[Source: [^\\]]*\\]", "");
    s = s.replaceAll("\\s*\\(for [A-Za-z.$]+\\)", "");
    int nl = s.indexOf('\n');
    return Text.abbreviate(nl < 0 ? s : s.substring(0, nl)).trim();
  }

  private static long[] shape(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "field 'shape' must be an array of integers, found "
              + JsonTensors.describe(p.currentToken()));
    }
    long[] dims = new long[8];
    int n = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.VALUE_NUMBER_INT
          || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        throw new McdropException(
            ErrorCode.BAD_INPUT,
            "field 'shape' must hold integers, found "
                + (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT
                    ? Text.abbreviate(p.getText())
                    : JsonTensors.describe(t)));
      }
      if (n == 32) {
        throw new McdropException(ErrorCode.BAD_INPUT, "field 'shape' has more than 32 dimensions");
      }
      if (n == dims.length) {
        dims = Arrays.copyOf(dims, n * 2);
      }
      dims[n++] = p.getLongValue();
    }
    return Arrays.copyOf(dims, n);
  }

  /** An integer token, or a number with an integral value (30.0 is 30, as in V2 parameters). */
  private static long integer(JsonParser p, String field, long min, long max) throws IOException {
    JsonToken t = p.currentToken();
    BigDecimal value =
        t == JsonToken.VALUE_NUMBER_INT
            ? new BigDecimal(p.getBigIntegerValue())
            : t == JsonToken.VALUE_NUMBER_FLOAT ? p.getDecimalValue() : null;
    if (value == null || (value.signum() != 0 && value.stripTrailingZeros().scale() > 0)) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "field '"
              + field
              + "' must be an integer, found "
              + (value != null ? Text.abbreviate(p.getText()) : JsonTensors.describe(t)));
    }
    if (value.compareTo(BigDecimal.valueOf(min)) < 0
        || value.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "field '" + field + "' is out of range: " + Text.abbreviate(p.getText()));
    }
    return value.longValue();
  }

  private static double number(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "field '" + field + "' must be a number, found " + JsonTensors.describe(t));
    }
    return p.getDoubleValue();
  }

  private static String string(JsonParser p, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "field '"
              + field
              + "' must be a string, found "
              + JsonTensors.describe(p.currentToken()));
    }
    return p.getText();
  }

  private static boolean bool(JsonParser p, String field) {
    JsonToken t = p.currentToken();
    if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "field '" + field + "' must be true or false, found " + JsonTensors.describe(t));
    }
    return t == JsonToken.VALUE_TRUE;
  }

  /** Writes a prediction: the fields of {@link PredictionBody} in order, absent ones left out. */
  static byte[] write(PredictionBody b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = JsonTensors.FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("model", b.model());
      if (b.label() != null) {
        g.writeStringField("label", b.label());
      }
      g.writeNumberField("index", b.index());
      g.writeNumberField("confidence", b.confidence());
      doubles(g, "probabilities", b.probabilities());
      doubles(g, "std", b.std());
      doubles(g, "lower", b.lower());
      doubles(g, "upper", b.upper());
      g.writeNumberField("entropy", b.entropy());
      g.writeNumberField("expectedEntropy", b.expectedEntropy());
      g.writeNumberField("mutualInformation", b.mutualInformation());
      g.writeNumberField("variationRatio", b.variationRatio());
      g.writeNumberField("samples", b.samples());
      if (b.strategy() != null) {
        g.writeStringField("strategy", b.strategy());
      }
      if (b.topK() != null) {
        g.writeArrayFieldStart("topK");
        for (PredictionBody.ClassScore c : b.topK()) {
          g.writeStartObject();
          g.writeNumberField("index", c.index());
          if (c.label() != null) {
            g.writeStringField("label", c.label());
          }
          g.writeNumberField("probability", c.probability());
          g.writeNumberField("std", c.std());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      if (b.rawSamples() != null) {
        g.writeArrayFieldStart("rawSamples");
        for (float[] row : b.rawSamples()) {
          JsonTensors.writeFloats(g, row);
        }
        g.writeEndArray();
      }
      if (b.verdict() != null) {
        g.writeStringField("verdict", b.verdict());
      }
      g.writeBooleanField("sampled", b.sampled());
      if (b.predictionSet() != null) {
        g.writeArrayFieldStart("predictionSet");
        for (String s : b.predictionSet()) {
          g.writeString(s);
        }
        g.writeEndArray();
      }
      g.writeBooleanField("calibrated", b.calibrated());
      g.writeNumberField("temperature", b.temperature());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void doubles(JsonGenerator g, String field, double[] values) throws IOException {
    if (values != null) {
      g.writeFieldName(field);
      JsonTensors.writeDoubles(g, values);
    }
  }
}
