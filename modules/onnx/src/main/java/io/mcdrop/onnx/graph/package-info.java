/**
 * Graph analysis: indexes over producers and consumers, and the <em>stochastic frontier</em> that
 * cuts a model into a deterministic trunk (run once per image) and a stochastic head (run per MC
 * sample).
 */
package io.mcdrop.onnx.graph;
