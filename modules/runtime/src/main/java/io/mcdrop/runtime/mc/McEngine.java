package io.mcdrop.runtime.mc;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.metrics.Softmax;
import io.mcdrop.onnx.McDropout;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.contract.ContractJson;
import io.mcdrop.onnx.contract.MetadataKeys;
import io.mcdrop.onnx.contract.PreprocessSpec;
import io.mcdrop.onnx.graph.FrontierSplit;
import io.mcdrop.onnx.graph.FusedTrunk;
import io.mcdrop.onnx.graph.GraphIndex;
import io.mcdrop.onnx.graph.StochasticFrontier;
import io.mcdrop.onnx.inspect.ModelInspector;
import io.mcdrop.onnx.inspect.ModelReport;
import io.mcdrop.onnx.rewrite.McReadyRewriter;
import io.mcdrop.runtime.calibration.CalibrationSpec;
import io.mcdrop.runtime.calibration.ModelCalibration;
import io.mcdrop.runtime.model.ModelInfo;
import io.mcdrop.runtime.preprocess.Preprocessing;
import io.mcdrop.runtime.session.SessionFactory;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.runtime.stats.SampleSet;
import io.mcdrop.runtime.stats.Uncertainty;
import io.mcdrop.runtime.verdict.VerdictPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Monte Carlo dropout on any ONNX classifier.
 *
 * <p>Loading makes an MC-ready copy of the graph (see {@link McReadyRewriter}), opens ONNX Runtime
 * sessions that keep Dropout alive, splits the graph at its stochastic frontier when that pays, and
 * then <em>checks</em> that dropout really is alive: two tiled copies of one input must differ when
 * {@code mc_dropout} is true. ONNX Runtime ignores a misspelt optimizer name silently, so without
 * the check MC sampling could quietly return T identical samples.
 *
 * <p>One engine is safe to share between threads: ONNX Runtime sessions are, and every request
 * keeps its own state. Seeded requests use fresh sessions (the only way to restart ONNX Runtime's
 * dropout RNG), which costs a session creation per request.
 */
public final class McEngine implements AutoCloseable {
  private static final int LIVENESS_ROWS = 64;
  private static final int LIVENESS_RUNS = 16;
  private static final int LIVENESS_ATTEMPTS = 4;

  private final SessionFactory factory;
  private final ModelProto ready;
  private final byte[] readyBytes;
  private final FrontierSplit split;
  private final FusedTrunk fusedTrunk;
  private final ModelSessions shared;
  private final ModelInfo info;
  private final boolean outputIsProbability;
  private final boolean outputIsLogProbability;
  private final OnnxTensor mcTrue;
  private final OnnxTensor mcFalse;
  private final SampleDrawer drawer;
  private final String inputName;
  private final long[] rowShape;
  private final ModelCalibration calibration;
  private volatile boolean closed;

