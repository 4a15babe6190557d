/**
 * Graph rewrites that make any classifier MC-ready: Dropout wired to one {@code mc_dropout} input,
 * batch norm restored to inference mode, per-node seeds.
 */
package io.mcdrop.onnx.rewrite;
