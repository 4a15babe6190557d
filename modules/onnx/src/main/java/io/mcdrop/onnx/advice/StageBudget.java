package io.mcdrop.onnx.advice;

/**
 * How much dropout one stage of the network applies: the expected number of units zeroed per image
 * and forward pass, against the stage's hidden units (outputs of its conv and fc layers).
 *
 * @param stage {@code input}, a feature-map resolution such as {@code 14x14}, or {@code head}
 * @param layers conv and fc layers in the stage (the output layer excluded)
 * @param units their output elements per image
 * @param droppedUnits expected elements zeroed per image by the stage's dropouts
 * @param dropouts Dropout nodes in the stage
 */
public record StageBudget(String stage, int layers, long units, double droppedUnits, int dropouts) {
  /** Expected dropped units over the stage's units (NaN when units are unknown). */
  public double fraction() {
    return units > 0 ? droppedUnits / units : Double.NaN;
  }
}
