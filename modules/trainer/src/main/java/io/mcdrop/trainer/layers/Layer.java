package io.mcdrop.trainer.layers;

import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.util.List;

/**
 * One step of a network.
 *
 * <p>Life cycle: a layer is constructed with its input shape (so its parameters are allocated and
 * initialised with a seeded generator); {@link #forward} runs a batch in training mode (batch
 * statistics, dropout masks drawn) or inference mode, remembering what {@link #backward} needs;
 * {@link #backward} takes the gradient of the loss with respect to the output of the last forward
 * call, overwrites the gradients of the parameters and returns the gradient with respect to the
 * input; {@link #toOnnx} appends the inference-form graph nodes.
 */
public interface Layer {
  Shape inputShape();

  Shape outputShape();

  Tensor forward(Tensor x, boolean training);

  Tensor backward(Tensor gradOut);

  /** Trainable parameters (with gradients). */
  default List<Param> params() {
    return List.of();
  }

  /** Non-trainable state saved in checkpoints and exported (e.g. running statistics). */
  default List<Param> buffers() {
    return List.of();
  }

  /** Layers nested inside this one (a residual block's convolutions), in forward order. */
  default List<Layer> children() {
    return List.of();
  }

  /** Appends this layer to an ONNX graph; returns the name of its output tensor. */
  String toOnnx(OnnxContext ctx, String input);

  /** A short description such as {@code Conv2d(1->32, k3, s1, p1)}. */
  String describe();

  /**
   * Whether the gradient with respect to the input is needed; the first layer of a network does not
   * need it and skips that work.
   */
  default void setNeedsInputGrad(boolean needed) {}
}
