package io.mcdrop.server.batching;

import io.mcdrop.server.errors.ServerBusyException;
import java.util.AbstractList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounded queue in front of the workers, and its waiting room.
 *
 * <p>A request is queued whole while fewer than {@code capacity} inputs are queued (so one request
 * larger than the queue is still accepted when the queue has room). Otherwise it may wait in a
 * waiting room holding at most {@code capacity} inputs, for a slot to free within the queue wait
 * (the scheduler's one-shot timer then calls {@link #expire}); beyond that it is refused with 429.
 * After {@link #close()} every request is refused with 503.
 *
 * <p>Not thread-safe: the scheduler calls it under its lock.
 */
final class Admission {
  /** Where an admitted request went. */
  enum Place {
    QUEUED,
    WAITING
  }

  private final int capacity;
  private final int maxBatch;
  private List<Job> queue = new ArrayList<>();
  private final ArrayDeque<Submission> waiting = new ArrayDeque<>();
  private int waitingJobs;
  private boolean accepting = true;

  Admission(int capacity, int maxBatch) {
    this.capacity = capacity;
    this.maxBatch = maxBatch;
  }

  /** Queues the request, parks it in the waiting room, or refuses it (ServerBusyException). */
  Place offer(Submission s) {
    if (!accepting) {
      throw ServerBusyException.shuttingDown();
    }
    if (queue.size() < capacity) {
      queue.addAll(s.jobs);
      return Place.QUEUED;
    }
    if (waitingJobs < capacity) {
      waiting.add(s);
      waitingJobs += s.size();
      return Place.WAITING;
    }
    throw ServerBusyException.queueFull(capacity, 0);
  }

  /**
   * Takes the next batch for a worker (see {@link BatchPolicy}); empty when nothing is queued.
   * Inputs of requests already answered (timed out, or failed on another input) are dropped.
   */
  List<Job> take(int idleWorkers) {
    if (queue.stream().anyMatch(j -> j.submission.done())) {
      queue = new ArrayList<>(queue.stream().filter(j -> !j.submission.done()).toList());
    }
    List<Job> view = queue;
    List<Integer> picked =
        BatchPolicy.select(
            new AbstractList<>() {
              @Override
              public BatchKey get(int i) {
                return view.get(i).key();
              }

              @Override
              public int size() {
                return view.size();
              }
            },
            maxBatch,
            idleWorkers);
    if (picked.isEmpty()) {
      return List.of();
    }
    List<Job> batch = new ArrayList<>(picked.size());
    if (picked.size() == 1 && picked.get(0) == 0) {
      batch.add(queue.remove(0));
    } else {
      List<Job> rest = new ArrayList<>(queue.size() - picked.size());
      int p = 0;
      for (int i = 0; i < queue.size(); i++) {
        if (p < picked.size() && picked.get(p) == i) {
          batch.add(queue.get(i));
          p++;
        } else {
          rest.add(queue.get(i));
        }
      }
      queue = rest;
    }
    refill();
    return batch;
  }

  /** Removes the request's inputs that have not been taken; returns whether any were. */
  boolean withdraw(Submission s) {
    boolean removed = false;
    if (waiting.remove(s)) {
      waitingJobs -= s.size();
      removed = true;
    }
    int before = queue.size();
    queue.removeIf(j -> j.submission == s);
    removed |= queue.size() != before;
    refill();
    return removed;
  }

  /** The waiting room's time for this request is up: true if it was still waiting (now removed). */
  boolean expire(Submission s) {
    if (waiting.remove(s)) {
      waitingJobs -= s.size();
      return true;
    }
    return false;
  }

  /** Moves waiting requests into freed queue slots, oldest first. */
  private void refill() {
    while (queue.size() < capacity && !waiting.isEmpty()) {
      Submission s = waiting.poll();
      waitingJobs -= s.size();
      queue.addAll(s.jobs);
    }
  }

  /** Inputs queued or waiting. */
  int depth() {
    return queue.size() + waitingJobs;
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  /** Refuses every request from now on (shutdown); what is queued still runs. */
  void close() {
    accepting = false;
  }

  boolean accepting() {
    return accepting;
  }

  int capacity() {
    return capacity;
  }
}
