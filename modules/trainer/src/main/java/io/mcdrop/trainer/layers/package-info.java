/**
 * Network layers. Each {@link io.mcdrop.trainer.layers.Layer} knows its input and output shape,
 * runs forward in training or inference mode, back-propagates, exposes its parameters and buffers,
 * and writes itself into an ONNX graph. {@link io.mcdrop.trainer.layers.Network} chains them.
 */
package io.mcdrop.trainer.layers;
