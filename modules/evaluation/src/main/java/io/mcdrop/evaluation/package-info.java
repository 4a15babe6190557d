/**
 * Is the uncertainty honest? {@link io.mcdrop.evaluation.Evaluator} runs a model deterministically
 * and with MC dropout over a labelled test set and reports, side by side, accuracy and proper
 * scores, calibration, how well each uncertainty score flags wrong predictions and
 * out-of-distribution images, and how all of that degrades under rotation. Depends only on the
 * runtime: data arrive as {@link io.mcdrop.evaluation.data.LabeledSet}s, whoever loaded them.
 */
package io.mcdrop.evaluation;
