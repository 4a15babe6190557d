package io.mcdrop.onnx.inspect;

import java.util.List;
import java.util.Map;

/**
 * What mcdrop sees in an ONNX model.
 *
 * @param inputs data inputs (not {@code mc_dropout})
 * @param outputs graph outputs
 * @param opset default-domain opset
 * @param dropouts every Dropout node in topological order
 * @param batchNorms number of BatchNormalization nodes
 * @param batchNormsInTrainingMode how many of them were exported in training mode (restored at
 *     load)
 * @param hasMcInput whether the model already carries the {@code mc_dropout} input
 * @param frontier the stochastic frontier tensors (empty without dropout)
 * @param trunkNodes nodes in the deterministic trunk (0 if not splittable)
 * @param headNodes nodes in the stochastic head
 * @param mcCapable whether MC dropout sampling is possible
 * @param notes plain-words remarks for the user (why not MC capable, what was restored, ...)
 */
public record ModelReport(
    String producer,
    long irVersion,
    int opset,
    List<TensorInfo> inputs,
    List<TensorInfo> outputs,
    List<DropoutInfo> dropouts,
    int nodes,
    int batchNorms,
    int batchNormsInTrainingMode,
    boolean hasMcInput,
    List<String> frontier,
    int trunkNodes,
    int headNodes,
    boolean mcCapable,
    Map<String, String> metadata,
    List<String> notes) {

  /** A tensor's name, element type and dims ({@code "N"} style names for symbolic dims). */
  public record TensorInfo(String name, String type, List<String> shape) {}

  /**
   * One Dropout node.
   *
   * @param position index among all nodes, in topological order
   * @param after op type of the node that produced the Dropout's input ("input" for a graph input)
   * @param kind {@code standard}, or {@code spatial} when it drops whole channels (mcdrop export)
   */
  public record DropoutInfo(
      String node, double rate, int position, String after, String kind, boolean seeded) {}
}