  private McEngine(
      ModelProto original, String name, EngineConfig config, String disabledOptimizers) {
    ModelReport report = ModelInspector.inspect(original);
    McReadyRewriter.Result rewritten =
        McReadyRewriter.rewrite(original, McReadyRewriter.Options.forRuntime());
    this.ready = rewritten.model();
    this.readyBytes = ready.toByteArray();
    this.factory = new SessionFactory(config.provider(), config.threads(), disabledOptimizers);
    GraphIndex index = new GraphIndex(ready.getGraph());
    ValueInfoProto input = singleDataInput(index);
    long[] declared = dims(input);
    boolean dynamicBatch = declared.length > 0 && declared[0] <= 0;
    if (declared.length < 2) {
      throw new McdropException(
          ErrorCode.NOT_A_CLASSIFIER,
          "model input '"
              + input.getName()
              + "' has rank "
              + declared.length
              + "; mcdrop needs a batch of images [N, C, H, W] (or feature rows [N, D])");
    }
    if (!dynamicBatch && declared[0] != 1) {
      throw new McdropException(
          ErrorCode.NOT_A_CLASSIFIER,
          "model input '"
              + input.getName()
              + "' has a fixed batch of "
              + declared[0]
              + "; export it with a dynamic batch dimension (dynamic_axes) or batch 1");
    }
    Preprocessing pre = preprocessing(config, ready, declared);
    long[] rowShape = rowShape(declared, pre, input.getName());
    this.inputName = input.getName();
    this.calibration = ModelCalibration.of(original);
    this.rowShape = rowShape;
    List<String> labelsFromMeta = metadataLabels(ready);

    FrontierSplit found =
        rewritten.hasDropout() && dynamicBatch
            ? StochasticFrontier.split(ready).filter(s -> s.trunkNodes() > 0).orElse(null)
            : null;
    this.split = found == null ? null : withFrontierShapes(found, input.getName(), rowShape);
    String outName = ready.getGraph().getOutput(0).getName();
    int producer = index.producerOf(outName);
    NodeProto last = producer >= 0 ? index.node(producer) : null;
    while (last != null && last.getOpType().equals("Identity")) {
      int p = index.producerOf(last.getInput(0));
      last = p >= 0 ? index.node(p) : null;
    }
    this.outputIsProbability = last != null && last.getOpType().equals("Softmax");
    this.outputIsLogProbability = last != null && last.getOpType().equals("LogSoftmax");
    try {
      this.mcTrue = OnnxTensor.createTensor(factory.environment(), true);
      this.mcFalse = OnnxTensor.createTensor(factory.environment(), false);
    } catch (OrtException e) {
      throw new McdropException(ErrorCode.INTERNAL, "cannot create ONNX Runtime tensors", e);
    }
    this.drawer =
        new SampleDrawer(
            factory.environment(), mcTrue, mcFalse, config.maxBatchRows(), dynamicBatch);
    this.fusedTrunk = split == null ? null : FusedTrunk.of(ready, split).orElse(null);
    this.shared =
        ModelSessions.open(
            factory,
            readyBytes,
            split,
            fusedTrunk == null ? null : fusedTrunk.model().toByteArray());
    try {
      SampleDrawer.Feed probe = probeFeed(input.getName(), rowShape, dynamicBatch ? 2 : 1);
      long[] outShape = drawer.outputShape(shared.full, List.of(probe));
      if (outShape.length != 2 || outShape[1] < 2) {
        throw new McdropException(
            ErrorCode.NOT_A_CLASSIFIER,
            "model output '"
                + outName
                + "' has shape "
                + Arrays.toString(outShape)
                + "; mcdrop needs class scores shaped [N, K] with K >= 2");
      }
      int classes = (int) outShape[1];
      List<String> labels = config.labels() != null ? config.labels() : labelsFromMeta;
      if (labels != null && labels.size() != classes) {
        throw new McdropException(
            config.labels() != null ? ErrorCode.BAD_OPTION : ErrorCode.MODEL_INVALID,
            labels.size()
                + " labels given ("
                + (config.labels() != null ? "--labels" : "model metadata")
                + ") but the model has "
                + classes
                + " classes");
      }
      if (labels == null) {
        labels = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
          labels.add(Integer.toString(i));
        }
      }
      if (rewritten.hasDropout()) {
        verifyDropoutAlive(input.getName(), rowShape, dynamicBatch);
      }
      this.info =
          new ModelInfo(
              name,
              input.getName(),
              rowShape,
              classes,
              List.copyOf(labels),
              pre,
              rewritten.dropoutNodes(),
              rewritten.hasDropout(),
              split != null,
              dynamicBatch,
              factory.effectiveProvider().toString(),
              report);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Loads an ONNX file; the model is named after the file stem. */
  public static McEngine load(Path file, EngineConfig config) {
    String stem = file.getFileName().toString().replaceFirst("\\.onnx$", "");
    return load(OnnxModels.read(file), stem, config);
  }

  public static McEngine load(ModelProto model, String name, EngineConfig config) {
    return new McEngine(model, name, config, SessionFactory.ELIMINATE_DROPOUT);
  }

  /** For tests: load with a different ONNX Runtime optimizer exclusion list. */
  static McEngine loadWithDisabledOptimizers(
      ModelProto model, String name, EngineConfig config, String disabledOptimizers) {
    return new McEngine(model, name, config, disabledOptimizers);
  }

  public ModelInfo info() {
    return info;
  }

  /** A one-line remark for the user (e.g. provider fallback), or null. */
  public String notice() {
    return factory.notice();
  }

  /** The strategy {@code requested} resolves to for this model. */
  public Strategy resolve(Strategy requested) {
    if (requested == Strategy.AUTO) {
      return split != null
          ? Strategy.TRUNK_CACHED
          : info.dynamicBatch() ? Strategy.BATCHED : Strategy.LOOP;
    }
    if (requested == Strategy.TRUNK_CACHED && split == null) {
      return info.dynamicBatch() ? Strategy.BATCHED : Strategy.LOOP;
    }
    if (requested == Strategy.BATCHED && !info.dynamicBatch()) {
      return Strategy.LOOP;
    }
    return requested;
  }

  public Prediction predict(float[] input, McOptions options) {
    return predictAll(List.of(input), options).get(0);
  }

  /**
   * Predicts several inputs in one go: their samples share ONNX Runtime runs (the server's dynamic
   * batching relies on this). With a tolerance, each input stops on its own once converged.
   */
  public List<Prediction> predictAll(List<float[]> inputs, McOptions options) {
    checkOpen();
    if (inputs.isEmpty()) {
      return List.of();
    }
    for (float[] in : inputs) {
      validate(in);
    }
    if (!options.deterministic() && !info.mcCapable()) {
      throw noDropout();
    }
    // The stored calibration applies unless turned off or replaced by an explicit temperature.
    boolean calibrate =
        calibration != null
            && options.calibrated()
            && options.temperature() == 1.0
            && calibration.mode(options.samples()) != null;
    VerdictPolicy policy =
        options.verdictPolicy() != null
            ? options.verdictPolicy()
            : calibrate ? calibration.verdictPolicy() : VerdictPolicy.DEFAULT;
    if (calibrate) {
      options = options.withTemperature(calibration.mode(options.samples()).temperature());
    }
    float[][] items = inputs.toArray(new float[0][]);
    SampleSet[] sets = new SampleSet[items.length];
    for (int i = 0; i < items.length; i++) {
      sets[i] = new SampleSet(info.classes());
    }
    double temperature = options.temperature();
    if (options.deterministic()) {
      SampleDrawer.Rows rows = drawer.runTiled(shared.full, List.of(feed(items)), 1, false);
      addAll(rows, sets, identity(items.length), 1, temperature);
    } else if (options.seed() != null) {
      try (ModelSessions seeded = seededSessions(options.seed())) {
        sample(seeded, items, sets, options);
      }
    } else {
      sample(shared, items, sets, options);
    }
    String strategy =
        options.deterministic() ? "deterministic" : strategyName(resolve(options.strategy()));
    List<Prediction> out = new ArrayList<>();
    for (int i = 0; i < sets.length; i++) {
      Prediction p =
          Uncertainty.summarize(
              sets[i], info.labels(), options.topK(), options.keepRaw(), policy, strategy);
      if (calibrate) {
        p = calibration.attach(p, items[i], info.labels(), options.samples());
      } else if (options.temperature() != 1.0) {
        p = p.withTemperature(options.temperature());
      }
      out.add(p);
    }
    return out;
  }

  /**
   * Raw model outputs (before softmax) of {@code samples} MC draws of one input, [samples][K]: for
   * tests and diagnostics that need the exact output distribution.
   */
  public float[][] rawSamples(float[] input, int samples, Strategy strategy, Long seed) {
    checkOpen();
    validate(input);
    if (!info.mcCapable()) {
      throw noDropout();
    }
    float[][] items = {input};
    ModelSessions s = seed == null ? shared : seededSessions(seed);
    try {
      SampleDrawer.Rows rows =
          draw(s, resolve(strategy), items, identity(1), samples, new TrunkCache());
      float[][] out = new float[samples][rows.width()];
      for (int t = 0; t < samples; t++) {
        System.arraycopy(rows.values(), t * rows.width(), out[t], 0, rows.width());
      }
      return out;
    } finally {
      if (s != shared) {
        s.close();
      }
    }
  }

  private void sample(ModelSessions sessions, float[][] items, SampleSet[] sets, McOptions o) {
    Strategy strategy = resolve(o.strategy());
    int max = o.samples();
    // Adaptive sampling draws in chunks and re-checks the standard error after each one.
    int chunk = o.tolerance() > 0 ? Math.max(8, Math.min(64, max / 8)) : max;
    TrunkCache cache = new TrunkCache();
    int[] active = identity(items.length);
    int drawn = 0;
    while (active.length > 0 && drawn < max) {
      int n = Math.min(chunk, max - drawn);
      float[][] activeItems = new float[active.length][];
      for (int i = 0; i < active.length; i++) {
        activeItems[i] = items[active[i]];
      }
      SampleDrawer.Rows rows = draw(sessions, strategy, activeItems, active, n, cache);
      addAll(rows, sets, active, n, o.temperature());
      drawn += n;
      if (o.tolerance() > 0) {
        active =
            Arrays.stream(active)
                .filter(i -> sets[i].maxStandardError() >= o.tolerance())
                .toArray();
      }
    }
  }

  /** Frontier tensors per original item index, computed once per request. */
  private final class TrunkCache {
    private Map<String, SampleDrawer.Feed> byItem;
    private int[] itemsOf;

    List<SampleDrawer.Feed> feeds(ModelSessions sessions, float[][] activeItems, int[] active) {
      if (byItem == null) {
        byItem = drawer.runTrunk(sessions.trunk, List.of(feed(activeItems)), split.trunkOutputs());
        itemsOf = active.clone();
      }
      List<SampleDrawer.Feed> feeds = new ArrayList<>();
      for (String name : split.frontier()) {
        if (split.isPassThrough(name)) {
          feeds.add(new SampleDrawer.Feed(name, activeItems, rowShape));
        } else {
          SampleDrawer.Feed all = byItem.get(name);
          float[][] rows = new float[active.length][];
          for (int i = 0; i < active.length; i++) {
            rows[i] = all.items()[indexOf(itemsOf, active[i])];
          }
          feeds.add(new SampleDrawer.Feed(name, rows, all.rowShape()));
        }
      }
      return feeds;
    }
  }

  private SampleDrawer.Rows draw(
      ModelSessions s, Strategy strategy, float[][] items, int[] active, int n, TrunkCache cache) {
    return switch (strategy) {
      case TRUNK_CACHED ->
          items.length == 1 && s.fused != null
              ? drawer.runFused(s.fused, feed(items), fusedTrunk.repeats(), n)
              : drawer.runTiled(s.head, cache.feeds(s, items, active), n, true);
      case BATCHED -> drawer.runTiled(s.full, List.of(feed(items)), n, true);
      default -> loop(s, items, n);
    };
  }

  private SampleDrawer.Rows loop(ModelSessions s, float[][] items, int n) {
    return loop(s, items, n, info.dynamicBatch());
  }

  private SampleDrawer.Rows loop(ModelSessions s, float[][] items, int n, boolean dynamic) {
    float[] out = null;
    int width = 0;
    // One run per sample; items share a run when the batch is dynamic, else one run per item.
    for (int t = 0; t < n; t++) {
      for (int start = 0; start < items.length; ) {
        int count = dynamic ? items.length : 1;
        float[][] group = Arrays.copyOfRange(items, start, start + count);
        SampleDrawer.Rows r = drawer.runTiled(s.full, List.of(feed(group)), 1, true);
        if (out == null) {
          width = r.width();
          out = new float[items.length * n * width];
        }
        for (int a = 0; a < count; a++) {
          System.arraycopy(r.values(), a * width, out, ((start + a) * n + t) * width, width);
        }
        start += count;
      }
    }
    return new SampleDrawer.Rows(out, width);
  }

  private void addAll(
      SampleDrawer.Rows rows, SampleSet[] sets, int[] active, int n, double temperature) {
    int k = rows.width();
    float[] probs = new float[rows.values().length];
    for (int r = 0; r < rows.values().length / k; r++) {
      toProbabilities(rows.values(), r * k, k, probs, temperature);
    }
    for (int a = 0; a < active.length; a++) {
      for (int t = 0; t < n; t++) {
        sets[active[a]].add(probs, (a * n + t) * k);
      }
    }
  }

  /**
   * One sample's model output to probabilities at {@code temperature}: logits are divided by it
   * before the softmax; a model ending in (Log)Softmax has its log-probabilities divided instead
   * (softmax(log p / T) is temperature scaling of the logits that produced p).
   */
  private void toProbabilities(float[] out, int offset, int k, float[] probs, double temperature) {
    if (outputIsProbability) {
      if (temperature == 1.0) {
        System.arraycopy(out, offset, probs, offset, k);
        return;
      }
      for (int i = 0; i < k; i++) {
        probs[offset + i] = (float) Math.log(Math.max(out[offset + i], Float.MIN_NORMAL));
      }
      Softmax.apply(probs, offset, k, probs, temperature);
    } else if (outputIsLogProbability && temperature == 1.0) {
      for (int i = 0; i < k; i++) {
        probs[offset + i] = (float) Math.exp(out[offset + i]);
      }
    } else {
      Softmax.apply(out, offset, k, probs, temperature);
    }
  }

  /** The verdict thresholds for this model: the calibrated ones when it is calibrated. */
  public VerdictPolicy verdictPolicy() {
    return calibration != null ? calibration.verdictPolicy() : VerdictPolicy.DEFAULT;
  }

  /** The model's stored calibration ({@code mcdrop.calibration}), if it has one. */
  public java.util.Optional<CalibrationSpec> calibration() {
    return java.util.Optional.ofNullable(calibration).map(ModelCalibration::spec);
  }

  private static String strategyName(Strategy s) {
    return s.name().toLowerCase(java.util.Locale.ROOT);
  }

  private ModelSessions seededSessions(long seed) {
    byte[] full = McReadyRewriter.withSeed(ready, seed).toByteArray();
    byte[] head = split == null ? null : McReadyRewriter.withSeed(split.head(), seed).toByteArray();
    byte[] fused =
        fusedTrunk == null
            ? null
            : McReadyRewriter.withSeed(fusedTrunk.model(), seed).toByteArray();
    return shared.seeded(factory, full, head, fused);
  }

  private SampleDrawer.Feed feed(float[][] items) {
    return new SampleDrawer.Feed(inputName, items, rowShape);
  }

  private void validate(float[] input) {
    if (input.length != info.inputSize()) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "input has "
              + input.length
              + " values but the model takes "
              + info.inputSize()
              + " "
              + Arrays.toString(info.inputShape()));
    }
    for (float v : input) {
      if (!Float.isFinite(v)) {
        throw new McdropException(ErrorCode.BAD_INPUT, "input contains NaN or infinite values");
      }
    }
  }

  private McdropException noDropout() {
    return new McdropException(
        ErrorCode.NO_DROPOUT,
        "model '"
            + info.name()
            + "' has no Dropout layers, so MC sampling is impossible; ask for 1 sample"
            + " (deterministic inference), or export the model with its dropout kept"
            + " (PyTorch: model.eval(), then set only the nn.Dropout modules to .train(), and"
            + " torch.onnx.export(..., training=torch.onnx.TrainingMode.PRESERVE,"
            + " do_constant_folding=False, opset_version=17); or train it with 'mcdrop train')");
  }

  private void verifyDropoutAlive(String inputName, long[] rowShape, boolean dynamicBatch) {
    SampleDrawer.Feed probe = probeFeed(inputName, rowShape, 1);
    if (!dynamicBatch) {
      // a fixed batch of 1 cannot be tiled: compare a few separate runs instead
      checkAlive(
          () -> loop(shared, probe.items(), LIVENESS_RUNS, false),
          LIVENESS_RUNS + " runs",
          "model");
      return;
    }
    checkAlive(
        () -> drawer.runTiled(shared.full, List.of(probe), LIVENESS_ROWS, true),
        LIVENESS_ROWS + " tiled copies",
        "model");
    if (split != null) {
      List<SampleDrawer.Feed> feeds = new TrunkCache().feeds(shared, probe.items(), new int[] {0});
      checkAlive(
          () -> drawer.runTiled(shared.head, feeds, LIVENESS_ROWS, true),
          LIVENESS_ROWS + " tiled copies",
          "stochastic head");
    }
    if (shared.fused != null) {
      checkAlive(
          () -> drawer.runFused(shared.fused, probe, fusedTrunk.repeats(), LIVENESS_ROWS),
          LIVENESS_ROWS + " broadcast copies",
          "fused trunk-cached model");
    }
  }

  /**
   * Tiled copies of one input must not all agree when dropout is on. A small, low-rate dropout can
   * keep every unit in many rows by chance, so a few batches are tried before declaring it dead.
   */
  private static void checkAlive(
      java.util.function.Supplier<SampleDrawer.Rows> run, String samples, String what) {
    for (int attempt = 0; attempt < LIVENESS_ATTEMPTS; attempt++) {
      SampleDrawer.Rows rows = run.get();
      int w = rows.width();
      float[] v = rows.values();
      for (int r = 1; r < v.length / w; r++) {
        if (!Arrays.equals(v, 0, w, v, r * w, (r + 1) * w)) {
          return;
        }
      }
    }
    throw new McdropException(
        ErrorCode.DROPOUT_NOT_ALIVE,
        "dropout is not active in the "
            + what
            + " although mc_dropout=true: "
            + samples
            + " of one input gave identical outputs. ONNX Runtime removed the Dropout"
            + " nodes (its '"
            + SessionFactory.ELIMINATE_DROPOUT
            + "' rewrite was not disabled, or"
            + " this ONNX Runtime version names it differently)");
  }

  /**
   * Declares the frontier's shapes in the head when the model did not (PyTorch exports store no
   * intermediate shapes): measured by one trunk run on a probe input. Without them ONNX Runtime
   * leaves some layout optimizations out of the head, e.g. its NCHWc MaxPool after a conv. This
   * only speeds things up, so any failure keeps the split as it was.
   */
  private FrontierSplit withFrontierShapes(FrontierSplit s, String inputName, long[] rowShape) {
    if (!StochasticFrontier.missingFrontierShapes(s)) {
      return s;
    }
    SampleDrawer.Feed probe = probeFeed(inputName, rowShape, 1);
    long[] shape = new long[rowShape.length + 1];
    shape[0] = 1;
    System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
    try (ai.onnxruntime.OrtSession trunk = factory.create(s.trunk().toByteArray());
        OnnxTensor x =
            OnnxTensor.createTensor(
                factory.environment(), java.nio.FloatBuffer.wrap(probe.items()[0]), shape);
        ai.onnxruntime.OrtSession.Result r = trunk.run(Map.of(inputName, x))) {
      Map<String, long[]> rows = new java.util.HashMap<>();
      for (String out : s.trunkOutputs()) {
        var v = r.get(out);
        if (v.isEmpty() || !(v.get().getInfo() instanceof ai.onnxruntime.TensorInfo info)) {
          return s;
        }
        long[] dims = info.getShape();
        if (dims.length < 1 || dims[0] != 1) {
          return s;
        }
        rows.put(out, Arrays.copyOfRange(dims, 1, dims.length));
      }
      return StochasticFrontier.withFrontierShapes(s, rows);
    } catch (OrtException | McdropException e) {
      return s;
    }
  }

  private static SampleDrawer.Feed probeFeed(String name, long[] rowShape, int rows) {
    Random rnd = new Random(42);
    int size = 1;
    for (long d : rowShape) {
      size *= (int) d;
    }
    float[][] items = new float[rows][size];
    for (float[] row : items) {
      for (int i = 0; i < size; i++) {
        row[i] = (float) rnd.nextGaussian();
      }
    }
    return new SampleDrawer.Feed(name, items, rowShape);
  }

  private static ValueInfoProto singleDataInput(GraphIndex index) {
    List<ValueInfoProto> inputs = new ArrayList<>();
    for (ValueInfoProto v : index.dataInputs()) {
      if (!v.getName().equals(McDropout.INPUT_NAME)) {
        inputs.add(v);
      }
    }
    if (inputs.size() != 1) {
      throw new McdropException(
          ErrorCode.NOT_A_CLASSIFIER,
          "mcdrop needs a model with exactly one data input (the image batch), found "
              + inputs.stream().map(ValueInfoProto::getName).toList());
    }
    ValueInfoProto in = inputs.get(0);
    if (!in.getType().hasTensorType()
        || in.getType().getTensorType().getElemType()
            != ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
      throw new McdropException(
          ErrorCode.NOT_A_CLASSIFIER, "model input '" + in.getName() + "' is not a float tensor");
    }
    return in;
  }

  /** Declared dims; symbolic or unknown dims are -1. */
  private static long[] dims(ValueInfoProto v) {
    List<TensorShapeProto.Dimension> d = v.getType().getTensorType().getShape().getDimList();
    long[] out = new long[d.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = d.get(i).hasDimValue() && d.get(i).getDimValue() > 0 ? d.get(i).getDimValue() : -1;
    }
    return out;
  }

  private static Preprocessing preprocessing(EngineConfig config, ModelProto model, long[] dims) {
    if (config.preprocessing() != null) {
      return config.preprocessing();
    }
    var meta = OnnxModels.metadata(model, MetadataKeys.PREPROCESS);
    if (meta.isPresent()) {
      return Preprocessing.of(PreprocessSpec.fromJson(meta.get()));
    }
    if (dims.length == 4 && (dims[1] == 1 || dims[1] == 3) && dims[2] > 0 && dims[3] > 0) {
      return Preprocessing.plain((int) dims[1], (int) dims[2], (int) dims[3]);
    }
    return null;
  }

  private static long[] rowShape(long[] declared, Preprocessing pre, String inputName) {
    long[] row = Arrays.copyOfRange(declared, 1, declared.length);
    if (pre != null && declared.length == 4) {
      long[] fromPre = {pre.channels(), pre.height(), pre.width()};
      for (int i = 0; i < 3; i++) {
        if (row[i] > 0 && row[i] != fromPre[i]) {
          throw new McdropException(
              ErrorCode.BAD_OPTION,
              "preprocessing gives input "
                  + Arrays.toString(fromPre)
                  + " but the model's input '"
                  + inputName
                  + "' is "
                  + Arrays.toString(row));
        }
      }
      return fromPre;
    }
    for (long d : row) {
      if (d <= 0) {
        throw new McdropException(
            ErrorCode.NOT_A_CLASSIFIER,
            "model input '"
                + inputName
                + "' has unknown dimensions "
                + Arrays.toString(declared)
                + "; give the image size and channels (--size HxW --channels 1|3)");
      }
    }
    return row;
  }

  private static List<String> metadataLabels(ModelProto model) {
    return OnnxModels.metadata(model, MetadataKeys.LABELS).map(ContractJson::labels).orElse(null);
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  private static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    throw new IllegalStateException("item " + v + " not in trunk cache");
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this McEngine is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (shared != null) {
      shared.close();
    }
    if (mcTrue != null) {
      mcTrue.close();
    }
    if (mcFalse != null) {
      mcFalse.close();
    }
  }
}
