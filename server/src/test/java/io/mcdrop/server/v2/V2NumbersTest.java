package io.mcdrop.server.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.server.support.Http;
import io.mcdrop.server.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Numbers in V2 requests are taken exactly or refused (issue 8, hostile client #4): nothing wraps
 * through 64 bits, rounds to an integer or truncates a dimension. Over real HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class V2NumbersTest {
  private static final String INPUT =
      "{\"name\":\"input\",\"shape\":%s,\"datatype\":\"FP32\",\"data\":[" + zeros(64) + "]}";
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

  private static String zeros(int n) {
    return "0.25,".repeat(n - 1) + "0.5";
  }

  private static String request(String parameters, String shape) {
    return "{\"parameters\":"
        + parameters
        + ",\"inputs\":["
        + INPUT.formatted(shape)
        + "],\"outputs\":[{\"name\":\"samples\"}]}";
  }

  private Http.Response infer(String parameters) {
    return http.postJson("/v2/models/cnn/infer", request(parameters, "[1,1,8,8]"));
  }

  private static void assertRefused(Http.Response r, String mustMention) {
    assertTrue(r.status() == 400 || r.status() == 422, r.toString());
    assertEquals("application/json", r.header("Content-Type"), r.toString());
    String error = r.json().get("error").asText();
    assertTrue(error.contains(mustMention), error);
    assertFalse(error.contains("JsonString") || error.contains("@"), error);
    assertFalse(error.contains("--"), "names a CLI flag: " + error);
  }

  @Test
  void samplesBeyond64BitsAreRefusedNotWrapped() {
    // 2^64 + 1: BigInteger.longValue() would make it 1.
    assertRefused(infer("{\"mc_samples\":18446744073709551617}"), "18446744073709551617");
    assertRefused(infer("{\"mc_samples\":9223372036854775808}"), "mc_samples");
    assertRefused(infer("{\"mc_samples\":4294967297}"), "4294967297");
    assertRefused(infer("{\"mc_samples\":-18446744073709551615}"), "mc_samples");
    assertRefused(infer("{\"mc_samples\":1e400}"), "mc_samples");
  }

  @Test
  void seedBeyond64BitsIsRefusedNotTakenAsZero() {
    Http.Response big = infer("{\"mc_samples\":4,\"seed\":18446744073709551616}");
    assertRefused(big, "18446744073709551616");
    assertRefused(infer("{\"mc_samples\":4,\"seed\":9223372036854775808}"), "seed");
    assertRefused(infer("{\"mc_samples\":4,\"seed\":1.5}"), "seed");
    assertEquals(200, infer("{\"mc_samples\":4,\"seed\":9223372036854775807}").status());
  }

  @Test
  void nonIntegralSamplesAreRefusedAndIntegralDecimalsTakenExactly() {
    assertRefused(infer("{\"mc_samples\":30.5}"), "30.5");
    assertRefused(infer("{\"mc_samples\":30.000000000000001}"), "mc_samples");
    Http.Response whole = infer("{\"mc_samples\":30.0}");
    assertEquals(200, whole.status(), whole.toString());
    assertEquals(30, whole.json().get("parameters").get("mc_samples").asInt());
    assertEquals(30, whole.json().get("outputs").get(0).get("data").get(0).asInt());
  }

  @Test
  void wrongTypesNameTheParameterAndTheValueReadably() {
    assertRefused(infer("{\"mc_samples\":\"30\"}"), "the string \"30\"");
    assertRefused(infer("{\"mc_samples\":true}"), "boolean");
    assertRefused(infer("{\"mc_samples\":[30]}"), "an array");
    assertRefused(infer("{\"seed\":{\"v\":1}}"), "an object");
    assertRefused(infer("{\"strategy\":7}"), "strategy");
    assertRefused(infer("{\"tolerance\":\"lots\"}"), "tolerance");
    assertRefused(infer("{\"tolerance\":-0.5}"), "tolerance");
  }

  @Test
  void shapesMustBeIntegers() {
    for (String shape :
        new String[] {
          "[1.5,1,8,8]",
          "[1,1,8.0,8]",
          "[1,1,8,8e0]",
          "[1,\"1\",8,8]",
          "[99999999999999999999,1,8,8]"
        }) {
      Http.Response r = http.postJson("/v2/models/cnn/infer", request("{}", shape));
      assertEquals(400, r.status(), shape + " -> " + r);
      assertTrue(r.json().get("error").asText().contains("shape"), r.toString());
    }
    Http.Response negative = http.postJson("/v2/models/cnn/infer", request("{}", "[-1,1,8,8]"));
    assertEquals(400, negative.status(), negative.toString());
  }
}
