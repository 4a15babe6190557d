package io.mcdrop.runtime.session;

/**
 * The sessions one set of samples is drawn from: the whole model, and trunk and head when the model
 * splits, and the fused trunk-cached graph for single images. The engine's shared set owns all of
 * them; a seeded set (fresh sessions on seeded graphs) borrows the shared trunk, which has no
 * dropout. {@link #close()} closes what the set owns, once.
 */
public final class SessionSet implements AutoCloseable {
  private final Graph full;
  private final Graph trunk;
  private final Graph head;
  private final Graph fused;
  private final boolean ownsTrunk;
  private boolean closed;

  private SessionSet(Graph full, Graph trunk, Graph head, Graph fused, boolean ownsTrunk) {
    this.full = full;
    this.trunk = trunk;
    this.head = head;
    this.fused = fused;
    this.ownsTrunk = ownsTrunk;
  }

  /**
   * Opens sessions on the given graph bytes; {@code trunk}, {@code head} and {@code fused} may be
   * null (no split, no fused graph). A failure closes what was opened.
   */
  public static SessionSet open(
      SessionFactory factory, byte[] full, byte[] trunk, byte[] head, byte[] fused) {
    Graph f = factory.open(full);
    Graph t = null;
    Graph h = null;
    Graph u = null;
    try {
      t = trunk == null ? null : factory.open(trunk);
      h = head == null ? null : factory.open(head);
      u = fused == null ? null : factory.open(fused);
      return new SessionSet(f, t, h, u, true);
    } catch (RuntimeException e) {
      closeAll(f, t, h, u);
      throw e;
    }
  }

  /** Fresh sessions on seeded graphs, sharing this set's trunk. */
  public SessionSet seeded(SessionFactory factory, byte[] full, byte[] head, byte[] fused) {
    Graph f = factory.open(full);
    Graph h = null;
    Graph u = null;
    try {
      h = head == null ? null : factory.open(head);
      u = fused == null ? null : factory.open(fused);
      return new SessionSet(f, trunk, h, u, false);
    } catch (RuntimeException e) {
      closeAll(f, h, u);
      throw e;
    }
  }

  public Graph full() {
    return full;
  }

  /** The deterministic trunk, or null when the model does not split. */
  public Graph trunk() {
    return trunk;
  }

  /** The stochastic head, or null when the model does not split. */
  public Graph head() {
    return head;
  }

  /** The fused trunk-and-broadcast-head graph, or null. */
  public Graph fused() {
    return fused;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeAll(full, head, fused);
    if (ownsTrunk) {
      closeAll(trunk);
    }
  }

  private static void closeAll(Graph... graphs) {
    for (Graph g : graphs) {
      if (g != null) {
        g.close();
      }
    }
  }
}
