/**
 * Building ONNX graphs in code: a name-issuing {@link io.mcdrop.onnx.build.GraphBuilder}, attribute
 * and tensor factories. The trainer's exporter and the test fixtures stand on it.
 */
package io.mcdrop.onnx.build;
