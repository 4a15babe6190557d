package io.mcdrop.runtime.mc;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.mcdrop.onnx.graph.FrontierSplit;
import io.mcdrop.runtime.session.SessionFactory;

/**
 * The sessions one set of samples is drawn from: the whole model, and trunk and head when the model
 * splits. Seeded sessions are fresh per request (ONNX Runtime's dropout RNG cannot be reset), the
 * unseeded ones are shared by all requests.
 */
final class ModelSessions implements AutoCloseable {
  final OrtSession full;
  final OrtSession trunk;
  final OrtSession head;

  /** Trunk and tiled head in one graph (see {@link io.mcdrop.onnx.graph.FusedTrunk}), or null. */
  final OrtSession fused;

  private final boolean ownsTrunk;

  private ModelSessions(
      OrtSession full, OrtSession trunk, OrtSession head, OrtSession fused, boolean ownsTrunk) {
    this.full = full;
    this.trunk = trunk;
    this.head = head;
    this.fused = fused;
    this.ownsTrunk = ownsTrunk;
  }

  static ModelSessions open(
      SessionFactory factory, byte[] full, FrontierSplit split, byte[] fusedModel) {
    OrtSession f = factory.create(full);
    OrtSession t = null;
    OrtSession h = null;
    OrtSession u = null;
    try {
      if (split != null) {
        t = factory.create(split.trunk().toByteArray());
        h = factory.create(split.head().toByteArray());
      }
      if (fusedModel != null) {
        u = factory.create(fusedModel);
      }
    } catch (RuntimeException e) {
      closeQuietly(f);
      closeQuietly(t);
      closeQuietly(h);
      throw e;
    }
    return new ModelSessions(f, t, h, u, true);
  }

  /** Fresh sessions on seeded graphs, sharing this trunk (it has no dropout). */
  ModelSessions seeded(
      SessionFactory factory, byte[] seededFull, byte[] seededHead, byte[] seededFused) {
    OrtSession f = factory.create(seededFull);
    OrtSession h = null;
    OrtSession u = null;
    try {
      if (seededHead != null) {
        h = factory.create(seededHead);
      }
      if (seededFused != null) {
        u = factory.create(seededFused);
      }
    } catch (RuntimeException e) {
      closeQuietly(f);
      closeQuietly(h);
      throw e;
    }
    return new ModelSessions(f, trunk, h, u, false);
  }

  @Override
  public void close() {
    closeQuietly(full);
    closeQuietly(head);
    closeQuietly(fused);
    if (ownsTrunk) {
      closeQuietly(trunk);
    }
  }

  private static void closeQuietly(OrtSession s) {
    if (s != null) {
      try {
        s.close();
      } catch (OrtException e) {
        // closing twice or after a native failure: nothing left to release
      }
    }
  }
}
