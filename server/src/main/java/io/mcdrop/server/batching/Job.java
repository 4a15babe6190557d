package io.mcdrop.server.batching;

import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.server.registry.LoadedModel;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One input waiting for a prediction. The input is produced by {@code input} on the worker, so
 * image decoding also runs off the event loop.
 */
final class Job {
  final LoadedModel model;
  final BatchKey key;
  final Supplier<float[]> input;
  final CompletableFuture<Prediction> result = new CompletableFuture<>();
  final long submittedNanos = System.nanoTime();

  Job(LoadedModel model, BatchKey key, Supplier<float[]> input) {
    this.model = model;
    this.key = key;
    this.input = input;
  }
}
