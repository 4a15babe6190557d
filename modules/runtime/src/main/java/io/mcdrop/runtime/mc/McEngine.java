package io.mcdrop.runtime.mc;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.runtime.calibration.CalibrationSpec;
import io.mcdrop.runtime.calibration.ModelCalibration;
import io.mcdrop.runtime.model.ModelInfo;
import io.mcdrop.runtime.sampling.AdaptiveSampling;
import io.mcdrop.runtime.sampling.Rows;
import io.mcdrop.runtime.sampling.SamplingRequest;
import io.mcdrop.runtime.session.SessionFactory;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.runtime.stats.SampleSet;
import io.mcdrop.runtime.stats.Uncertainty;
import io.mcdrop.runtime.verdict.VerdictPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Monte Carlo dropout on any ONNX classifier: load, predict, close.
 *
 * <p>Loading ({@link LoadedModel}) makes an MC-ready copy of the graph, opens ONNX Runtime sessions
 * that keep Dropout alive, splits the graph at its stochastic frontier when that pays, and checks
 * that dropout really is alive. A prediction validates its inputs, picks a sampler for the request
 * ({@link Samplers}), draws the samples ({@link AdaptiveSampling}) and summarizes them with a
 * verdict ({@link Uncertainty}).
 *
 * <p>One engine is safe to share between threads: ONNX Runtime sessions are, and every request
 * keeps its own state.
 */
public final class McEngine implements AutoCloseable {
  private final LoadedModel model;
  private final Samplers samplers;
  private final ModelCalibration calibration;
  private volatile boolean closed;

  private McEngine(ModelProto original, String name, EngineConfig config, String disabled) {
    // read first: broken calibration metadata fails the load before any session opens
    this.calibration = ModelCalibration.of(original);
    this.model = new LoadedModel(original, name, config, disabled);
    this.samplers = new Samplers(model);
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

  /** For tests in this package: the loaded parts. */
  LoadedModel loaded() {
    return model;
  }

  public ModelInfo info() {
    return model.info;
  }

  /** A one-line remark for the user (e.g. provider fallback), or null. */
  public String notice() {
    return model.factory.notice();
  }

  /** The strategy {@code requested} resolves to for this model. */
  public Strategy resolve(Strategy requested) {
    return samplers.resolve(requested);
  }

  /** The verdict thresholds for this model: the calibrated ones when it is calibrated. */
  public VerdictPolicy verdictPolicy() {
    return calibration != null ? calibration.verdictPolicy() : VerdictPolicy.DEFAULT;
  }

  /** The model's stored calibration ({@code mcdrop.calibration}), if it has one. */
  public java.util.Optional<CalibrationSpec> calibration() {
    return java.util.Optional.ofNullable(calibration).map(ModelCalibration::spec);
  }

  public Prediction predict(float[] input, McOptions options) {
    return predictAll(List.of(input), options).get(0);
  }

  /**
   * Predicts several inputs in one go: their samples share ONNX Runtime runs (the server's dynamic
   * batching relies on this). With a tolerance, each input stops on its own once converged. With a
   * seed, each input's numbers are those it would get alone (they do not depend on its neighbours).
   */
  public List<Prediction> predictAll(List<float[]> inputs, McOptions options) {
    checkOpen();
    if (inputs.isEmpty()) {
      return List.of();
    }
    for (float[] in : inputs) {
      validate(in);
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
    SamplingRequest request = options.request();
    if (!request.deterministic() && !model.info.mcCapable()) {
      throw noDropout();
    }
    float[][] items = inputs.toArray(new float[0][]);
    SampleSet[] sets = new SampleSet[items.length];
    for (int i = 0; i < items.length; i++) {
      // room for every sample of a fixed T (an adaptive request may stop early: grow as needed)
      sets[i] = new SampleSet(model.info.classes(), Math.min(request.maxSamples(), 512));
    }
    Strategy used = samplers.sample(items, sets, request, options);
    String strategy = used == null ? "deterministic" : Samplers.reportedName(used);
    List<Prediction> out = new ArrayList<>(items.length);
    for (int i = 0; i < sets.length; i++) {
      Prediction p =
          Uncertainty.summarize(
              sets[i], model.info.labels(), options.topK(), options.keepRaw(), policy, strategy);
      if (calibrate) {
        p = calibration.attach(p, items[i], model.info.labels(), options.samples());
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
    if (!model.info.mcCapable()) {
      throw noDropout();
    }
    Rows rows = samplers.raw(input, samples, strategy, seed);
    float[][] out = new float[samples][rows.width()];
    for (int t = 0; t < samples; t++) {
      System.arraycopy(rows.values(), t * rows.width(), out[t], 0, rows.width());
    }
    return out;
  }

  private void validate(float[] input) {
    if (input.length != model.info.inputSize()) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "input has "
              + input.length
              + " values but the model takes "
              + model.info.inputSize()
              + " "
              + java.util.Arrays.toString(model.info.inputShape()));
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
            + model.info.name()
            + "' has no Dropout layers, so MC sampling is impossible; ask for 1 sample"
            + " (deterministic inference), or export the model with its dropout kept"
            + " (PyTorch: model.eval(), then set only the nn.Dropout modules to .train(), and"
            + " torch.onnx.export(..., training=torch.onnx.TrainingMode.PRESERVE,"
            + " do_constant_folding=False, opset_version=17); or train it with 'mcdrop train')");
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this McEngine is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    model.close();
  }
}
