/**
 * The study report: variants summarised over seeds (means with 95 % Student-t intervals), ranked by
 * test NLL, their learning curves, and a verdict written from the measured numbers.
 */
package io.mcdrop.study.report;
