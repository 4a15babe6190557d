package io.mcdrop.onnx.advice;

/**
 * One point of a model review.
 *
 * @param severity how much it matters
 * @param code stable identifier, e.g. {@code dropout-before-batchnorm}
 * @param message what it means, in plain words
 * @param evidence what in the graph shows it (node and tensor names, shapes, rates)
 */
public record Finding(Severity severity, String code, String message, String evidence) {
  /** How much a finding matters. */
  public enum Severity {
    /** Likely hurts accuracy, calibration or MC dropout; fix or measure. */
    WARNING,
    /** Worth trying differently. */
    SUGGESTION,
    /** A fact about the model. */
    INFO
  }
}
