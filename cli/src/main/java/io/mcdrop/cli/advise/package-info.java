/**
 * {@code mcdrop advise}: the model review of {@link io.mcdrop.onnx.advice} for an ONNX file or an
 * architecture spec (built and exported in memory, untrained: the review reads structure only).
 */
package io.mcdrop.cli.advise;
