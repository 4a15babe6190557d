package io.mcdrop.trainer.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker pool: every index once, a fixed partition, failures passed on, nested calls. */
class ParallelTest {
  @AfterEach
  void oneThread() {
    Parallel.setThreads(1);
  }

  /** Worker index of every position, as one call splits [0, count). */
  private static int[] owners(int count) {
    int[] owner = new int[count];
    java.util.Arrays.fill(owner, -1);
    Parallel.range(
        count,
        (from, to, worker) -> {
          for (int i = from; i < to; i++) {
            owner[i] += worker + 1; // -1 + (worker + 1): a second visit would show
          }
        });
    return owner;
  }

  @Test
  void everyIndexOnceInContiguousPartsInWorkerOrder() {
    Parallel.setThreads(3);
    for (int round = 0; round < 200; round++) {
      int[] owner = owners(10);
      assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 2, 2, 2, 2}, owner);
    }
    assertArrayEquals(new int[] {0, 1}, owners(2));
  }

  @Test
  void aNestedCallRunsTheSamePartsOnTheCallingThread() {
    Parallel.setThreads(2);
    int[][] inner = new int[2][];
    Parallel.range(
        2,
        (from, to, worker) -> {
          inner[worker] = owners(6);
        });
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, inner[0]);
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, inner[1]);
  }

  @Test
  void concurrentCallersGetTheSameResults() throws Exception {
    Parallel.setThreads(2);
    int callers = 3;
    CountDownLatch go = new CountDownLatch(1);
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread[] ts = new Thread[callers];
    for (int c = 0; c < callers; c++) {
      ts[c] =
          new Thread(
              () -> {
                try {
                  go.await();
                  for (int r = 0; r < 300; r++) {
                    int[] owner = owners(8);
                    assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1}, owner);
                  }
                } catch (Throwable t) {
                  failed.set(t);
                }
              });
      ts[c].start();
    }
    go.countDown();
    for (Thread t : ts) {
      t.join();
    }
    if (failed.get() != null) {
      throw new AssertionError(failed.get());
    }
  }

  @Test
  void aFailureInAWorkerReachesTheCaller() {
    Parallel.setThreads(2);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Parallel.range(
                    4,
                    (from, to, worker) -> {
                      if (worker == 1) {
                        throw new IllegalStateException("part " + from);
                      }
                    }));
    assertEquals("part 2", e.getMessage());
    // The pool still works afterwards.
    assertArrayEquals(new int[] {0, 0, 1, 1}, owners(4));
  }

  @Test
  void changingTheThreadCountReplacesTheWorkers() {
    Parallel.setThreads(2);
    assertArrayEquals(new int[] {0, 1}, owners(2));
    Parallel.setThreads(4);
    assertArrayEquals(new int[] {0, 1, 2, 3}, owners(4));
    Parallel.setThreads(1);
    assertArrayEquals(new int[] {0, 0, 0, 0}, owners(4));
  }
}
