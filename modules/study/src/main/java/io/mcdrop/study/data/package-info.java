/**
 * Adapters from the trainer's data sets to the evaluation's labelled image sets, and the study's
 * data preparation (held-out classes, training subsets, a test split for sources without one).
 */
package io.mcdrop.study.data;
