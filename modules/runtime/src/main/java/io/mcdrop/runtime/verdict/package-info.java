/**
 * The verdict on one prediction, computed once here and returned by every front end: {@link
 * io.mcdrop.runtime.verdict.Verdict} (the words) and {@link
 * io.mcdrop.runtime.verdict.VerdictPolicy} (the thresholds, in one place; a calibration can supply
 * measured ones).
 */
package io.mcdrop.runtime.verdict;
