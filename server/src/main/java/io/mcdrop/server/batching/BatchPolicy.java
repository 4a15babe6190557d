package io.mcdrop.server.batching;

import java.util.ArrayList;
import java.util.List;

/**
 * Which queued inputs a free worker takes next: a pure function of the queue (tested on its own).
 *
 * <p>The oldest input always goes first. Inputs with the same coalescable {@link BatchKey} join it
 * only as far as batching pays: the queued inputs of that key are shared out among the idle workers
 * (this one included), so an idle worker is never left waiting while another runs a batch, and when
 * every other worker is busy the free one takes everything of that key (up to {@code maxBatch}). No
 * worker ever waits for more inputs to arrive: batches form only from what queued up while all
 * workers were busy, so a lone request is never delayed.
 */
final class BatchPolicy {
  private BatchPolicy() {}

  /**
   * The positions in {@code queue} (oldest first) that one worker takes, ascending; empty when the
   * queue is.
   *
   * @param queue the keys of the queued inputs, oldest first
   * @param maxBatch most inputs one engine call may take (1 disables batching)
   * @param idleWorkers workers free to take work now, counting the one asking (at least 1)
   */
  static List<Integer> select(List<BatchKey> queue, int maxBatch, int idleWorkers) {
    if (maxBatch < 1 || idleWorkers < 1) {
      throw new IllegalArgumentException(
          "maxBatch and idleWorkers must be >= 1, got " + maxBatch + " and " + idleWorkers);
    }
    List<Integer> out = new ArrayList<>();
    if (queue.isEmpty()) {
      return out;
    }
    BatchKey head = queue.get(0);
    out.add(0);
    if (!head.coalescable() || maxBatch == 1) {
      return out;
    }
    int same = 0;
    for (BatchKey k : queue) {
      if (k.equals(head)) {
        same++;
      }
    }
    int share = Math.min(maxBatch, (same + idleWorkers - 1) / idleWorkers);
    for (int i = 1; i < queue.size() && out.size() < share; i++) {
      if (queue.get(i).equals(head)) {
        out.add(i);
      }
    }
    return out;
  }
}
