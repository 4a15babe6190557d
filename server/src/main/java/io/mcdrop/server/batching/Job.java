package io.mcdrop.server.batching;

import java.util.function.Supplier;

/**
 * One input of a {@link Submission}, queued for a worker. The input is produced by {@code input} on
 * the worker, so image decoding also runs off the event loop.
 */
final class Job {
  final Submission submission;
  final int index;
  final Supplier<float[]> input;

  Job(Submission submission, int index, Supplier<float[]> input) {
    this.submission = submission;
    this.index = index;
    this.input = input;
  }

  BatchKey key() {
    return submission.key;
  }
}
