package io.mcdrop.server.batching;

import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.session.EngineThreads;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.server.config.ServerConfig;
import io.mcdrop.server.errors.ServerBusyException;
import io.mcdrop.server.metrics.ServerMetrics;
import io.mcdrop.server.registry.LoadedModel;
import io.micronaut.context.annotation.Context;
import io.micronaut.http.HttpStatus;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs inference requests on a fixed set of workers with dynamic batching. This is the whole API
 * the protocol front ends (REST, V2, gRPC) use: {@link #submit}, {@link #submitAll}, {@link
 * #accepting}, {@link #drain}.
 *
 * <p>Three parts, each in its own class: {@link Admission} (the bounded queue and its waiting room:
 * 429 when full, 503 when shutting down), {@link BatchPolicy} (which queued inputs one free worker
 * takes: a pure function of the queue) and {@link Workers} (the threads, replaced if one dies);
 * {@link BatchRun} runs one batch. A request costs at most {@code max-work} forward passes (inputs
 * times samples), checked before it is queued.
 *
 * <p>Timeouts are one-shot timers per request, no sweeper: a request still unanswered after {@code
 * request-timeout} is withdrawn from the queue if it has not started (it never runs), else its
 * result is discarded; either way the client gets 503 and {@code mcdrop.requests.timeouts} counts
 * it once.
 */
@Context
public final class InferenceScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InferenceScheduler.class);

  private final ServerConfig config;
  private final ServerMetrics metrics;
  private final BatchRun runner;
  private final Admission admission;
  private final Workers workers;
  private final Deadlines timers;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition settled = lock.newCondition();
  private int busy;
  private int unanswered;

  /** Busy workers that found the queue empty and poll it (guarded by {@link #lock}). */
  private int polling;

  /**
   * Counts offers (and the start of draining), so a polling worker sees a change without the lock.
   */
  private volatile long offers;

  private final long pollNanos;

  @jakarta.inject.Inject
  public InferenceScheduler(ServerConfig config, ServerMetrics metrics, EngineCall engineCall) {
    this(config, metrics, engineCall, r -> EngineThreads.create(r, "mcdrop-infer"));
  }

  /** With the worker threads from {@code threads} (tests use one that fails). */
  InferenceScheduler(
      ServerConfig config,
      ServerMetrics metrics,
      EngineCall engineCall,
      java.util.concurrent.ThreadFactory threads) {
    this(config, metrics, engineCall, threads, config.workerSpinMicros() * 1_000L);
  }

  /** With a polling window of its own (tests poll until work is offered or the server drains). */
  InferenceScheduler(
      ServerConfig config,
      ServerMetrics metrics,
      EngineCall engineCall,
      java.util.concurrent.ThreadFactory threads,
      long pollNanos) {
    this.config = config;
    this.metrics = metrics;
    this.runner = new BatchRun(engineCall, metrics);
    this.admission = new Admission(config.queueCapacity(), config.maxBatch());
    this.workers = new Workers(config.workers(), threads);
    this.timers = new Deadlines();
    this.pollNanos = pollNanos;
  }

  @PostConstruct
  void start() {
    workers.start();
    metrics.queueDepth(this::depth);
  }

  /** Queues one input; the future fails with McdropException or ServerBusyException. */
  public CompletableFuture<Prediction> submit(
      LoadedModel model, McOptions options, Supplier<float[]> input) {
    return enqueue(model, options, List.of(input)).thenApply(all -> all.get(0));
  }

  /**
   * Queues the inputs of one request; completes when all are done, or fails with the first error.
   * Admission is per request, so a batch larger than the queue is still accepted when the queue has
   * room.
   */
  public CompletableFuture<List<Prediction>> submitAll(
      LoadedModel model, McOptions options, List<float[]> inputs) {
    List<Supplier<float[]>> suppliers = new ArrayList<>(inputs.size());
    for (float[] in : inputs) {
      suppliers.add(() -> in);
    }
    return enqueue(model, options, suppliers);
  }

  private CompletableFuture<List<Prediction>> enqueue(
      LoadedModel model, McOptions options, List<Supplier<float[]>> inputs) {
    if (workers.live() == 0) {
      metrics.rejected("no_workers");
      throw new ServerBusyException(
          HttpStatus.SERVICE_UNAVAILABLE, 5, "no inference workers are running; retry later");
    }
    RequestChecks.check(model, options, inputs.size(), config.effectiveMaxWork());
    if (inputs.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    Submission s = new Submission(model, new BatchKey(model.name(), options), inputs);
    Admission.Place place;
    lock.lock();
    try {
      try {
        place = admission.offer(s);
        offers++;
      } catch (ServerBusyException e) {
        metrics.rejected(e.status().getCode() == 429 ? "queue_full" : "shutdown");
        throw e;
      }
      unanswered++;
    } finally {
      lock.unlock();
    }
    long timeout = config.requestTimeout().toMillis();
    timers.after(s, timeout, () -> timeOut(s, timeout));
    if (place == Admission.Place.WAITING) {
      timers.after(s, config.queueWait().toMillis(), () -> expire(s));
    }
    s.result.whenComplete((p, e) -> answered(s));
    dispatch();
    return s.result;
  }

  private void answered(Submission s) {
    s.cancelTimers();
    lock.lock();
    try {
      unanswered--;
      settled.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Hands queued work to idle workers, as long as there are both. While a worker polls the queue,
   * it takes the work itself (and hands on what it leaves), so no parked thread is woken for it.
   */
  private void dispatch() {
    while (true) {
      List<Job> batch;
      lock.lock();
      try {
        if (busy >= workers.size() || polling > 0) {
          return;
        }
        batch = admission.take(workers.size() - busy);
        if (batch.isEmpty()) {
          return;
        }
        busy++;
      } finally {
        lock.unlock();
      }
      try {
        workers.execute(() -> work(batch));
      } catch (RejectedExecutionException e) {
        idle();
        ServerBusyException refused = ServerBusyException.shuttingDown();
        batch.forEach(j -> j.submission.fail(refused));
        return;
      }
    }
  }

  /** A worker's loop: run a batch, answer it, take the next one while there is work. */
  private void work(List<Job> first) {
    List<Job> batch = first;
    boolean counted = true;
    try {
      while (batch != null) {
        for (BatchRun.Outcome o : runner.run(batch)) {
          try {
            o.deliver();
          } catch (Throwable e) {
            LOG.error("delivering a prediction failed", e);
          }
        }
        batch = next();
        if (batch == null) {
          counted = false;
        } else {
          dispatch(); // the rest of the queue may go to other idle workers
        }
      }
    } catch (Throwable e) {
      LOG.error("inference worker failed outside a request", e);
      if (batch != null) {
        batch.forEach(j -> j.submission.fail(e));
      }
    } finally {
      if (counted) {
        idle();
      }
    }
  }

  /**
   * The worker's next batch, or null once it is idle (no longer counted busy). With the queue empty
   * and no other worker busy, it first polls for up to {@code worker-spin-micros}, still counted
   * busy, so {@link #dispatch} leaves new work to it; it stops polling as soon as anything is
   * offered, and always takes (or goes idle) under the lock, so no offer is left without a worker.
   */
  private List<Job> next() {
    long seen;
    lock.lock();
    try {
      List<Job> batch = takeAsIdle();
      if (!batch.isEmpty()) {
        return batch;
      }
      // Poll only as the one busy worker: while another worker computes, a polling one would take
      // the core that the event loop needs to read the very request it waits for.
      if (pollNanos == 0 || busy > 1 || !admission.accepting()) {
        goIdle();
        return null;
      }
      polling++;
      seen = offers;
    } finally {
      lock.unlock();
    }
    long start = System.nanoTime();
    while (offers == seen && System.nanoTime() - start < pollNanos) {
      // Yield rather than spin: any other runnable thread (the event loop reading the next
      // request, the JIT compiler, GC) gets this core at once; with none, it costs a system call.
      Thread.yield();
    }
    lock.lock();
    try {
      polling--;
      List<Job> batch = takeAsIdle();
      if (!batch.isEmpty()) {
        return batch;
      }
      goIdle();
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** With the lock held: a finished worker's share of the queue, counting itself as idle. */
  private List<Job> takeAsIdle() {
    // With other idle workers the queue is shared out.
    return admission.take(workers.size() - busy + 1);
  }

  /** With the lock held: this worker is no longer busy. */
  private void goIdle() {
    busy--;
    settled.signalAll();
  }

  private void idle() {
    lock.lock();
    try {
      goIdle();
    } finally {
      lock.unlock();
    }
  }

  private void timeOut(Submission s, long millis) {
    if (s.done()) {
      return;
    }
    lock.lock();
    try {
      admission.withdraw(s);
    } finally {
      lock.unlock();
    }
    boolean ran = s.started();
    if (s.fail(ServerBusyException.timedOut(millis, ran))) {
      metrics.timeout(s.model.name());
      LOG.warn(
          "request for model '{}' ({} input(s)) timed out after {} ms and was cancelled ({})",
          s.model.name(),
          s.size(),
          millis,
          ran ? "result discarded" : "before it ran");
    }
    dispatch();
  }

  private void expire(Submission s) {
    boolean expired;
    lock.lock();
    try {
      expired = admission.expire(s);
    } finally {
      lock.unlock();
    }
    if (expired
        && s.fail(
            ServerBusyException.queueFull(admission.capacity(), config.queueWait().toMillis()))) {
      metrics.rejected("queue_full");
    }
  }

  /** Workers running a batch or polling the queue right now (for tests). */
  int busy() {
    lock.lock();
    try {
      return busy;
    } finally {
      lock.unlock();
    }
  }

  /** Workers polling the empty queue right now (for tests). */
  int polling() {
    lock.lock();
    try {
      return polling;
    } finally {
      lock.unlock();
    }
  }

  /** Inputs queued or waiting for a queue slot. */
  public int depth() {
    lock.lock();
    try {
      return admission.depth();
    } finally {
      lock.unlock();
    }
  }

  /** Whether requests are taken: not shutting down, and at least one worker is alive. */
  public boolean accepting() {
    lock.lock();
    try {
      return admission.accepting() && workers.live() > 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops taking requests and waits up to {@code grace} for queued and running ones to finish.
   * Returns whether everything finished in time.
   */
  public boolean drain(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    lock.lock();
    try {
      admission.close();
      offers++; // polling workers stop now, and go idle since nothing is accepted
      // Every accepted request is answered, and no engine call is still running (a timed-out one
      // may be), before the models can be closed.
      while (unanswered > 0 || busy > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          LOG.warn("shutdown grace period over with {} request(s) unanswered", unanswered);
          return false;
        }
        settled.awaitNanos(left);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  @PreDestroy
  @Override
  public void close() {
    drain(config.shutdownGrace());
    workers.close();
    timers.close();
  }
}
