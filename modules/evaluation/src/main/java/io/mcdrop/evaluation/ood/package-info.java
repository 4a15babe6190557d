/**
 * Out-of-distribution detection: where OOD images come from (a folder, synthetic noise or blank
 * images, intensity-inverted test images, held-out classes) and how well each uncertainty score
 * tells them from in-distribution images (AUROC, FPR at 95 % TPR).
 */
package io.mcdrop.evaluation.ood;
