/**
 * Everything that touches ONNX Runtime, and nothing else does: execution providers (CPU, CUDA,
 * auto), session options that keep Dropout alive, the session set of one model, the one place a
 * session runs ({@link io.mcdrop.runtime.session.OrtRunner}) and the mapping of ONNX Runtime's
 * error codes ({@link io.mcdrop.runtime.session.OrtErrors}).
 */
package io.mcdrop.runtime.session;
