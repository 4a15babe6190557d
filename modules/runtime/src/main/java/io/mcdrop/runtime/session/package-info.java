/**
 * ONNX Runtime sessions: execution providers (CPU, CUDA, auto) and session options that keep
 * Dropout alive while every other graph optimization stays on.
 */
package io.mcdrop.runtime.session;
