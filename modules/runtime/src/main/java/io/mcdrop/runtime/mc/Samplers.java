package io.mcdrop.runtime.mc;

import io.mcdrop.onnx.graph.FusedTrunk;
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
import io.mcdrop.runtime.session.ProviderSpec;
import io.mcdrop.runtime.session.SessionSet;
import io.mcdrop.runtime.stats.SampleSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

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
        (out, k, probs) -> m.signature.outputKind().toProbabilities(out, k, probs, temperature);
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
   * Runs {@code use} with a sampler for the strategy. On the CPU, and with a seed on any provider,
   * MC runs go to the shared masked graphs fed masks drawn in Java ({@link MaskSource}): from the
   * seed, or without one from a seed fresh for the request. Java draws them several times faster
   * than ONNX Runtime's CPU Dropout does (docs/benchmarks-runtime.md), and a seeded request then
   * costs what an unseeded one does. A model whose dropout cannot take fed masks samples on the
   * shared sessions, or with a seed on fresh seeded sessions closed afterwards.
   */
  private <T> T withSampler(
      Strategy strategy, Long seed, java.util.function.Function<Sampler, T> use) {
    MaskedGraphs masked = seed != null || masksWhenUnseeded() ? m.masked() : null;
    if (masked != null) {
      MaskSource masks =
          seed != null
              ? MaskSource.seeded(masked.specs, seed)
              : MaskSource.unseeded(masked.specs, ThreadLocalRandom.current().nextLong());
      return use.apply(sampler(strategy, masked.sessions, masked.fused, m.maskedTiler, masks));
    }
    if (seed == null) {
      return use.apply(sampler(strategy, m.shared, m.variants.fused(), m.tiler, null));
    }
    try (SessionSet seeded = seeded(seed)) {
      return use.apply(sampler(strategy, seeded, m.variants.fused(), m.tiler, null));
    }
  }

  /** Fed masks pay on the CPU; a GPU draws its own dropout masks on the device. */
  private boolean masksWhenUnseeded() {
    return m.factory.effectiveProvider().kind() == ProviderSpec.Kind.CPU;
  }

  /** {@code fused} describes {@code s}'s fused graph (its repeat inputs), or is null. */
  private Sampler sampler(
      Strategy strategy, SessionSet s, FusedTrunk fused, Tiler tiler, MaskSource masks) {
    return switch (strategy) {
      case TRUNK_CACHED ->
          new TrunkCachedSampler(tiler, s, m.variants.split(), fused, m.input, masks);
      case BATCHED -> new BatchedSampler(tiler, s.full(), m.input, masks);
      default -> new LoopSampler(tiler, s.full(), m.input, m.signature.dynamicBatch(), masks);
    };
  }

  private SessionSet seeded(long seed) {
    GraphVariants.Bytes b = m.variants.seeded(seed);
    return m.shared.seeded(m.factory, b.full(), b.head(), b.fused());
  }
}
