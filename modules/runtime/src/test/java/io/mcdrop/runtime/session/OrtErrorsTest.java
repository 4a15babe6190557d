package io.mcdrop.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtException.OrtErrorCode;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import org.junit.jupiter.api.Test;

class OrtErrorsTest {

  @Test
  void nothingThatFailsWhileRunningIsBlamedOnTheRequest() {
    for (OrtErrorCode c : OrtErrorCode.values()) {
      ErrorCode code = OrtErrors.codeFor(c, OrtErrors.Phase.RUN);
      assertNotEquals(ErrorCode.BAD_INPUT, code, c.name());
      assertNotEquals(ErrorCode.BAD_OPTION, code, c.name());
    }
    assertEquals(
        ErrorCode.ENGINE_FAILURE,
        OrtErrors.codeFor(OrtErrorCode.ORT_RUNTIME_EXCEPTION, OrtErrors.Phase.RUN));
    assertEquals(
        ErrorCode.ENGINE_FAILURE,
        OrtErrors.codeFor(OrtErrorCode.ORT_INVALID_ARGUMENT, OrtErrors.Phase.RUN));
  }

  @Test
  void loadFailuresAreTheModelsUnlessTheProviderFailed() {
    assertEquals(
        ErrorCode.MODEL_INVALID,
        OrtErrors.codeFor(OrtErrorCode.ORT_INVALID_PROTOBUF, OrtErrors.Phase.LOAD));
    assertEquals(
        ErrorCode.MODEL_INVALID,
        OrtErrors.codeFor(OrtErrorCode.ORT_INVALID_GRAPH, OrtErrors.Phase.LOAD));
    assertEquals(
        ErrorCode.PROVIDER_UNAVAILABLE,
        OrtErrors.codeFor(OrtErrorCode.ORT_EP_FAIL, OrtErrors.Phase.LOAD));
    assertEquals(
        ErrorCode.PROVIDER_UNAVAILABLE,
        OrtErrors.codeFor(OrtErrorCode.ORT_EP_FAIL, OrtErrors.Phase.RUN));
  }

  @Test
  void theMappedExceptionKeepsTheCauseAndSaysWhatWasBeingDone() {
    OrtException ort = new OrtException(OrtErrorCode.ORT_FAIL, "kernel exploded");
    McdropException e = OrtErrors.map(ort, OrtErrors.Phase.RUN);
    assertEquals(ErrorCode.ENGINE_FAILURE, e.code());
    assertSame(ort, e.getCause());
    assertTrue(e.getMessage().contains("failed to run") && e.getMessage().contains("kernel"));
  }
}
