/** {@code mcdrop inspect}: what is in an ONNX model, verified by loading it into ONNX Runtime. */
package io.mcdrop.cli.inspect;
