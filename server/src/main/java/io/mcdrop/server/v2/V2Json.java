package io.mcdrop.server.v2;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.server.tensor.BinaryTensors;
import io.mcdrop.server.tensor.Datatype;
import io.mcdrop.server.tensor.JsonTensors;
import io.mcdrop.server.tensor.Text;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The REST encoding of inference requests and responses, JSON and the binary tensor data extension
 * alike, read and written with Jackson's streaming parser and generator: tensor values go straight
 * between the body and {@code float[]}, with no tree of nodes and no boxing.
 *
 * <p>Binary extension: the body is the JSON header ({@code Inference-Header-Content-Length} bytes)
 * followed by each binary input's bytes, in the order of the inputs that have {@code
 * parameters.binary_data_size}; outputs come back binary when asked ({@code binary_data} per
 * output, or {@code binary_data_output} for all).
 *
 * <p>Longer than the ~300 lines the project aims for, on purpose: it is one hand-written streaming
 * parser for the request grammar of the protocol, whose token-level readers ({@code input}, {@code
 * output}, {@code shape}, {@code parameters}) share the parser and the wording of every error a
 * client sees; split apart, one grammar would be read in several places.
 */
final class V2Json {
  static final String HEADER_LENGTH = "Inference-Header-Content-Length";
  static final String BINARY_DATA_SIZE = "binary_data_size";
  static final String BINARY_DATA = "binary_data";
  static final String BINARY_DATA_OUTPUT = "binary_data_output";

  private static final JsonFactory FACTORY = JsonTensors.FACTORY;

  private V2Json() {}

  /** A parsed request and how its outputs are to be encoded. */
  record Parsed(
      InferenceRequest request, boolean binaryByDefault, Map<String, Boolean> binaryPerOutput) {

    boolean binary(String output) {
      Boolean b = binaryPerOutput.get(output);
      return b == null ? binaryByDefault : b;
    }
  }

  /** A response body and the length of its JSON part when binary data follows (else -1). */
  record Encoded(byte[] body, int headerLength) {}

  /** One input as read from the JSON, before its binary data (if any) is attached. */
  private static final class RawInput {
    String name;
    String datatype;
    long[] shape;
    float[] values;
    boolean hasData;
    Param binarySize;
  }

  /**
   * Reads a request body. {@code headerLength} is the {@value #HEADER_LENGTH} header as sent (null
   * when absent: the whole body is JSON).
   */
  static Parsed read(byte[] body, String headerLength) {
    byte[] b = body == null ? new byte[0] : body;
    int jsonLength = jsonLength(headerLength, b.length);
    if (jsonLength == 0) {
      throw new McdropException(ErrorCode.BAD_INPUT, "the request has no JSON inference request");
    }
    String id = null;
    Map<String, Param> params = Map.of();
    List<RawInput> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    Map<String, Boolean> binaryPerOutput = new LinkedHashMap<>();
    try (JsonParser p = FACTORY.createParser(b, 0, jsonLength)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, "the request body");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "id" -> id = t == JsonToken.VALUE_NULL ? null : string(p, "'id'");
          case "parameters" -> params = parameters(p, "'parameters'");
          case "inputs" -> {
            expect(t, JsonToken.START_ARRAY, "'inputs'");
            while (p.nextToken() != JsonToken.END_ARRAY) {
              inputs.add(input(p, inputs.size()));
            }
          }
          case "outputs" -> {
            expect(t, JsonToken.START_ARRAY, "'outputs'");
            while (p.nextToken() != JsonToken.END_ARRAY) {
              output(p, outputs, binaryPerOutput);
            }
          }
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new McdropException(
            ErrorCode.BAD_INPUT,
            "unexpected content after the JSON inference request"
                + (headerLength == null
                    ? " (binary data needs the " + HEADER_LENGTH + " header)"
                    : ""));
      }
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "the request is not valid JSON: "
              + e.getOriginalMessage()
              + (loc == null
                  ? ""
                  : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")")
              + (headerLength == null
                  ? "; binary tensor data after the JSON needs the " + HEADER_LENGTH + " header"
                  : ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Param binaryOutput = params.get(BINARY_DATA_OUTPUT);
    boolean binaryByDefault = bool(binaryOutput, "parameter '" + BINARY_DATA_OUTPUT + "'");
    List<InferenceRequest.Input> decoded = attachBinary(inputs, b, jsonLength);
    return new Parsed(
        new InferenceRequest(id, params, decoded, outputs), binaryByDefault, binaryPerOutput);
  }

