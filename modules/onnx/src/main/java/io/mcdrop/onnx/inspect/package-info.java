/** Model inspection: tensors, opset, dropout layers, batch-norm mode, metadata and frontier. */
package io.mcdrop.onnx.inspect;
