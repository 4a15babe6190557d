/**
 * Dense float tensors in NCHW layout, the row-major SGEMM wrapper over BLAS, the batch-parallel
 * executor and the seeded random source that every stochastic choice in the trainer draws from.
 */
package io.mcdrop.trainer.tensor;
