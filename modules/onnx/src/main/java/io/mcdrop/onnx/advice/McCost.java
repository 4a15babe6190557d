package io.mcdrop.onnx.advice;

import java.util.List;

/**
 * What MC dropout will cost for this model on mcdrop's runtime.
 *
 * @param strategy {@code trunk}: the deterministic trunk runs once per image and only the head is
 *     sampled; {@code batched}: every sample is a full pass, tiled into one batched run; {@code
 *     loop}: every sample is a full pass in its own run (fixed batch axis); {@code none}: MC
 *     dropout is impossible
 * @param samples the T the estimate is for
 * @param macs multiply-accumulates of one deterministic pass per image (-1 if unknown)
 * @param headMacs of those, the ones in the sampled part (all of them without trunk caching)
 * @param costVsDeterministic estimated MC cost over one deterministic pass, by multiply-accumulates
 *     (NaN if unknown)
 * @param frontier tensors where the trunk hands over to the sampled head
 * @param blockers why MC dropout or trunk caching is not possible (empty when nothing blocks)
 */
public record McCost(
    String strategy,
    int samples,
    long macs,
    long headMacs,
    double costVsDeterministic,
    List<String> frontier,
    List<String> blockers) {
  public McCost {
    frontier = List.copyOf(frontier);
    blockers = List.copyOf(blockers);
  }
}
