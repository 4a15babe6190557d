package io.mcdrop.server.batching;

import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.session.EngineThreads;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.server.config.ServerConfig;
import io.mcdrop.server.errors.ServerBusyException;
import io.mcdrop.server.metrics.ServerMetrics;
import io.mcdrop.server.registry.LoadedModel;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded work queue with a fixed set of inference workers and dynamic batching.
 *
 * <p>Admission: at most {@code queueCapacity} requests are queued; beyond that a request waits in a
 * waiting room of the same size for up to {@code queueWait}, then gets 429. Nothing blocks the
 * event loop and nothing piles up without limit. During shutdown new requests get 503.
 *
 * <p>Batching: a free worker takes the oldest request plus every queued request with the same
 * {@link BatchKey}, up to {@code maxBatch}. Under load batches form by themselves (requests queue
 * while workers are busy); a worker waits up to {@code batchWait} for more only while another
 * worker is busy, so a lone request is never delayed.
 *
 * <p>Timeouts: a request still unanswered after {@code requestTimeout} is removed from the queue if
 * it has not started (it never runs), else its result is discarded; either way the client gets 503
 * and the meter {@code mcdrop.requests.timeouts} counts it.
 */
@Context
public final class InferenceScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InferenceScheduler.class);

  private final ServerConfig config;
  private final ServerMetrics metrics;
  private final EngineCall engineCall;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Job> queue = new ArrayDeque<>();
  private final ArrayDeque<Job> waiting = new ArrayDeque<>();
  private final List<Thread> workers = new ArrayList<>();
  private final ScheduledExecutorService timer;
  private int running;
  private int unanswered;
  private boolean accepting = true;
  private boolean stopped;

  public InferenceScheduler(ServerConfig config, ServerMetrics metrics, EngineCall engineCall) {
    this.config = config;
    this.metrics = metrics;
    this.engineCall = engineCall;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mcdrop-timer");
              t.setDaemon(true);
              return t;
            });
    long tick = Math.max(5, config.queueWait().toMillis() / 4);
    timer.scheduleWithFixedDelay(this::expireWaiting, tick, tick, TimeUnit.MILLISECONDS);
    for (int i = 0; i < config.workers(); i++) {
      Thread t = EngineThreads.create(this::work, "mcdrop-infer-" + i);
      t.start();
      workers.add(t);
    }
    metrics.queueDepth(this::depth);
  }

  /** Queues one input; the future fails with McdropException or ServerBusyException. */
  public CompletableFuture<Prediction> submit(
      LoadedModel model, McOptions options, Supplier<float[]> input) {
    Job job = new Job(model, new BatchKey(model.name(), options), input);
    admit(List.of(job));
    return job.result;
  }

  /**
   * Queues the inputs of one batched request; completes when all are done. Admission is per
   * request, so a batch larger than the queue is still accepted when the queue has room.
   */
  public CompletableFuture<List<Prediction>> submitAll(
      LoadedModel model, McOptions options, List<float[]> inputs) {
    BatchKey key = new BatchKey(model.name(), options);
    List<Job> jobs = inputs.stream().map(in -> new Job(model, key, () -> in)).toList();
    admit(jobs);
    List<CompletableFuture<Prediction>> parts = jobs.stream().map(j -> j.result).toList();
    return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]))
        .thenApply(v -> parts.stream().map(CompletableFuture::join).toList());
  }

  /** Queues the jobs of one request, or parks them in the waiting room, or refuses them. */
  private void admit(List<Job> jobs) {
    lock.lock();
    try {
      if (!accepting) {
        metrics.rejected("shutdown");
        throw ServerBusyException.shuttingDown();
      }
      if (queue.size() < config.queueCapacity()) {
        queue.addAll(jobs);
        changed.signalAll();
      } else if (waiting.size() < config.queueCapacity()) {
        waiting.addAll(jobs);
      } else {
        metrics.rejected("queue_full");
        throw ServerBusyException.queueFull(config.queueCapacity(), 0);
      }
      unanswered += jobs.size();
    } finally {
      lock.unlock();
    }
    long timeout = config.requestTimeout().toMillis();
    for (Job job : jobs) {
      var pending = timer.schedule(() -> timeOut(job, timeout), timeout, TimeUnit.MILLISECONDS);
      job.result.whenComplete(
          (p, e) -> {
            pending.cancel(false);
            answered();
          });
    }
  }

  private void answered() {
    lock.lock();
    try {
      unanswered--;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Requests queued or waiting for a queue slot. */
  public int depth() {
    lock.lock();
    try {
      return queue.size() + waiting.size();
    } finally {
      lock.unlock();
    }
  }

  private void work() {
    while (true) {
      List<Job> batch;
      lock.lock();
      try {
        while (queue.isEmpty() && !stopped) {
          changed.await();
        }
        if (queue.isEmpty()) {
          return;
        }
        batch = takeBatch();
        running++;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        lock.unlock();
      }
      List<Outcome> outcomes;
      try {
        outcomes = infer(batch);
      } finally {
        lock.lock();
        try {
          running--;
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
      // Answer only after this worker counts as idle again: a client that sends its next
      // request at once must not find a "busy" worker and wait for a batch that never comes.
      outcomes.forEach(Outcome::deliver);
    }
  }

  /** Called with the lock held. */
  private List<Job> takeBatch() throws InterruptedException {
    Job head = queue.poll();
    List<Job> batch = new ArrayList<>();
    batch.add(head);
    if (head.key.coalescable() && config.maxBatch() > 1) {
      collect(head.key, batch);
      long waitNanos = config.batchWait().toNanos();
      long deadline = System.nanoTime() + waitNanos;
      // Only worth waiting when other work is in progress: more requests are then likely.
      while (batch.size() < config.maxBatch() && running > 0 && waitNanos > 0 && !stopped) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        changed.awaitNanos(left);
        collect(head.key, batch);
      }
    }
    refill();
    return batch;
  }

  private void collect(BatchKey key, List<Job> batch) {
    for (Iterator<Job> it = queue.iterator(); it.hasNext() && batch.size() < config.maxBatch(); ) {
      Job j = it.next();
      if (j.key.equals(key)) {
        it.remove();
        batch.add(j);
      }
    }
    refill();
  }

  /** Moves waiting requests into freed queue slots, oldest first. */
  private void refill() {
    boolean moved = false;
    while (queue.size() < config.queueCapacity() && !waiting.isEmpty()) {
      queue.add(waiting.poll());
      moved = true;
    }
    if (moved) {
      changed.signalAll();
    }
  }

  /** A finished job: its prediction or its error, delivered after the worker is free. */
  private record Outcome(Job job, Prediction prediction, Throwable error) {
    void deliver() {
      if (error == null) {
        job.result.complete(prediction);
      } else {
        job.result.completeExceptionally(error);
      }
    }
  }

  private List<Outcome> infer(List<Job> batch) {
    List<Outcome> outcomes = new ArrayList<>();
    List<Job> live = new ArrayList<>();
    List<float[]> inputs = new ArrayList<>();
    for (Job j : batch) {
      if (j.result.isDone()) {
        continue; // timed out meanwhile
      }
      try {
        inputs.add(j.input.get());
        live.add(j);
      } catch (RuntimeException e) {
        outcomes.add(new Outcome(j, null, e));
      }
    }
    if (live.isEmpty()) {
      return outcomes;
    }
    LoadedModel model = live.get(0).model;
    McOptions options = live.get(0).key.options();
    try {
      List<Prediction> out = engineCall.predict(model, inputs, options);
      metrics.batch(model.name(), live.size());
      long drawn = 0;
      for (int i = 0; i < live.size(); i++) {
        drawn += out.get(i).samples();
        outcomes.add(new Outcome(live.get(i), out.get(i), null));
      }
      metrics.samples(model.name(), drawn);
    } catch (McdropException e) {
      if (live.size() == 1) {
        outcomes.add(new Outcome(live.get(0), null, e));
      } else {
        // Isolate the request that caused it instead of failing the whole batch.
        for (Job j : live) {
          outcomes.addAll(infer(List.of(j)));
        }
      }
    } catch (RuntimeException e) {
      LOG.error("inference on model '{}' failed", model.name(), e);
      live.forEach(j -> outcomes.add(new Outcome(j, null, e)));
    }
    return outcomes;
  }

  private void timeOut(Job job, long millis) {
    if (job.result.isDone()) {
      return;
    }
    boolean removed;
    lock.lock();
    try {
      removed = queue.remove(job) || waiting.remove(job);
      refill();
    } finally {
      lock.unlock();
    }
    if (job.result.completeExceptionally(ServerBusyException.timedOut(millis, !removed))) {
      metrics.timeout(job.model.name());
      LOG.warn(
          "request for model '{}' timed out after {} ms and was cancelled ({})",
          job.model.name(),
          millis,
          removed ? "before it ran" : "result discarded");
    }
  }

  private void expireWaiting() {
    List<Job> expired = new ArrayList<>();
    long limit = config.queueWait().toNanos();
    long now = System.nanoTime();
    lock.lock();
    try {
      for (Iterator<Job> it = waiting.iterator(); it.hasNext(); ) {
        Job j = it.next();
        if (now - j.submittedNanos >= limit) {
          it.remove();
          expired.add(j);
        }
      }
    } finally {
      lock.unlock();
    }
    for (Job j : expired) {
      metrics.rejected("queue_full");
      j.result.completeExceptionally(
          ServerBusyException.queueFull(config.queueCapacity(), config.queueWait().toMillis()));
    }
  }

  /**
   * Stops taking requests and waits up to {@code grace} for queued and running ones to finish.
   * Returns whether everything finished in time.
   */
  public boolean drain(java.time.Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    lock.lock();
    try {
      accepting = false;
      // Every accepted request is answered (queued, running or being delivered), and no engine
      // call is still running (a timed-out one may be), before the models can be closed.
      while (unanswered > 0 || running > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          LOG.warn("shutdown grace period over with {} request(s) unanswered", unanswered);
          return false;
        }
        changed.awaitNanos(left);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  public boolean accepting() {
    lock.lock();
    try {
      return accepting;
    } finally {
      lock.unlock();
    }
  }

  @PreDestroy
  @Override
  public void close() {
    drain(config.shutdownGrace());
    lock.lock();
    try {
      stopped = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    for (Thread t : workers) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    timer.shutdownNow();
  }
}
