package io.mcdrop.server.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.server.support.Conditions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The worker threads on their own: a thread that dies is replaced, and liveness is counted. */
class WorkersTest {

  @Test
  void aThreadKilledByATaskIsReplacedAndWorkGoesOn() throws Exception {
    try (Workers w = new Workers(2, Thread::new)) {
      w.start();
      assertEquals(2, w.live());
      CompletableFuture<Thread> victim = new CompletableFuture<>();
      w.execute(
          () -> {
            victim.complete(Thread.currentThread());
            throw new OutOfMemoryError("escaped a task on purpose");
          });
      Thread dead = victim.get(30, TimeUnit.SECONDS);
      dead.join(TimeUnit.SECONDS.toMillis(30));
      assertTrue(!dead.isAlive(), "the thread must have died");
      Conditions.await("a replacement thread", () -> w.live() == 2);
      CompletableFuture<Thread> next = new CompletableFuture<>();
      CompletableFuture<Thread> other = new CompletableFuture<>();
      w.execute(() -> next.complete(Thread.currentThread()));
      w.execute(() -> other.complete(Thread.currentThread()));
      assertNotEquals(dead, next.get(30, TimeUnit.SECONDS));
      assertNotEquals(dead, other.get(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void noThreadsMeansNoLiveWorkers() {
    try (Workers w = new Workers(2, r -> null)) {
      w.start();
      assertEquals(0, w.live());
    }
  }
}
