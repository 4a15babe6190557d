/**
 * Uncertainty statistics over MC samples: mean prediction, predictive and expected entropy, mutual
 * information, variation ratio, per-class spread and quantiles.
 */
package io.mcdrop.runtime.stats;
