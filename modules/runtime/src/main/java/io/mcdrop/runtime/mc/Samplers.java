package io.mcdrop.runtime.mc;

import io.mcdrop.runtime.graph.GraphVariants;
import io.mcdrop.runtime.sampling.AdaptiveSampling;
import io.mcdrop.runtime.sampling.BatchedSampler;
import io.mcdrop.runtime.sampling.LoopSampler;
import io.mcdrop.runtime.sampling.MaskSource;
import io.mcdrop.runtime.sampling.Rows;
import io.mcdrop.runtime.sampling.Sampler;
import io.mcdrop.runtime.sampling.SamplingRequest;
import io.mcdrop.runtime.sampling.Tiler;
import io.mcdrop.runtime.sampling.TrunkCachedSampler;
import io.mcdrop.runtime.session.SessionSet;
import io.mcdrop.runtime.stats.SampleSet;
import java.util.List;
import java.util.Locale;

/**
 * Which sampler serves a request: the strategy resolved for this model, on the shared sessions, or
 * for a seeded request on the shared masked graphs ({@link MaskedGraphs}) with seeded masks.
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
    withSampler(
        strategy,
        o.seed(),
        s -> {
          AdaptiveSampling.sample(s, items, sets, request, convert);
          return null;
        });
    return strategy;
  }

  /** Raw outputs of {@code n} draws of one input (tests and diagnostics). */
  Rows raw(float[] input, int n, Strategy requested, Long seed) {
    return withSampler(
        resolve(requested), seed, s -> s.draw(new float[][] {input}, new int[] {0}, n));
  }

  /**
   * Runs {@code use} with a sampler for the strategy: on the shared sessions without a seed; with a
   * seed on the shared masked graphs fed seeded masks, or (for a model whose dropout cannot take
   * fed masks) on fresh seeded sessions closed afterwards.
   */
  private <T> T withSampler(
      Strategy strategy, Long seed, java.util.function.Function<Sampler, T> use) {
    if (seed == null) {
      return use.apply(sampler(strategy, m.shared, m.tiler, null));
    }
    MaskedGraphs masked = m.masked();
    if (masked != null) {
      MaskSource masks = new MaskSource(masked.specs, seed, masked.cache);
      return use.apply(sampler(strategy, masked.sessions, m.maskedTiler, masks));
    }
    try (SessionSet seeded = seeded(seed)) {
      return use.apply(sampler(strategy, seeded, m.tiler, null));
    }
  }

  private Sampler sampler(Strategy strategy, SessionSet s, Tiler tiler, MaskSource masks) {
    return switch (strategy) {
      case TRUNK_CACHED ->
          new TrunkCachedSampler(tiler, s, m.variants.split(), m.variants.fused(), m.input, masks);
      case BATCHED -> new BatchedSampler(tiler, s.full(), m.input, masks);
      default -> new LoopSampler(tiler, s.full(), m.input, m.signature.dynamicBatch(), masks);
    };
  }

  private SessionSet seeded(long seed) {
    GraphVariants.Bytes b = m.variants.seeded(seed);
    return m.shared.seeded(m.factory, b.full(), b.head(), b.fused());
  }
}
