package io.mcdrop.server.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** The framework's messages, as the server used to send them, and what clients get instead. */
class FrameworkMessagesTest {

  @Test
  void jsonSyntaxErrorsLoseTheParserInternals() {
    String raw =
        "Failed to convert argument [request] for value [null] due to: Error decoding property"
            + " [JsonNode data] of type [class io.mcdrop.server.api.PredictRequest]: Unexpected"
            + " end-of-input: expected close marker for Array (start marker at [Source: REDACTED"
            + " (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 9])\n"
            + " at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled);"
            + " line: 1, column: 13]";
    String clean = FrameworkMessages.clean(raw);
    assertFalse(clean.contains("REDACTED"), clean);
    assertFalse(clean.contains("io.mcdrop"), clean);
    assertFalse(clean.contains("StreamReadFeature"), clean);
    assertFalse(clean.contains("Failed to convert argument"), clean);
    assertEquals(
        "invalid request body: field 'data': Unexpected end-of-input: expected close marker for"
            + " Array (start marker (line 1, column 9)) (line 1, column 13)",
        clean);
  }

  @Test
  void typeNamesBecomeWords() {
    String raw =
        "Failed to convert argument [request] for value [null] due to: Cannot deserialize value of"
            + " type `java.lang.Integer` due to: Unable to coerce string to integer \n at [Source:"
            + " REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column:"
            + " 28]";
    assertEquals(
        "invalid request body: Cannot deserialize value of type an integer due to: Unable to"
            + " coerce string to integer (line 1, column 28)",
        FrameworkMessages.clean(raw));
  }

  @Test
  void objectIdentitiesAndClassNamesNeverLeak() {
    String clean =
        FrameworkMessages.clean(
            "Cannot convert type [class io.micronaut.http.server.netty.MicronautHttpData$AttributeImpl]"
                + " from io.micronaut.json.tree.JsonString@65d1a2");
    assertFalse(clean.contains("io.micronaut"), clean);
    assertFalse(clean.contains("@65d1a2"), clean);
  }

  @Test
  void ourOwnMessagesLoseObjectIdentitiesOnly() {
    assertEquals(
        "parameter 'mc_samples' must be an integer, got a value",
        FrameworkMessages.withoutObjects(
            "parameter 'mc_samples' must be an integer, got io.micronaut.json.tree.JsonString@1c01d"));
    String plain = "unknown model 'x.y'; this server has [a.b]";
    assertEquals(plain, FrameworkMessages.withoutObjects(plain));
  }

  @Test
  void plainMessagesStayAsTheyAre() {
    assertEquals("Method [GET] not allowed", FrameworkMessages.clean("Method [GET] not allowed"));
  }
}
