package io.mcdrop.server.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcdrop.server.support.Http;
import io.mcdrop.server.support.TestServer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Conformance with the Open Inference Protocol REST specification. Requests are JSON text written
 * from the specification's schemas, not built from the server's own classes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenInferenceProtocolTest {
  private TestServer server;
  private Http http;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(Map.of("mcdrop.server.max-samples", 200));
    http = server.http;
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private static String pixels(int n, double scale) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ", ").append(((i * 37) % 64) * scale);
    }
    return sb.toString();
  }

  @Test
  void serverMetadataHasNameVersionAndExtensions() {
    Http.Response r = http.get("/v2");
    assertEquals(200, r.status());
    JsonNode m = r.json();
    assertEquals("mcdrop", m.get("name").asText());
    assertTrue(m.get("version").isTextual());
    assertTrue(m.get("extensions").isArray());
  }

  @Test
  void healthEndpointsAnswer200WithAnEmptyBody() {
    for (String path :
        new String[] {"/v2/health/live", "/v2/health/ready", "/v2/models/cnn/ready"}) {
      Http.Response r = http.get(path);
      assertEquals(200, r.status(), path);
      assertEquals("", r.body(), path);
    }
    assertEquals(200, http.get("/v2/models/cnn/versions/1/ready").status());
  }

  @Test
  void unknownModelIsNotReady() {
    Http.Response r = http.get("/v2/models/nope/ready");
    assertTrue(r.status() >= 400 && r.status() < 500, r.toString());
    assertEquals(404, http.get("/v2/models/cnn/versions/7/ready").status());
  }

  @Test
  void modelMetadataDescribesTensorsWithVariableBatch() {
    Http.Response r = http.get("/v2/models/cnn");
    assertEquals(200, r.status(), r.toString());
    JsonNode m = r.json();
    assertEquals("cnn", m.get("name").asText());
    assertEquals("onnxruntime_onnx", m.get("platform").asText());
    assertEquals("[\"1\"]", m.get("versions").toString());
    JsonNode in = m.get("inputs").get(0);
    assertEquals("input", in.get("name").asText());
    assertEquals("FP32", in.get("datatype").asText());
    assertEquals("[-1,1,8,8]", in.get("shape").toString());
    List<String> outputs = new ArrayList<>();
    m.get("outputs").forEach(o -> outputs.add(o.get("name").asText()));
    assertTrue(
        outputs.containsAll(
            List.of(
                "probabilities",
                "entropy",
                "expected_entropy",
                "mutual_information",
                "variation_ratio",
                "std")),
        outputs.toString());
    assertEquals("[-1,3]", m.get("outputs").get(0).get("shape").toString());
    assertEquals(200, http.get("/v2/models/cnn/versions/1").status());
  }

  @Test
  void modelMetadataErrorIsAnErrorObject() {
    Http.Response r = http.get("/v2/models/nope");
    assertEquals(404, r.status());
    assertOnlyError(r);
  }

  @Test
  void infersOnAFlatBatchAndEchoesTheId() {
    String body =
        """
        {
          "id" : "42",
          "parameters" : { "mc_samples" : 25 },
          "inputs" : [
            {
              "name" : "input",
              "shape" : [ 2, 1, 8, 8 ],
              "datatype" : "FP32",
              "data" : [ %s ]
            }
          ]
        }
        """
            .formatted(pixels(128, 0.05));
    Http.Response r = http.postJson("/v2/models/cnn/infer", body);
    assertEquals(200, r.status(), r.toString());
    JsonNode resp = r.json();
    assertEquals("cnn", resp.get("model_name").asText());
    assertEquals("42", resp.get("id").asText());
    assertFalse(resp.has("model_version"), "no version was asked for");
    JsonNode probs = output(resp, "probabilities");
    assertEquals("[2,3]", probs.get("shape").toString());
    assertEquals("FP32", probs.get("datatype").asText());
    assertEquals(6, probs.get("data").size());
    double row0 = 0;
    for (int i = 0; i < 3; i++) {
      row0 += probs.get("data").get(i).asDouble();
    }
    assertEquals(1.0, row0, 1e-4);
    for (String name :
        new String[] {"entropy", "expected_entropy", "mutual_information", "variation_ratio"}) {
      JsonNode o = output(resp, name);
      assertEquals("[2]", o.get("shape").toString(), name);
      assertEquals(2, o.get("data").size(), name);
    }
    assertEquals("[2,3]", output(resp, "std").get("shape").toString());
    assertEquals(25, output(resp, "samples").get("data").get(0).asInt());
    assertEquals(25, resp.get("parameters").get("mc_samples").asInt());
  }

  @Test
  void aBatchLargerThanTheQueueIsStillAccepted() {
    // The test server's queue holds 64 requests; one request of 100 inputs must still be served.
    String body =
        "{\"inputs\":[{\"name\":\"input\",\"shape\":[100,1,8,8],\"datatype\":\"FP32\",\"data\":["
            + pixels(6400, 0.001)
            + "]}],\"outputs\":[{\"name\":\"label\"}]}";
    Http.Response r = http.postJson("/v2/models/cnn/infer", body);
    assertEquals(200, r.status(), r.toString());
    JsonNode label = r.json().get("outputs").get(0);
    assertEquals("[100]", label.get("shape").toString());
    assertEquals("BYTES", label.get("datatype").asText());
    assertTrue(label.get("data").get(99).isTextual());
  }

  @Test
  void acceptsNestedDataInItsNaturalShape() {
    StringBuilder nested = new StringBuilder("[[");
    for (int y = 0; y < 8; y++) {
      nested.append(y == 0 ? "[" : ",[").append(pixels(8, 0.1)).append("]");
    }
    nested.append("]]");
    String body =
        "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,1,8,8],\"datatype\":\"FP32\",\"data\":"
            + nested
            + "}]}";
    Http.Response r = http.postJson("/v2/models/cnn/infer", body);
    assertEquals(200, r.status(), r.toString());
    assertFalse(r.json().has("id"), "no id was given");
  }

  @Test
  void returnsOnlyTheRequestedOutputsInOrder() {
    String body =
        """
        {"inputs":[{"name":"input","shape":[1,1,8,8],"datatype":"FP32","data":[%s]}],
         "outputs":[{"name":"mutual_information"},{"name":"probabilities"}]}
        """
            .formatted(pixels(64, 0.01));
    JsonNode resp = http.postJson("/v2/models/cnn/infer", body).json();
    assertEquals(2, resp.get("outputs").size());
    assertEquals("mutual_information", resp.get("outputs").get(0).get("name").asText());
    assertEquals("probabilities", resp.get("outputs").get(1).get("name").asText());
  }

  @Test
  void versionedInferReportsTheModelVersion() {
    String body =
        "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,1,8,8],\"datatype\":\"FP32\",\"data\":["
            + pixels(64, 0.01)
            + "]}]}";
    Http.Response r = http.postJson("/v2/models/cnn/versions/1/infer", body);
    assertEquals(200, r.status(), r.toString());
    assertEquals("1", r.json().get("model_version").asText());
    assertEquals(404, http.postJson("/v2/models/cnn/versions/2/infer", body).status());
  }

  @Test
  void seededRequestsAreReproducible() {
    String body =
        "{\"parameters\":{\"mc_samples\":16,\"seed\":5},\"inputs\":[{\"name\":\"input\","
            + "\"shape\":[1,1,8,8],\"datatype\":\"FP32\",\"data\":["
            + pixels(64, 0.02)
            + "]}]}";
    JsonNode a = output(http.postJson("/v2/models/cnn/infer", body).json(), "probabilities");
    JsonNode b = output(http.postJson("/v2/models/cnn/infer", body).json(), "probabilities");
    assertEquals(a.get("data"), b.get("data"));
  }

  @Test
  void badRequestsGetAnErrorObjectWithA4xxStatus() {
    String ok = "\"name\":\"input\",\"shape\":[1,1,8,8],\"datatype\":\"FP32\"";
    String data = "\"data\":[" + pixels(64, 0.01) + "]";
    Map<String, Integer> cases =
        Map.ofEntries(
            Map.entry(
                "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,1,8,8],\"datatype\":\"FP32\","
                    + data
                    + "}]}",
                400),
            Map.entry(
                "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,1,8,8],\"datatype\":\"INT64\","
                    + data
                    + "}]}",
                400),
            Map.entry(
                "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,1,4,16],\"datatype\":\"FP32\","
                    + data
                    + "}]}",
                400),
            Map.entry(
                "{\"inputs\":[{\"name\":\"input\",\"shape\":[2,1,8,8],\"datatype\":\"FP32\","
                    + data
                    + "}]}",
                400),
            Map.entry("{\"inputs\":[{" + ok + ",\"data\":[1,2,3]}]}", 400),
            Map.entry("{\"inputs\":[{" + ok + ",\"data\":[\"a\"]}]}", 400),
            Map.entry("{\"inputs\":[{" + ok + "}]}", 400),
            Map.entry("{\"inputs\":[]}", 400),
            Map.entry("{}", 400),
            Map.entry(
                "{\"inputs\":[{" + ok + "," + data + "}],\"outputs\":[{\"name\":\"nope\"}]}", 400),
            Map.entry(
                "{\"parameters\":{\"mc_samples\":\"ten\"},\"inputs\":[{" + ok + "," + data + "}]}",
                400),
            Map.entry(
                "{\"parameters\":{\"mc_samples\":0},\"inputs\":[{" + ok + "," + data + "}]}", 422),
            Map.entry(
                "{\"parameters\":{\"mc_samples\":201},\"inputs\":[{" + ok + "," + data + "}]}",
                422),
            Map.entry("{\"inputs\":", 400));
    for (var c : cases.entrySet()) {
      Http.Response r = http.postJson("/v2/models/cnn/infer", c.getKey());
      assertEquals(c.getValue(), r.status(), c.getKey() + " -> " + r);
      assertOnlyError(r);
    }
    Http.Response unknown =
        http.postJson("/v2/models/nope/infer", "{\"inputs\":[{" + ok + "," + data + "}]}");
    assertEquals(404, unknown.status());
    assertOnlyError(unknown);
  }

  @Test
  void nonFiniteValuesAreRejected() {
    String body =
        "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,1,8,8],\"datatype\":\"FP32\",\"data\":[1e400"
            + ", 0".repeat(63)
            + "]}]}";
    Http.Response r = http.postJson("/v2/models/cnn/infer", body);
    assertEquals(400, r.status(), r.toString());
    assertTrue(r.json().get("error").asText().contains("infinite"), r.body());
  }

  private static void assertOnlyError(Http.Response r) {
    JsonNode body = r.json();
    Iterator<String> names = body.fieldNames();
    assertEquals("error", names.next(), r.body());
    assertFalse(names.hasNext(), "only 'error' is allowed: " + r.body());
    assertFalse(body.get("error").asText().isBlank());
  }

  private static JsonNode output(JsonNode response, String name) {
    for (JsonNode o : response.get("outputs")) {
      if (o.get("name").asText().equals(name)) {
        return o;
      }
    }
    throw new AssertionError("no output " + name + " in " + response);
  }
}
