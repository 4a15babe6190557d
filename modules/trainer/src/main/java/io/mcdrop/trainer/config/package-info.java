/**
 * The values that training, checkpoints and export share: how to train ({@link
 * io.mcdrop.trainer.config.TrainConfig}, with every default in one place) and what one epoch gave
 * ({@link io.mcdrop.trainer.config.EpochStats}). Depends only on the optimizers it names.
 */
package io.mcdrop.trainer.config;
