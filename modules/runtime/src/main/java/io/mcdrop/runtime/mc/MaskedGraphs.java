package io.mcdrop.runtime.mc;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.graph.FusedTrunk;
import io.mcdrop.onnx.rewrite.DropoutMasks;
import io.mcdrop.runtime.graph.GraphVariants;
import io.mcdrop.runtime.sampling.InputLayout;
import io.mcdrop.runtime.sampling.MaskSource;
import io.mcdrop.runtime.sampling.TiledBatch;
import io.mcdrop.runtime.session.Feed;
import io.mcdrop.runtime.session.Graph;
import io.mcdrop.runtime.session.OrtRunner;
import io.mcdrop.runtime.session.Outputs;
import io.mcdrop.runtime.session.SessionFactory;
import io.mcdrop.runtime.session.SessionSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * MC sampling on fed masks: the stochastic graph variants with fed dropout masks ({@link
 * DropoutMasks}), opened once and shared by every seeded request (and on the CPU by every MC
 * request, see {@code Samplers}), and the row shape of each mask (measured by one deterministic run
 * that exposes the Dropout inputs). Before this, a seed meant new ONNX Runtime sessions per request
 * (their RNG cannot be reset): about 20× the cost of an unseeded prediction of a small model.
 */
final class MaskedGraphs implements AutoCloseable {
  final SessionSet sessions;
  final List<MaskSource.Spec> specs;

  /** The masked fused graph's description (its repeat inputs), or null without a fused graph. */
  final FusedTrunk fused;

  private MaskedGraphs(SessionSet sessions, List<MaskSource.Spec> specs, FusedTrunk fused) {
    this.sessions = sessions;
    this.specs = List.copyOf(specs); // MaskSource copies it per request: a no-op on this one
    this.fused = fused;
  }

  /**
   * The masked variants, or null when a Dropout cannot take fed masks (then seeds use sessions).
   */
  static MaskedGraphs build(
      GraphVariants v,
      SessionFactory factory,
      OrtRunner runner,
      SessionSet shared,
      InputLayout input,
      boolean dynamicBatch) {
    var full = DropoutMasks.rewrite(v.ready());
    if (full.isEmpty()) {
      return null;
    }
    int count = full.get().masks().size();
    byte[] head = null;
    byte[] fused = null;
    FusedTrunk fusedTrunk = null;
    if (v.split() != null) {
      head = masked(v.split().head(), count);
      if (head == null) {
        return null;
      }
    }
    if (v.fused() != null) {
      var r = DropoutMasks.rewrite(v.fused().model());
      if (r.isEmpty() || r.get().masks().size() != count) {
        return null;
      }
      // the mask Muls broadcast the frontier row themselves: no Expand copies (measured, docs)
      Set<String> maskInputs = new HashSet<>();
      r.get().masks().forEach(mask -> maskInputs.add(mask.input()));
      fusedTrunk = v.fused().withBroadcastMasks(r.get().model(), maskInputs);
      fused = fusedTrunk.model().toByteArray();
    }
    List<MaskSource.Spec> specs;
    try {
      specs = measure(v.ready(), full.get().masks(), factory, runner, input, dynamicBatch ? 2 : 1);
    } catch (McdropException e) {
      return null;
    }
    if (specs == null) {
      return null;
    }
    SessionSet sessions = shared.seeded(factory, full.get().model().toByteArray(), head, fused);
    return new MaskedGraphs(sessions, specs, fusedTrunk);
  }

  private static byte[] masked(ModelProto model, int count) {
    var r = DropoutMasks.rewrite(model);
    return r.isPresent() && r.get().masks().size() == count ? r.get().model().toByteArray() : null;
  }

  /** Each mask's row shape, from one run of {@code rows} probe rows exposing the Dropout inputs. */
  private static List<MaskSource.Spec> measure(
      ModelProto ready,
      List<DropoutMasks.Mask> masks,
      SessionFactory factory,
      OrtRunner runner,
      InputLayout input,
      int rows) {
    List<String> tensors = masks.stream().map(DropoutMasks.Mask::dropoutInput).toList();
    try (Graph probe = factory.open(DropoutMasks.exposing(ready, tensors).toByteArray())) {
      TiledBatch b = new TiledBatch(1, 0, rows, false);
      float[][] items = LivenessCheck.probe(input.rowShape(), rows);
      Feed x = Feed.floats(input.name(), b.tile(items), b.shape(input.rowShape()));
      Outputs out = runner.run(probe, List.of(x), false, tensors);
      List<MaskSource.Spec> specs = new ArrayList<>();
      for (int k = 0; k < masks.size(); k++) {
        long[] shape = out.shapes()[k];
        if (shape.length < 1 || shape[0] != rows) {
          return null; // a Dropout input without a leading batch dimension
        }
        long[] row = Arrays.copyOfRange(shape, 1, shape.length);
        specs.add(new MaskSource.Spec(masks.get(k).input(), row, masks.get(k).ratio()));
      }
      return specs;
    }
  }

  @Override
  public void close() {
    sessions.close();
  }
}
