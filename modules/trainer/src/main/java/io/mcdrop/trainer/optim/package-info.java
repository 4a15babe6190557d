/**
 * Optimisers (SGD with momentum or Nesterov and L2 weight decay; AdamW with decoupled decay) and
 * learning-rate schedules (constant, step, cosine, each with optional linear warm-up).
 */
package io.mcdrop.trainer.optim;
