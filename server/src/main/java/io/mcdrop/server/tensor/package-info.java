/**
 * Tensors on the wire, shared by every transport: the protocol's datatypes, shapes, JSON tensors
 * streamed straight into {@code float[]} ({@link io.mcdrop.server.tensor.JsonTensors}), the binary
 * form of the REST extension and gRPC raw contents ({@link io.mcdrop.server.tensor.BinaryTensors}),
 * and the split into the engine's input rows ({@link io.mcdrop.server.tensor.TensorData}); messages
 * say what was expected and what was found.
 */
package io.mcdrop.server.tensor;
