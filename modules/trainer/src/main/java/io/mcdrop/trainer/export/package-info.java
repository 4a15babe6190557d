/**
 * ONNX export per the mcdrop contract (DESIGN.md section 2): opset 17, input {@code input}
 * [N,C,H,W], output {@code logits} [N,K], every dropout a standard Dropout whose training_mode is
 * the shared {@code mc_dropout} input (default false), spatial dropout from standard ops, batch
 * norm in inference form, and the {@code mcdrop.*} metadata.
 */
package io.mcdrop.trainer.export;