  private static int jsonLength(String header, int bodyLength) {
    if (header == null) {
      return bodyLength;
    }
    String h = header.trim();
    long n;
    try {
      n =
          h.isEmpty() || h.length() > 18 || !h.chars().allMatch(Character::isDigit)
              ? -1
              : Long.parseLong(h);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 0) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          HEADER_LENGTH + " must be a byte count, got '" + Text.abbreviate(h) + "'");
    }
    if (n > bodyLength) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          HEADER_LENGTH + " is " + n + " but the body has only " + bodyLength + " bytes");
    }
    return (int) n;
  }

  private static List<InferenceRequest.Input> attachBinary(
      List<RawInput> inputs, byte[] body, int offset) {
    List<InferenceRequest.Input> out = new ArrayList<>(inputs.size());
    int at = offset;
    for (RawInput in : inputs) {
      String what = "input '" + (in.name == null ? null : Text.abbreviate(in.name)) + "'";
      if (in.name == null) {
        throw new McdropException(ErrorCode.BAD_INPUT, "an input has no 'name'");
      }
      Datatype dt = Datatype.parse(in.datatype, what);
      if (in.shape == null) {
        throw new McdropException(ErrorCode.BAD_INPUT, what + ": 'shape' is missing");
      }
      float[] values;
      if (in.binarySize != null) {
        if (in.hasData) {
          throw new McdropException(
              ErrorCode.BAD_INPUT,
              what + ": has both 'data' and parameters." + BINARY_DATA_SIZE + "; give one");
        }
        long size = byteCount(in.binarySize, what);
        int remaining = body.length - at;
        if (size > remaining) {
          throw new McdropException(
              ErrorCode.BAD_INPUT,
              what
                  + ": "
                  + BINARY_DATA_SIZE
                  + " is "
                  + size
                  + " but only "
                  + remaining
                  + " bytes of binary data remain after the JSON header"
                  + " ("
                  + HEADER_LENGTH
                  + " gives the JSON header's length)");
        }
        values = BinaryTensors.read(dt, in.shape, body, at, (int) size, what);
        at += (int) size;
      } else if (in.hasData) {
        values = dt == Datatype.FP32 ? in.values : null;
      } else {
        throw new McdropException(
            ErrorCode.BAD_INPUT,
            what + ": 'data' is missing (or give parameters." + BINARY_DATA_SIZE + ")");
      }
      out.add(new InferenceRequest.Input(in.name, dt, in.shape, values));
    }
    if (at != body.length) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          (body.length - at)
              + " bytes follow the JSON header that no input claims: the inputs' "
              + BINARY_DATA_SIZE
              + " values add up to "
              + (at - offset)
              + " but "
              + (body.length - offset)
              + " bytes of binary data were sent");
    }
    return out;
  }

  private static long byteCount(Param p, String what) {
    if (p instanceof Param.Int i
        && i.value().signum() >= 0
        && i.value().compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) <= 0) {
      return i.value().longValue();
    }
    throw new McdropException(
        ErrorCode.BAD_INPUT,
        what + ": " + BINARY_DATA_SIZE + " must be a byte count, got " + p.describe());
  }

  private static RawInput input(JsonParser p, int index) throws IOException {
    String what = "inputs[" + index + "]";
    expect(p.currentToken(), JsonToken.START_OBJECT, what);
    RawInput in = new RawInput();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "name" -> in.name = string(p, what + ".name");
        case "datatype" -> in.datatype = string(p, what + ".datatype");
        case "shape" -> in.shape = shape(p, what + ".shape");
        case "parameters" ->
            in.binarySize = parameters(p, what + ".parameters").get(BINARY_DATA_SIZE);
        case "data" -> {
          in.hasData = true;
          String w =
              "input '"
                  + (in.name == null ? "inputs[" + index + "]" : Text.abbreviate(in.name))
                  + "'";
          if (in.datatype != null && !Datatype.FP32.name().equals(in.datatype)) {
            // Not a datatype any model here takes: the datatype check reports it.
            p.skipChildren();
          } else {
            in.values = JsonTensors.readFloats(p, w);
          }
        }
        default -> p.skipChildren();
      }
    }
    return in;
  }

  private static void output(JsonParser p, List<String> names, Map<String, Boolean> binary)
      throws IOException {
    String what = "outputs[" + names.size() + "]";
    expect(p.currentToken(), JsonToken.START_OBJECT, what);
    String name = null;
    Param flag = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "name" -> name = string(p, what + ".name");
        case "parameters" -> flag = parameters(p, what + ".parameters").get(BINARY_DATA);
        default -> p.skipChildren();
      }
    }
    if (name == null) {
      throw new McdropException(ErrorCode.BAD_INPUT, what + " has no 'name'");
    }
    names.add(name);
    if (flag != null) {
      binary.put(name, bool(flag, "output '" + Text.abbreviate(name) + "': " + BINARY_DATA));
    }
  }

  private static boolean bool(Param p, String what) {
    if (p == null) {
      return false;
    }
    if (p instanceof Param.Bool b) {
      return b.value();
    }
    throw new McdropException(
        ErrorCode.BAD_INPUT, what + " must be true or false, got " + p.describe());
  }

  /** A shape: an array of integers (no fractions, no exponents, within 64 bits). */
  private static long[] shape(JsonParser p, String what) throws IOException {
    expect(p.currentToken(), JsonToken.START_ARRAY, what);
    long[] dims = new long[8];
    int n = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.VALUE_NUMBER_INT) {
        String found = t == JsonToken.VALUE_NUMBER_FLOAT ? p.getText() : JsonTensors.describe(t);
        throw new McdropException(
            ErrorCode.BAD_INPUT, what + " must hold integers, found " + Text.abbreviate(found));
      }
      if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        throw new McdropException(
            ErrorCode.BAD_INPUT,
            what + ": dimension " + Text.abbreviate(p.getText()) + " is out of range");
      }
      if (n == 32) {
        throw new McdropException(ErrorCode.BAD_INPUT, what + " has more than 32 dimensions");
      }
      if (n == dims.length) {
        dims = java.util.Arrays.copyOf(dims, n * 2);
      }
      dims[n++] = p.getLongValue();
    }
    return java.util.Arrays.copyOf(dims, n);
  }

  private static Map<String, Param> parameters(JsonParser p, String what) throws IOException {
    expect(p.currentToken(), JsonToken.START_OBJECT, what);
    Map<String, Param> out = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken t = p.nextToken();
      out.put(key, param(p, t));
    }
    return out;
  }

  private static Param param(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_NUMBER_INT -> new Param.Int(p.getBigIntegerValue());
      case VALUE_NUMBER_FLOAT -> new Param.Real(p.getDecimalValue());
      case VALUE_STRING -> new Param.Str(p.getText());
      case VALUE_TRUE -> new Param.Bool(true);
      case VALUE_FALSE -> new Param.Bool(false);
      default -> {
        String kind = JsonTensors.describe(t);
        p.skipChildren();
        yield new Param.Other(kind);
      }
    };
  }

  private static String string(JsonParser p, String what) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          what + " must be a string, found " + JsonTensors.describe(p.currentToken()));
    }
    return p.getText();
  }

  private static void expect(JsonToken found, JsonToken wanted, String what) {
    if (found != wanted) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          what
              + " must be "
              + (wanted == JsonToken.START_OBJECT ? "a JSON object" : "a JSON array")
              + ", found "
              + JsonTensors.describe(found));
    }
  }

  /** Writes a response: JSON, followed by the binary outputs' bytes when any were asked for. */
  static Encoded write(InferenceResult r, Parsed how) {
    List<byte[]> blobs = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("model_name", r.modelName());
      if (r.modelVersion() != null) {
        g.writeStringField("model_version", r.modelVersion());
      }
      if (r.id() != null) {
        g.writeStringField("id", r.id());
      }
      g.writeObjectFieldStart("parameters");
      for (var e : r.parameters().entrySet()) {
        if (e.getValue() instanceof Integer i) {
          g.writeNumberField(e.getKey(), i);
        } else {
          g.writeStringField(e.getKey(), String.valueOf(e.getValue()));
        }
      }
      g.writeEndObject();
      g.writeArrayFieldStart("outputs");
      for (OutputTensor o : r.outputs()) {
        g.writeStartObject();
        g.writeStringField("name", o.name());
        g.writeStringField("datatype", o.datatype());
        g.writeArrayFieldStart("shape");
        for (long d : o.shape()) {
          g.writeNumber(d);
        }
        g.writeEndArray();
        if (how.binary(o.name())) {
          byte[] blob = o.binary();
          blobs.add(blob);
          g.writeObjectFieldStart("parameters");
          g.writeNumberField(BINARY_DATA_SIZE, blob.length);
          g.writeEndObject();
        } else {
          g.writeFieldName("data");
          if (o.floats() != null) {
            JsonTensors.writeFloats(g, o.floats());
          } else if (o.ints() != null) {
            g.writeArray(o.ints(), 0, o.ints().length);
          } else {
            g.writeArray(o.strings(), 0, o.strings().length);
          }
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (blobs.isEmpty()) {
      return new Encoded(out.toByteArray(), -1);
    }
    int header = out.size();
    for (byte[] blob : blobs) {
      out.writeBytes(blob);
    }
    return new Encoded(out.toByteArray(), header);
  }
}
