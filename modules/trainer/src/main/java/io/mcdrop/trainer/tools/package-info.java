/**
 * Maintainer tools for the shipped default model: writing {@code models/samples/} and measuring the
 * numbers in its model card (deterministic and Monte Carlo accuracy, NLL and ECE).
 */
package io.mcdrop.trainer.tools;
