package io.mcdrop.onnx.advice;

/**
 * Where one Dropout node sits and what it drops.
 *
 * @param node the Dropout node's name
 * @param rate drop probability (NaN if not a constant)
 * @param unit what one drop removes: a single element, or a whole channel plane
 * @param after the ops between the nearest layer with weights (or the input) and the dropout,
 *     nearest last, e.g. {@code Conv 'conv2' -> BatchNormalization -> Relu -> MaxPool}
 * @param afterLayer that nearest layer ({@code Conv 'conv2'}), or {@code input}
 * @param afterBatchNorm whether a BatchNormalization lies between that layer and the dropout
 * @param batchNorm the next batch norm downstream, as seen from the dropout
 * @param onInput whether the dropout acts on the input image (no weights in between)
 * @param featureMap whether it acts on a conv feature map (rather than on fc units)
 * @param residualBranch whether it sits on a residual branch that an Add merges with a skip path
 * @param stage the stage of {@code afterLayer} ({@code 28x28}, {@code head}, {@code input})
 * @param units elements per image of the tensor it drops (-1 if unknown)
 * @param droppedUnits expected elements zeroed per image and forward pass: rate x units
 */
public record DropoutSite(
    String node,
    double rate,
    Unit unit,
    String after,
    String afterLayer,
    boolean afterBatchNorm,
    NextBatchNorm batchNorm,
    boolean onInput,
    boolean featureMap,
    boolean residualBranch,
    String stage,
    long units,
    double droppedUnits) {

  /** What a single drop removes. */
  public enum Unit {
    /** One activation (ONNX Dropout, PyTorch nn.Dropout). */
    ELEMENT,
    /** A whole channel plane (PyTorch nn.Dropout2d, mcdrop's sdrop). */
    CHANNEL
  }

  /** The next batch norm downstream of a dropout. */
  public enum NextBatchNorm {
    /** Only element-wise or pooling ops in between: the variance shift hits it unchanged. */
    DIRECTLY,
    /** Through one convolution or fc layer. */
    AFTER_NEXT_LAYER,
    /** No batch norm follows (within the next layer). */
    NONE
  }
}
