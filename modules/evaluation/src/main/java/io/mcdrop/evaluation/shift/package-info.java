/**
 * Dataset shift after Ovadia et al. (2019), "Can you trust your model's uncertainty?": the test
 * images are rotated by increasing angles and accuracy, NLL and ECE are tracked as they degrade.
 */
package io.mcdrop.evaluation.shift;
