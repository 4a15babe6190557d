package io.mcdrop.server.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mcdrop.runtime.mc.McOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The batching rule alone: a pure function of the queued keys, the batch limit and idle workers.
 */
class BatchPolicyTest {
  private static final BatchKey A = new BatchKey("m", McOptions.samples(30));
  private static final BatchKey B = new BatchKey("m", McOptions.samples(10));
  private static final BatchKey OTHER_MODEL = new BatchKey("n", McOptions.samples(30));
  private static final BatchKey SEEDED = new BatchKey("m", McOptions.samples(30).withSeed(7L));

  private static List<BatchKey> times(BatchKey k, int n) {
    List<BatchKey> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(k);
    }
    return l;
  }

  @Test
  void anEmptyQueueGivesNothing() {
    assertEquals(List.of(), BatchPolicy.select(List.of(), 32, 1));
  }

  @Test
  void aLoneRequestGoesAloneAtOnce() {
    assertEquals(List.of(0), BatchPolicy.select(List.of(A), 32, 1));
  }

  @Test
  void theOnlyIdleWorkerTakesEverythingOfTheOldestKeyUpToTheLimit() {
    List<BatchKey> q = List.of(A, B, A, OTHER_MODEL, A, B);
    assertEquals(List.of(0, 2, 4), BatchPolicy.select(q, 32, 1));
    assertEquals(List.of(0, 2), BatchPolicy.select(q, 2, 1));
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), BatchPolicy.select(times(A, 40), 8, 1));
  }

  @Test
  void idleWorkersShareTheQueueInsteadOfOneBatchingIt() {
    // Two idle workers and four requests: two each, so both run at once.
    assertEquals(List.of(0, 1), BatchPolicy.select(times(A, 4), 32, 2));
    // As many idle workers as requests: no batching at all.
    assertEquals(List.of(0), BatchPolicy.select(times(A, 3), 32, 3));
    assertEquals(List.of(0), BatchPolicy.select(times(A, 2), 32, 4));
    // Odd counts round up, so nothing is left without a worker.
    assertEquals(List.of(0, 1, 2), BatchPolicy.select(times(A, 5), 32, 2));
  }

  @Test
  void seededRequestsAndDisabledBatchingNeverCoalesce() {
    assertEquals(List.of(0), BatchPolicy.select(List.of(SEEDED, SEEDED, SEEDED), 32, 1));
    assertEquals(List.of(0), BatchPolicy.select(times(A, 10), 1, 1));
  }

  @Test
  void theOldestRequestAlwaysGoesFirst() {
    assertEquals(List.of(0, 2), BatchPolicy.select(List.of(B, A, B, A), 32, 1));
  }

  @Test
  void nonsenseArgumentsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> BatchPolicy.select(List.of(A), 0, 1));
    assertThrows(IllegalArgumentException.class, () -> BatchPolicy.select(List.of(A), 4, 0));
  }
}
