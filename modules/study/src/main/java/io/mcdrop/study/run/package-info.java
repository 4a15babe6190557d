/**
 * Running a study: training one variant (resumable from its per-epoch checkpoint), evaluating its
 * ONNX export, and the study loop whose per-variant result files double as done-markers.
 */
package io.mcdrop.study.run;
