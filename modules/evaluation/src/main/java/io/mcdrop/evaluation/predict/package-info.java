/**
 * Running a model over a whole image set, deterministically or with MC dropout, and the uncertainty
 * scores read off each prediction.
 */
package io.mcdrop.evaluation.predict;
