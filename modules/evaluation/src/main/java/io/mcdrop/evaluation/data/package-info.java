/**
 * Images as the evaluation sees them: unit-range CHW floats (before the model's normalisation),
 * labelled test sets, and folders of arbitrary images read for out-of-distribution checks.
 */
package io.mcdrop.evaluation.data;
