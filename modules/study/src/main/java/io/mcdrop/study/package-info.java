/**
 * The dropout-placement study: "should dropout go after the conv layers, after the fully connected
 * layers, or both, and at what rate?" answered with measurements on the user's data. Every variant
 * of one architecture is trained with the same budget over several seeds, exported to ONNX,
 * evaluated deterministically and with MC dropout, and the study report ranks them and says in
 * plain words what won, with intervals over seeds. A study is resumable: a finished (variant, seed)
 * run is never retrained.
 */
package io.mcdrop.study;
