package io.mcdrop.server.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.server.support.TestServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Conformance with the binary tensor data extension (triton-inference-server/server,
 * docs/protocol/extension_binary_data.md), spoken as its examples show: a JSON header of
 * Inference-Header-Content-Length bytes, then little-endian tensor bytes, assembled by hand and
 * sent over a raw socket. Nothing here uses the server's classes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BinaryTensorDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/v2/models/cnn/infer";
  private static final String OCTETS = "application/octet-stream";
  private TestServer server;
  private RawHttp raw;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(Map.of("mcdrop.server.max-samples", 200));
    raw = new RawHttp(server.server.uri());
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private static float[] pixels(int n, float scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = ((i * 37) % 64) * scale;
    }
    return v;
  }

  private static byte[] le(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return b.array();
  }

  private static String jsonList(float[] v) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ",").append(v[i]);
    }
    return sb.toString();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A binary request: the JSON header, then the bytes, with the header length set. */
  private RawHttp.Response binary(String header, byte[] data) {
    byte[] h = utf8(header);
    return raw.post(PATH, OCTETS, h, data, h.length);
  }

  /** The response split per the extension: JSON header, then each binary output's bytes. */
  private record Split(JsonNode header, Map<String, byte[]> blobs) {}

  private static Split split(RawHttp.Response r) throws IOException {
    String len = r.header("Inference-Header-Content-Length");
    int h = len == null ? r.body().length : Integer.parseInt(len);
    JsonNode header = JSON.readTree(Arrays.copyOf(r.body(), h));
    Map<String, byte[]> blobs = new LinkedHashMap<>();
    int at = h;
    for (JsonNode o : header.get("outputs")) {
      JsonNode size = o.path("parameters").path("binary_data_size");
      if (!size.isMissingNode()) {
        blobs.put(o.get("name").asText(), Arrays.copyOfRange(r.body(), at, at + size.asInt()));
        at += size.asInt();
      }
    }
    assertEquals(r.body().length, at, "the binary outputs must fill the body exactly");
    return new Split(header, blobs);
  }

  private static float[] floats(byte[] b) {
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[b.length / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = buf.getFloat();
    }
    return out;
  }

  private static List<String> strings(byte[] b) {
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    List<String> out = new ArrayList<>();
    while (buf.hasRemaining()) {
      byte[] s = new byte[buf.getInt()];
      buf.get(s);
      out.add(new String(s, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static float[] jsonFloats(JsonNode output) {
    JsonNode d = output.get("data");
    float[] out = new float[d.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) d.get(i).asDouble();
    }
    return out;
  }

  private static JsonNode output(JsonNode header, String name) {
    for (JsonNode o : header.get("outputs")) {
      if (o.get("name").asText().equals(name)) {
        return o;
      }
    }
    throw new AssertionError("no output " + name + " in " + header);
  }

  @Test
  void serverMetadataListsTheExtension() throws IOException {
    RawHttp.Response r =
        raw.post("/v2", null, new byte[0], new byte[0], null); // POST is not allowed: 405
    assertTrue(r.status() >= 400 && r.status() < 500, r.toString());
    JsonNode meta = JSON.readTree(server.http.get("/v2").body());
    List<String> ext = new ArrayList<>();
    meta.get("extensions").forEach(e -> ext.add(e.asText()));
    assertTrue(ext.contains("binary_tensor_data"), ext.toString());
  }

  @Test
  void binaryInputAndAllOutputsBinaryMatchTheJsonAnswer() throws IOException {
    float[] x = pixels(128, 0.05f);
    String params = "\"mc_samples\":20,\"seed\":11";
    String jsonReq =
        "{\"parameters\":{"
            + params
            + "},\"inputs\":[{\"name\":\"input\",\"shape\":[2,1,8,8],\"datatype\":\"FP32\","
            + "\"data\":["
            + jsonList(x)
            + "]}]}";
    RawHttp.Response plain = raw.post(PATH, "application/json", utf8(jsonReq), new byte[0], null);
    assertEquals(200, plain.status(), plain.toString());
    assertEquals("application/json", plain.header("Content-Type"));
    assertNull(plain.header("Inference-Header-Content-Length"));
    JsonNode viaJson = JSON.readTree(plain.body());

    String header =
        "{\"parameters\":{"
            + params
            + ",\"binary_data_output\":true},\"inputs\":[{\"name\":\"input\",\"shape\":[2,1,8,8],"
            + "\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":512}}]}";
    RawHttp.Response r = binary(header, le(x));
    assertEquals(200, r.status(), r.toString());
    assertEquals(OCTETS, r.header("Content-Type"));
    Split s = split(r);
    assertEquals(20, s.header().get("parameters").get("mc_samples").asInt());
    // Every output came back binary, with the uncertainty measures among them.
    for (JsonNode o : s.header().get("outputs")) {
      assertFalse(o.has("data"), o.toString());
    }
    for (String name :
        List.of("probabilities", "std", "lower", "upper", "entropy", "mutual_information")) {
      float[] want = jsonFloats(output(viaJson, name));
      assertArrayEquals(want, floats(s.blobs().get(name)), name);
      assertEquals(output(viaJson, name).get("shape"), output(s.header(), name).get("shape"));
    }
    float[] p = floats(s.blobs().get("probabilities"));
    assertEquals(6, p.length);
    assertEquals(1.0, p[0] + p[1] + p[2], 1e-5);
    List<String> labels = strings(s.blobs().get("label"));
    assertEquals(2, labels.size());
    assertEquals(output(viaJson, "label").get("data").get(1).asText(), labels.get(1));
    ByteBuffer samples = ByteBuffer.wrap(s.blobs().get("samples")).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(20, samples.getInt());
    assertEquals(20, samples.getInt());
  }

  @Test
  void anyMixOfJsonAndBinaryPerOutput() throws IOException {
    float[] x = pixels(64, 0.02f);
    // JSON input; one output binary, one JSON although binary_data_output asks for binary.
    String json =
        "{\"parameters\":{\"mc_samples\":8,\"binary_data_output\":true},\"inputs\":[{\"name\":"
            + "\"input\",\"shape\":[1,1,8,8],\"datatype\":\"FP32\",\"data\":["
            + jsonList(x)
            + "]}],\"outputs\":[{\"name\":\"entropy\",\"parameters\":{\"binary_data\":false}},"
            + "{\"name\":\"probabilities\"},"
            + "{\"name\":\"label\",\"parameters\":{\"binary_data\":true}}]}";
    byte[] h = utf8(json);
    RawHttp.Response r = raw.post(PATH, "application/json", h, new byte[0], null);
    assertEquals(200, r.status(), r.toString());
    Split s = split(r);
    assertTrue(output(s.header(), "entropy").has("data"));
    assertEquals(List.of("probabilities", "label"), List.copyOf(s.blobs().keySet()));
    assertEquals(12, s.blobs().get("probabilities").length);
    assertEquals(1, strings(s.blobs().get("label")).size());

    // Binary input; outputs JSON (nothing asked binary): a plain JSON answer.
    String header =
        "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,1,8,8],\"datatype\":\"FP32\","
            + "\"parameters\":{\"binary_data_size\":256}}],\"outputs\":[{\"name\":\"std\"}]}";
    RawHttp.Response j = binary(header, le(x));
    assertEquals(200, j.status(), j.toString());
    assertEquals("application/json", j.header("Content-Type"));
    assertEquals(3, JSON.readTree(j.body()).get("outputs").get(0).get("data").size());
  }

  @Test
  void theSpecificationsExampleIsParsedInputByInput() throws IOException {
    // Two binary inputs (UINT32 [2,2] = 16 bytes, BOOL [3] = 3 bytes), as in the specification's
    // example. This model has one FP32 input 'input', so the answer is a 400 naming it -- after
    // both inputs' bytes were accounted for (a wrong count would be reported instead). A BOOL byte
    // other than 0 or 1 is refused.
    String header =
        "{\"model_name\":\"cnn\",\"inputs\":[{\"name\":\"input0\",\"shape\":[2,2],\"datatype\":"
            + "\"UINT32\",\"parameters\":{\"binary_data_size\":16}},{\"name\":\"input1\","
            + "\"shape\":[3],\"datatype\":\"BOOL\",\"parameters\":{\"binary_data_size\":3}}],"
            + "\"outputs\":[{\"name\":\"output0\",\"parameters\":{\"binary_data\":true}}]}";
    byte[] data = new byte[19];
    data[0] = 7;
    data[16] = 1;
    data[18] = 1;
    RawHttp.Response r = binary(header, data);
    assertError(r, 400, "2 inputs given");
    byte[] badBool = data.clone();
    badBool[17] = 2;
    assertError(binary(header, badBool), 400, "BOOL");
  }

  @Test
  void badBinaryRequestsGetAJson4xxAndTheServerKeepsServing() {
    float[] x = pixels(64, 0.02f);
    byte[] ok = le(x);
    String good =
        "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,1,8,8],\"datatype\":\"FP32\","
            + "\"parameters\":{\"binary_data_size\":256}}]}";
    byte[] h = utf8(good);
    // binary_data_size larger than what was sent
    assertError(binary(good.replace("256", "300"), ok), 400, "binary_data_size");
    // binary_data_size smaller than the tensor: leftover bytes and a wrong count
    assertError(binary(good.replace("256", "252"), ok), 400, "bytes");
    // the right binary_data_size for the body but the wrong count for the shape
    assertError(
        binary(
            good.replace("[1,1,8,8]", "[1,1,8,7]").replace("256", "224"), Arrays.copyOf(ok, 224)),
        400,
        "input");
    // header length past the end of the body
    assertError(raw.post(PATH, OCTETS, h, ok, h.length + ok.length + 1), 400, "Inference-Header");
    // header length inside the JSON: the JSON is cut off
    assertError(raw.post(PATH, OCTETS, h, ok, h.length - 5), 400, "JSON");
    // no header length although binary data follows; a header length that is not a number
    assertError(raw.post(PATH, OCTETS, h, ok, null), 400, "Inference-Header-Content-Length");
    assertError(raw.post(PATH, OCTETS, h, ok, "12abc"), 400, "Inference-Header-Content-Length");
    // unknown datatype
    assertError(binary(good.replace("FP32", "FP8"), ok), 400, "datatype");
    // known datatype the model does not take
    assertError(binary(good.replace("FP32", "INT32"), ok), 400, "FP32");
    // missing input, missing inputs
    assertError(binary("{\"inputs\":[]}", new byte[0]), 400, "inputs");
    assertError(binary("{\"parameters\":{}}", new byte[0]), 400, "inputs");
    // both data and binary_data_size
    assertError(
        binary(good.replace("\"parameters\"", "\"data\":[" + jsonList(x) + "],\"parameters\""), ok),
        400,
        "binary_data_size");
    // negative and non-integral sizes, a non-boolean binary_data
    assertError(binary(good.replace("256", "-256"), ok), 400, "binary_data_size");
    assertError(binary(good.replace("256", "256.5"), ok), 400, "binary_data_size");
    assertError(
        binary(
            good.replace(
                "]}", "],\"outputs\":[{\"name\":\"std\",\"parameters\":{\"binary_data\":1}}]}"),
            ok),
        400,
        "binary_data");
    // BYTES with a length prefix that runs past the data
    String bytesReq =
        "{\"inputs\":[{\"name\":\"input\",\"shape\":[1],\"datatype\":\"BYTES\","
            + "\"parameters\":{\"binary_data_size\":6}}]}";
    assertError(binary(bytesReq, new byte[] {9, 0, 0, 0, 'a', 'b'}), 400, "BYTES");
    // a well-formed BYTES element still is not what the model takes
    assertError(binary(bytesReq, new byte[] {2, 0, 0, 0, 'a', 'b'}), 400, "FP32");
    // NaN in binary data
    float[] nan = x.clone();
    nan[3] = Float.NaN;
    assertError(binary(good, le(nan)), 400, "NaN");

    RawHttp.Response after = binary(good, ok);
    assertEquals(200, after.status(), after.toString());
  }

  private static void assertError(RawHttp.Response r, int status, String mention) {
    assertEquals(status, r.status(), r.toString());
    assertTrue(r.header("Content-Type").startsWith("application/json"), r.toString());
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("error body is not JSON: " + r, e);
    }
    assertEquals(1, body.size(), "only 'error': " + r);
    String error = body.get("error").asText();
    assertTrue(error.contains(mention), "'" + mention + "' not in: " + error);
  }
}
