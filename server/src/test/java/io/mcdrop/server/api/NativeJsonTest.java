package io.mcdrop.server.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The native API's streaming codec: requests read exactly (values, types, ranges) and responses
 * byte-for-byte the JSON that Micronaut Serde wrote for {@link PredictionBody} before.
 */
class NativeJsonTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();

  private static PredictRequest read(String json) {
    return NativeJson.read(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheTensorFlatAndEveryOption() {
    PredictRequest r =
        read(
            "{\"extra\":{\"a\":[1,{}]},\"data\":[[[0.5,-1e-3],[2,3.25]]],\"shape\":[1,2,2],"
                + "\"samples\":40,\"tolerance\":0.01,\"seed\":-9007199254740993,"
                + "\"strategy\":\"trunk\",\"topK\":2,\"raw\":true}");
    assertArrayEquals(new float[] {0.5f, -1e-3f, 2f, 3.25f}, r.data());
    assertArrayEquals(new long[] {1, 2, 2}, r.shape());
    assertEquals(40, r.samples());
    assertEquals(0.01, r.tolerance());
    assertEquals(-9007199254740993L, r.seed()); // beyond a double's exact range: read exactly
    assertEquals("trunk", r.strategy());
    assertEquals(2, r.topK());
    assertEquals(true, r.raw());
    PredictRequest nulls = read("{\"data\":[1],\"samples\":null,\"seed\":null,\"raw\":null}");
    assertNull(nulls.samples());
    assertNull(nulls.seed());
    assertNull(nulls.raw());
    assertNull(nulls.shape());
    PredictRequest integral = read("{\"data\":[1],\"samples\":30.0,\"topK\":2e0,\"seed\":-0.0}");
    assertEquals(30, integral.samples());
    assertEquals(2, integral.topK());
    assertEquals(0L, integral.seed());
  }

  @Test
  void theFastTensorReadAgreesWithThePlainOneOnValuesAndOnEveryError() {
    String data = "[0.0,0.14509805,-1e-3, 2 ,3.4028235E38]";
    List<String> bodies =
        List.of(
            "{\"data\":" + data + "}",
            "{\"samples\":30,\"shape\":[1,5],\"data\":" + data + "}",
            "{\"data\":" + data + ",\"samples\":7,\"raw\":true,\"x\":{\"data\":[1]}}",
            "{ \"data\" : " + data + " , \"seed\" : 5 } ",
            "{\"data\":[9],\"data\":" + data + "}",
            "{\"data\":" + data + ",\"data\":[[1,2]]}",
            "{\"data\":[]}",
            // errors after the tensor: the same words, and the same location, as without it
            "{\"data\":" + data + ",\"samples\":\"x\"}",
            "{\"data\":" + data + ",}",
            "{\"data\":" + data + " \"samples\":3}",
            "{\"data\":" + data + ",\"raw\":tru}",
            "{\"data\":" + data + "}}",
            "{\"data\":" + data + "} x",
            "{\"data\":" + data + ",\"samples\":1}\n{",
            "{\"data\":" + data,
            // errors inside it: the plain reader decides
            "{\"data\":[1,NaN]}",
            "{\"data\":[1e39]}",
            "{\"data\":[1,]}",
            "{\"data\":[01]}",
            "{\"data\":[1,\"2\"]}");
    for (String body : bodies) {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      PredictRequest plain = null;
      String plainError = null;
      try {
        plain = NativeJson.read(b, 5, false);
      } catch (McdropException e) {
        plainError = e.getMessage();
      }
      try {
        PredictRequest fast = NativeJson.read(b, 5);
        assertNull(plainError, body + " is read by the fast path but refused without it");
        assertArrayEquals(plain.data(), fast.data(), body);
        assertArrayEquals(plain.shape(), fast.shape(), body);
        assertEquals(plain.samples(), fast.samples(), body);
        assertEquals(plain.seed(), fast.seed(), body);
        assertEquals(plain.raw(), fast.raw(), body);
      } catch (McdropException e) {
        assertEquals(plainError, e.getMessage(), body);
        assertEquals(ErrorCode.BAD_INPUT, e.code(), body);
      }
    }
  }

  @Test
  void theSizeHintNeverChangesWhatIsRead() {
    byte[] body = "{\"data\":[[1,2,3],[4,5,6]]}".getBytes(StandardCharsets.UTF_8);
    for (int hint : new int[] {0, 1, 5, 6, 7, 4096}) {
      assertArrayEquals(
          new float[] {1, 2, 3, 4, 5, 6}, NativeJson.read(body, hint).data(), "hint " + hint);
    }
  }

  @Test
  void wrongTypesAndRangesAreOneClearMessageEach() {
    String[][] cases = {
      {"{\"data\":[1],\"samples\":30.5}", "field 'samples' must be an integer, found 30.5"},
      {"{\"data\":[1],\"samples\":\"30\"}", "field 'samples' must be an integer, found a string"},
      {"{\"data\":[1],\"samples\":4294967297}", "field 'samples' is out of range: 4294967297"},
      {"{\"data\":[1],\"seed\":18446744073709551616}", "field 'seed' is out of range"},
      {"{\"data\":[1],\"topK\":15e-1}", "field 'topK' must be an integer, found 15e-1"},
      {"{\"data\":[1],\"seed\":-9.3e18}", "field 'seed' is out of range"},
      {"{\"data\":[1],\"raw\":\"yes\"}", "field 'raw' must be true or false, found a string"},
      {"{\"data\":[1],\"tolerance\":\"x\"}", "field 'tolerance' must be a number"},
      {"{\"data\":[1],\"strategy\":3}", "field 'strategy' must be a string, found a number"},
      {"{\"data\":[1],\"shape\":[1.5]}", "field 'shape' must hold integers, found 1.5"},
      {"{\"data\":[1],\"shape\":[99999999999999999999]}", "field 'shape' must hold integers"},
      {"{\"data\":[1],\"shape\":3}", "field 'shape' must be an array of integers"},
      {"{\"data\":[1,\"x\"]}", "tensor: 'data' must contain only numbers, found a string"},
      {"{\"data\":[[1,2],[3]]}", "ragged"},
      {"{\"data\":[1e999]}", "NaN or infinite"},
      {"[1,2]", "the request body must be a JSON object, found an array"},
      {"{\"data\":[1]} {}", "invalid request body: unexpected content after the JSON object"},
      {"{\"data\":[1,2", "invalid request body: "},
      {"", "the request body is empty"}
    };
    for (String[] c : cases) {
      McdropException e = assertThrows(McdropException.class, () -> read(c[0]), c[0]);
      assertEquals(ErrorCode.BAD_INPUT, e.code(), c[0]);
      assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
      for (String leak : List.of("REDACTED", "Source", "io.mcdrop", "com.fasterxml", "\n")) {
        assertTrue(!e.getMessage().contains(leak), c[0] + " leaks " + leak + ": " + e.getMessage());
      }
    }
  }

  @Test
  void writesWhatMicronautSerdeWrote() throws Exception {
    PredictionBody full =
        new PredictionBody(
            "m",
            "Shirt",
            6,
            0.61,
            new double[] {0.1, 0.61, 0.29},
            new double[] {0.01, 0.2, 1.0 / 3},
            new double[] {0.0, 0.4, 0.1},
            new double[] {0.2, 0.9, 0.5},
            0.9,
            0.7,
            0.2,
            0.25,
            30,
            "trunk",
            List.of(new PredictionBody.ClassScore(1, "Shirt", 0.61, 0.2)),
            new float[][] {{0.25f, 0.5f, 0.25f}, {1e-7f, 0.999f, 0f}},
            "ambiguous",
            true,
            List.of("Shirt", "T-shirt/top"),
            true,
            0.843);
    PredictionBody sparse =
        new PredictionBody(
            "m",
            "a",
            0,
            1,
            new double[] {1},
            new double[] {0},
            new double[] {1},
            new double[] {1},
            0,
            0,
            0,
            0,
            1,
            "deterministic",
            List.of(),
            null,
            "confident",
            false,
            null,
            false,
            1);
    io.micronaut.serde.ObjectMapper serde = io.micronaut.serde.ObjectMapper.getDefault();
    for (PredictionBody b : List.of(full, sparse)) {
      byte[] ours = NativeJson.write(b);
      assertEquals(JACKSON.readTree(serde.writeValueAsBytes(b)), JACKSON.readTree(ours));
      assertEquals(
          new String(serde.writeValueAsBytes(b), StandardCharsets.UTF_8),
          new String(ours, StandardCharsets.UTF_8));
    }
  }
}
