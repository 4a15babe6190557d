package io.mcdrop.runtime.graph;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.graph.FrontierSplit;
import io.mcdrop.onnx.graph.FusedTrunk;
import io.mcdrop.onnx.graph.StochasticFrontier;
import io.mcdrop.onnx.rewrite.McReadyRewriter;
import java.util.Map;
import java.util.function.Function;

/**
 * The graphs of one MC-ready model: the whole model, the trunk/head split when the model has a
 * non-empty deterministic trunk and a dynamic batch, the fused trunk-cached graph when the split's
 * frontier ranks are known, and seeded copies of the stochastic ones.
 *
 * @param ready the MC-ready model
 * @param split trunk and head, or null
 * @param fused the fused graph, or null
 */
public record GraphVariants(ModelProto ready, FrontierSplit split, FusedTrunk fused) {

  /**
   * Builds the variants.
   *
   * @param frontierShapes measures the frontier's row shapes (one trunk run on a probe input) when
   *     the model declares none; returns null when it cannot, which keeps the split as it is.
   *     PyTorch exports carry no intermediate shapes, and without them ONNX Runtime leaves some
   *     layout optimizations out of the head (e.g. its NCHWc MaxPool after a conv).
   */
  public static GraphVariants of(
      ModelProto ready,
      boolean hasDropout,
      boolean dynamicBatch,
      Function<FrontierSplit, Map<String, long[]>> frontierShapes) {
    FrontierSplit split =
        hasDropout && dynamicBatch
            ? StochasticFrontier.split(ready).filter(s -> s.trunkNodes() > 0).orElse(null)
            : null;
    if (split != null && StochasticFrontier.missingFrontierShapes(split)) {
      Map<String, long[]> rows = frontierShapes.apply(split);
      if (rows != null) {
        try {
          split = StochasticFrontier.withFrontierShapes(split, rows);
        } catch (McdropException e) {
          // only a speed-up: keep the split as it was
        }
      }
    }
    FusedTrunk fused = split == null ? null : FusedTrunk.of(ready, split).orElse(null);
    return new GraphVariants(ready, split, fused);
  }

  /** Serialized graphs for ONNX Runtime sessions (null where a variant is absent). */
  public record Bytes(byte[] full, byte[] trunk, byte[] head, byte[] fused) {}

  /** The variants as session bytes. */
  public Bytes bytes() {
    return new Bytes(
        ready.toByteArray(),
        split == null ? null : split.trunk().toByteArray(),
        split == null ? null : split.head().toByteArray(),
        fused == null ? null : fused.model().toByteArray());
  }

  /** The stochastic variants with every Dropout seeded by {@code seed} (the trunk has none). */
  public Bytes seeded(long seed) {
    return new Bytes(
        McReadyRewriter.withSeed(ready, seed).toByteArray(),
        null,
        split == null ? null : McReadyRewriter.withSeed(split.head(), seed).toByteArray(),
        fused == null ? null : McReadyRewriter.withSeed(fused.model(), seed).toByteArray());
  }
}
