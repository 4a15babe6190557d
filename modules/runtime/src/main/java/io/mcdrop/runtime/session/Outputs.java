package io.mcdrop.runtime.session;

/**
 * Float outputs of one run, copied out of ONNX Runtime's buffers (which are freed with the run).
 *
 * @param values per requested output, its values
 * @param shapes per requested output, its shape
 */
public record Outputs(float[][] values, long[][] shapes) {
  public float[] first() {
    return values[0];
  }
}
