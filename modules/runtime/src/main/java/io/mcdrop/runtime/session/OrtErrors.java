package io.mcdrop.runtime.session;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtException.OrtErrorCode;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;

/**
 * The one mapping from ONNX Runtime's error codes to mcdrop's. Inputs are validated before a run
 * (size, finiteness), so a failure <em>while running</em> is the engine's fault and never a bad
 * request ({@link ErrorCode#ENGINE_FAILURE}, HTTP 500, exit 5); a failure while <em>loading</em> is
 * the model's ({@link ErrorCode#MODEL_INVALID}) unless the execution provider failed.
 */
public final class OrtErrors {
  private OrtErrors() {}

  /** When the failure happened. */
  public enum Phase {
    /** Creating a session from model bytes. */
    LOAD,
    /** Running a session that loaded. */
    RUN
  }

  /** The mcdrop code for an ONNX Runtime code in a phase. */
  public static ErrorCode codeFor(OrtErrorCode ort, Phase phase) {
    if (ort == OrtErrorCode.ORT_EP_FAIL) {
      return ErrorCode.PROVIDER_UNAVAILABLE;
    }
    if (phase == Phase.RUN) {
      return ErrorCode.ENGINE_FAILURE;
    }
    return switch (ort) {
      case ORT_INVALID_PROTOBUF,
          ORT_INVALID_GRAPH,
          ORT_NO_MODEL,
          ORT_NOT_IMPLEMENTED,
          ORT_INVALID_ARGUMENT,
          ORT_NO_SUCHFILE,
          ORT_FAIL ->
          ErrorCode.MODEL_INVALID;
      default -> ErrorCode.ENGINE_FAILURE;
    };
  }

  /** The exception to throw for {@code e}, with a message that says what was being done. */
  public static McdropException map(OrtException e, Phase phase) {
    String what =
        phase == Phase.LOAD
            ? "ONNX Runtime cannot load the model"
            : "ONNX Runtime failed to run the model";
    return new McdropException(codeFor(e.getCode(), phase), what + ": " + e.getMessage(), e);
  }
}
