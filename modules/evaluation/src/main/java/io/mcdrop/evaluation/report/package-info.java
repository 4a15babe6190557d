/**
 * Presenting an evaluation: a plain-text summary table, a JSON document, and a report folder with
 * XChart plots (reliability diagrams, rotation-shift curves, OOD score histograms) tied together by
 * a Markdown page.
 */
package io.mcdrop.evaluation.report;
