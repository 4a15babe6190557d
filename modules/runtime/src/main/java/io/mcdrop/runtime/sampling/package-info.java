/**
 * Drawing MC samples: the {@link io.mcdrop.runtime.sampling.SamplingRequest} (deterministic, fixed
 * T, adaptive), one {@link io.mcdrop.runtime.sampling.Sampler} per strategy, the {@link
 * io.mcdrop.runtime.sampling.TiledBatch} layout of one run (with its burn-in row), the {@link
 * io.mcdrop.runtime.sampling.Tiler} that runs tiled batches through ONNX Runtime, and {@link
 * io.mcdrop.runtime.sampling.AdaptiveSampling}. Nothing here touches ONNX Runtime types.
 */
package io.mcdrop.runtime.sampling;
