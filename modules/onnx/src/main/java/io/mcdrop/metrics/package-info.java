/**
 * Evaluation metrics: accuracy, NLL, Brier score, expected/maximum calibration error with
 * reliability bins, and detection quality of uncertainty scores (AUROC, FPR at 95 % TPR).
 */
package io.mcdrop.metrics;
