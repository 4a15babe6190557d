package io.mcdrop.runtime.mc;

import io.mcdrop.runtime.graph.GraphVariants;
import io.mcdrop.runtime.sampling.AdaptiveSampling;
import io.mcdrop.runtime.sampling.BatchedSampler;
import io.mcdrop.runtime.sampling.LoopSampler;
import io.mcdrop.runtime.sampling.Rows;
import io.mcdrop.runtime.sampling.Sampler;
import io.mcdrop.runtime.sampling.SamplingRequest;
import io.mcdrop.runtime.sampling.TrunkCachedSampler;
import io.mcdrop.runtime.session.SessionSet;
import io.mcdrop.runtime.stats.SampleSet;
import java.util.List;
import java.util.Locale;

/**
 * Which sampler serves a request: the strategy resolved for this model, on the shared sessions or
 * on fresh seeded ones (ONNX Runtime's dropout RNG cannot be reset, so a seed means sessions on the
 * seeded graphs for that request).
 */
final class Samplers {
  private final LoadedModel m;

  Samplers(LoadedModel model) {
    this.m = model;
  }

  /**
   * AUTO → trunk-cached when the model splits, else batched, else loop; impossible ones degrade.
   */
  Strategy resolve(Strategy requested) {
    boolean split = m.variants.split() != null;
    boolean dynamic = m.signature.dynamicBatch();
    Strategy fallback = dynamic ? Strategy.BATCHED : Strategy.LOOP;
    return switch (requested) {
      case AUTO -> split ? Strategy.TRUNK_CACHED : fallback;
      case TRUNK_CACHED -> split ? Strategy.TRUNK_CACHED : fallback;
      case BATCHED -> fallback;
      case LOOP -> Strategy.LOOP;
    };
  }

  /** The name a prediction reports for the strategy it was drawn with. */
  static String reportedName(Strategy s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Draws the request's samples into {@code sets}; returns the strategy used, null when
   * deterministic.
   */
  Strategy sample(float[][] items, SampleSet[] sets, SamplingRequest request, McOptions o) {
    double temperature = o.temperature();
    AdaptiveSampling.ToProbabilities convert =
        (out, off, k, probs) ->
            m.signature.outputKind().toProbabilities(out, off, k, probs, temperature);
    if (request.deterministic()) {
      Rows rows = m.tiler.runTiled(m.shared.full(), List.of(m.input.feed(items)), 1, false);
      AdaptiveSampling.add(rows, sets, AdaptiveSampling.identity(items.length), 1, convert);
      return null;
    }
    Strategy strategy = resolve(o.strategy());
    try (SessionSet seeded = o.seed() == null ? null : seeded(o.seed())) {
      SessionSet s = seeded == null ? m.shared : seeded;
      AdaptiveSampling.sample(sampler(strategy, s), items, sets, request, convert);
    }
    return strategy;
  }

  /** Raw outputs of {@code n} draws of one input (tests and diagnostics). */
  Rows raw(float[] input, int n, Strategy requested, Long seed) {
    try (SessionSet seeded = seed == null ? null : seeded(seed)) {
      SessionSet s = seeded == null ? m.shared : seeded;
      return sampler(resolve(requested), s).draw(new float[][] {input}, new int[] {0}, n);
    }
  }

  private Sampler sampler(Strategy strategy, SessionSet s) {
    return switch (strategy) {
      case TRUNK_CACHED ->
          new TrunkCachedSampler(m.tiler, s, m.variants.split(), m.variants.fused(), m.input);
      case BATCHED -> new BatchedSampler(m.tiler, s.full(), m.input);
      default -> new LoopSampler(m.tiler, s.full(), m.input, m.signature.dynamicBatch());
    };
  }

  private SessionSet seeded(long seed) {
    GraphVariants.Bytes b = m.variants.seeded(seed);
    return m.shared.seeded(m.factory, b.full(), b.head(), b.fused());
  }
}
