/**
 * The graph variants one model runs as: MC-ready (the whole model), split at the stochastic
 * frontier (trunk and head), fused (trunk once, head on broadcast copies) and seeded. Pure ONNX
 * protobuf work: nothing here loads ONNX Runtime.
 */
package io.mcdrop.runtime.graph;
