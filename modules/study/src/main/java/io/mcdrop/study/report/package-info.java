/**
 * The study report: variants ranked by test NLL, their learning curves, and a conclusion written
 * from the measured numbers.
 */
package io.mcdrop.study.report;
