/**
 * Running a study as independent (variant, seed) units: training one run (resumable from its
 * per-epoch checkpoint), evaluating its ONNX export, and the loop over units whose result files
 * double as done-markers.
 */
package io.mcdrop.study.run;
