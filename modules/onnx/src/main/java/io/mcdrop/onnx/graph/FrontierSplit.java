package io.mcdrop.onnx.graph;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;

/**
 * A model cut at its stochastic frontier.
 *
 * @param trunk the deterministic part: data inputs to {@code trunkOutputs}
 * @param head the stochastic part: {@code frontier} (+ {@code mc_dropout}) to the model's outputs
 * @param frontier every input of the head, in head-input order; each is either a trunk output or a
 *     data input of the whole model passed straight through
 * @param trunkOutputs the frontier tensors the trunk computes
 * @param trunkNodes number of nodes in the trunk
 * @param headNodes number of nodes in the head
 */
public record FrontierSplit(
    ModelProto trunk,
    ModelProto head,
    List<String> frontier,
    List<String> trunkOutputs,
    int trunkNodes,
    int headNodes) {

  /**
   * Whether the head reads {@code tensor} straight from the model's inputs (not from the trunk).
   */
  public boolean isPassThrough(String tensor) {
    return frontier.contains(tensor) && !trunkOutputs.contains(tensor);
  }
}
