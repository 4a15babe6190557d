package io.mcdrop.onnx.advice;

import java.util.List;

/**
 * A model review: what the model is, where its dropout sits, how much it drops per stage, what
 * stands out, what MC dropout will cost and what to try next.
 *
 * @param model a short name for the model (file name or spec)
 * @param producer the exporter that wrote it
 * @param opset default-domain opset
 * @param input per-image input shape, e.g. {@code 1x28x28} ({@code ?} where unknown)
 * @param dynamicBatch whether the batch axis is symbolic
 * @param spec the mcdrop architecture spec for this model (from mcdrop metadata, or derived from a
 *     plain chain of layers), or null when it has no spec form (residual DAGs, unknown ops)
 * @param dropouts every Dropout, in graph order
 * @param stages dropout budget per stage, input to output
 * @param totalUnits hidden units per image (outputs of conv and fc layers but the output layer)
 * @param totalDroppedUnits expected units zeroed per image and forward pass, all dropouts
 * @param findings what stands out, warnings first
 * @param mc what MC dropout will cost
 * @param next what to try next, in plain words
 * @param studyCommand a ready {@code mcdrop study} command line for this architecture (null when
 *     there is no spec to give it)
 */
public record Advice(
    String model,
    String producer,
    int opset,
    String input,
    boolean dynamicBatch,
    String spec,
    List<DropoutSite> dropouts,
    List<StageBudget> stages,
    long totalUnits,
    double totalDroppedUnits,
    List<Finding> findings,
    McCost mc,
    List<String> next,
    String studyCommand) {
  public Advice {
    dropouts = List.copyOf(dropouts);
    stages = List.copyOf(stages);
    findings = List.copyOf(findings);
    next = List.copyOf(next);
  }

  /** Expected fraction of hidden units zeroed per forward pass (NaN when units are unknown). */
  public double droppedFraction() {
    return totalUnits > 0 ? totalDroppedUnits / totalUnits : Double.NaN;
  }

  /** Whether any finding has this code. */
  public boolean has(String code) {
    return findings.stream().anyMatch(f -> f.code().equals(code));
  }
}
