package io.mcdrop.server.batching;

import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.server.registry.LoadedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * One request: its inputs (one {@link Job} each), its answer, and its pending timers. It is
 * admitted, timed out and answered as a whole (one log line, one metric), however many inputs it
 * has; the first failing input fails it.
 */
final class Submission {
  final LoadedModel model;
  final BatchKey key;
  final List<Job> jobs;
  final CompletableFuture<List<Prediction>> result = new CompletableFuture<>();
  private final Prediction[] predictions;
  private int missing;
  private boolean started;
  private final List<Future<?>> timers = new ArrayList<>();

  Submission(LoadedModel model, BatchKey key, List<Supplier<float[]>> inputs) {
    this.model = model;
    this.key = key;
    List<Job> js = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      js.add(new Job(this, i, inputs.get(i)));
    }
    this.jobs = List.copyOf(js);
    this.predictions = new Prediction[inputs.size()];
    this.missing = inputs.size();
  }

  int size() {
    return jobs.size();
  }

  boolean done() {
    return result.isDone();
  }

  /** Marks that one of its inputs reached the engine (a timeout then discards a result). */
  synchronized void markStarted() {
    started = true;
  }

  synchronized boolean started() {
    return started;
  }

  /** Records one input's prediction; completes the request when it was the last one. */
  void deliver(int index, Prediction p) {
    List<Prediction> all = null;
    synchronized (this) {
      if (predictions[index] == null && p != null) {
        predictions[index] = p;
        if (--missing == 0) {
          all = Arrays.asList(predictions.clone());
        }
      }
    }
    if (all != null) {
      result.complete(all);
    }
  }

  /** Fails the whole request (if still unanswered); returns whether this call answered it. */
  boolean fail(Throwable error) {
    return result.completeExceptionally(error);
  }

  synchronized void addTimer(Future<?> timer) {
    if (result.isDone()) {
      timer.cancel(false); // answered before the timer was set
    } else {
      timers.add(timer);
    }
  }

  synchronized void cancelTimers() {
    timers.forEach(t -> t.cancel(false));
    timers.clear();
  }
}
