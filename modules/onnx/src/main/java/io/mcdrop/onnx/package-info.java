/**
 * ONNX model IO and the contract names shared by mcdrop's trainer and runtime. This module reads
 * and rewrites the protobuf only; it never loads ONNX Runtime.
 */
package io.mcdrop.onnx;
