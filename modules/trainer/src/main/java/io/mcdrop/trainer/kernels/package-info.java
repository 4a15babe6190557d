/**
 * The per-channel reductions of batch normalisation (Σ x and Σ x² forward; Σ d and Σ d·(x − μ)
 * backward, with or without the fused ReLU's mask) in two interchangeable implementations: {@link
 * io.mcdrop.trainer.kernels.ScalarSumKernels}, plain Java that runs everywhere, and {@code
 * VectorSumKernels}, the same arithmetic on Java's Vector API (an incubator module in JDK 17, used
 * only when the JVM was started with {@code --add-modules jdk.incubator.vector}). Both keep eight
 * float partial sums per quantity, one per lane, and combine them in the same order, so they give
 * bit-identical results: which one runs changes speed, never a number. {@link
 * io.mcdrop.trainer.kernels.Kernels} picks one once per JVM.
 */
package io.mcdrop.trainer.kernels;
