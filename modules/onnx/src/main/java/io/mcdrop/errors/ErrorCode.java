package io.mcdrop.errors;

/**
 * What went wrong, in terms a front end can map to an exit code or an HTTP status.
 *
 * <p>The CLI maps codes to exit codes in one place, the server maps them to statuses in one place.
 */
public enum ErrorCode {
  /** A file or directory the user named does not exist or cannot be read. */
  NOT_FOUND,
  /** The bytes are not a valid ONNX model. */
  MODEL_INVALID,
  /**
   * The model is valid ONNX but not an image classifier (input not [N,C,H,W] or output not [N,K]).
   */
  NOT_A_CLASSIFIER,
  /** MC samples were asked of a model without any Dropout node. */
  NO_DROPOUT,
  /**
   * ONNX Runtime removed or froze the dropout nodes: MC sampling would silently be deterministic.
   */
  DROPOUT_NOT_ALIVE,
  /** An image could not be decoded. */
  BAD_IMAGE,
  /**
   * An image's header claims more pixels than the decoding budget allows (checked before decoding).
   */
  IMAGE_TOO_LARGE,
  /** A tensor or request has the wrong shape, type or values. */
  BAD_INPUT,
  /** An option is out of range (sample count, tolerance, top-k, ...). */
  BAD_OPTION,
  /** The requested execution provider cannot run here. */
  PROVIDER_UNAVAILABLE,
  /**
   * ONNX Runtime failed while running a model that loaded and passed its checks (out of memory, a
   * kernel error, a provider fault): the engine's fault, never the request's.
   */
  ENGINE_FAILURE,
  /** Something failed inside ONNX Runtime or mcdrop that the user could not have prevented. */
  INTERNAL
}
