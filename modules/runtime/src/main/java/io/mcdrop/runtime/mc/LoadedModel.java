package io.mcdrop.runtime.mc;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.graph.FrontierSplit;
import io.mcdrop.onnx.inspect.ModelInspector;
import io.mcdrop.onnx.inspect.ModelReport;
import io.mcdrop.onnx.rewrite.McReadyRewriter;
import io.mcdrop.runtime.graph.GraphVariants;
import io.mcdrop.runtime.model.ModelInfo;
import io.mcdrop.runtime.model.ModelSignature;
import io.mcdrop.runtime.sampling.InputLayout;
import io.mcdrop.runtime.sampling.TileFeed;
import io.mcdrop.runtime.sampling.Tiler;
import io.mcdrop.runtime.session.Graph;
import io.mcdrop.runtime.session.OrtRunner;
import io.mcdrop.runtime.session.SessionFactory;
import io.mcdrop.runtime.session.SessionSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a loaded model consists of, built in order: inspect and rewrite the graph (MC-ready),
 * read its {@link ModelSignature}, build its {@link GraphVariants}, open the {@link SessionSet},
 * measure the class count, check dropout is alive, and describe it as a {@link ModelInfo}. Closing
 * releases sessions and flag tensors once; a failure while loading closes what was opened.
 */
final class LoadedModel implements AutoCloseable {
  final SessionFactory factory;
  final OrtRunner runner;
  final Tiler tiler;
  final GraphVariants variants;
  final SessionSet shared;
  final ModelSignature signature;
  final InputLayout input;
  final ModelInfo info;

  /** Tiles runs with fed masks: no burn-in row, the masks carry no ONNX Runtime RNG. */
  final Tiler maskedTiler;

  private MaskedGraphs masked;
  private boolean maskedTried;

  LoadedModel(ModelProto original, String name, EngineConfig config, String disabledOptimizers) {
    ModelReport report = ModelInspector.inspect(original);
    McReadyRewriter.Result rewritten =
        McReadyRewriter.rewrite(original, McReadyRewriter.Options.forRuntime());
    ModelProto ready = rewritten.model();
    this.signature = ModelSignature.of(ready, config.preprocessing());
    this.input = new InputLayout(signature.inputName(), signature.rowShape());
    this.factory = new SessionFactory(config.provider(), config.threads(), disabledOptimizers);
    this.runner = new OrtRunner(factory);
    boolean dynamic = signature.dynamicBatch();
    this.tiler = new Tiler(runner, config.maxBatchRows(), dynamic);
    this.maskedTiler = new Tiler(runner, config.maxBatchRows(), false);
    SessionSet opened = null;
    try {
      this.variants =
          GraphVariants.of(ready, rewritten.hasDropout(), dynamic, this::measureFrontier);
      GraphVariants.Bytes b = variants.bytes();
      opened = SessionSet.open(factory, b.full(), b.trunk(), b.head(), b.fused());
      this.shared = opened;
      int classes = classes(dynamic ? 2 : 1);
      List<String> labels = signature.labels(classes, config.labels());
      if (rewritten.hasDropout()) {
        LivenessCheck.verify(tiler, shared, input, dynamic, variants.split(), variants.fused());
      }
      this.info =
          new ModelInfo(
              name,
              signature.inputName(),
              signature.rowShape(),
              classes,
              labels,
              signature.preprocessing(),
              rewritten.dropoutNodes(),
              rewritten.hasDropout(),
              variants.split() != null,
              dynamic,
              factory.effectiveProvider().toString(),
              report);
    } catch (RuntimeException e) {
      if (opened != null) {
        opened.close();
      }
      runner.close();
      throw e;
    }
  }

  private int classes(int probeRows) {
    long[] outShape =
        tiler.outputShape(
            shared.full(), input.feed(LivenessCheck.probe(input.rowShape(), probeRows)));
    if (outShape.length != 2 || outShape[1] < 2) {
      throw new McdropException(
          ErrorCode.NOT_A_CLASSIFIER,
          "model output '"
              + signature.outputName()
              + "' has shape "
              + Arrays.toString(outShape)
              + "; mcdrop needs class scores shaped [N, K] with K >= 2");
    }
    return (int) outShape[1];
  }

  /** One trunk run on a probe row: the frontier's row shapes, or null if they cannot be read. */
  private Map<String, long[]> measureFrontier(FrontierSplit s) {
    try (Graph trunk = factory.open(s.trunk().toByteArray())) {
      TileFeed probe = input.feed(LivenessCheck.probe(input.rowShape(), 1));
      Map<String, TileFeed> out = tiler.runTrunk(trunk, probe, s.trunkOutputs());
      Map<String, long[]> rows = new HashMap<>();
      for (TileFeed f : out.values()) {
        if (Arrays.stream(f.rowShape()).reduce(1, (a, b) -> a * b) != f.rowSize()) {
          return null; // an output without a leading batch dimension
        }
        rows.put(f.name(), f.rowShape());
      }
      return rows;
    } catch (McdropException e) {
      return null;
    }
  }

  /** The shared masked graphs for fed-mask MC runs, built on first use; null if impossible. */
  synchronized MaskedGraphs masked() {
    if (!maskedTried) {
      maskedTried = true;
      masked =
          MaskedGraphs.build(variants, factory, runner, shared, input, signature.dynamicBatch());
    }
    return masked;
  }

  @Override
  public synchronized void close() {
    if (masked != null) {
      masked.close();
    }
    shared.close();
    runner.close();
  }
}
