/**
 * Training data: Fashion-MNIST IDX files, ImageFolder trees, a synthetic generator for tests, the
 * seeded train/validation split, normalisation ({@link io.mcdrop.trainer.data.Preprocess}, which is
 * also written into exported models) and batch assembly with augmentation.
 */
package io.mcdrop.trainer.data;
