package io.mcdrop.server.v2;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.model.ModelInfo;
import io.mcdrop.server.batching.InferenceScheduler;
import io.mcdrop.server.config.OptionsFactory;
import io.mcdrop.server.metrics.RequestTimer;
import io.mcdrop.server.registry.LoadedModel;
import io.mcdrop.server.registry.ModelRegistry;
import io.mcdrop.server.tensor.Datatype;
import io.mcdrop.server.tensor.TensorData;
import io.mcdrop.server.tensor.Text;
import io.mcdrop.server.v2.V2Dto.MetadataTensor;
import io.mcdrop.server.v2.V2Dto.ModelMetadata;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The Open Inference Protocol's semantics, shared by every transport (REST JSON, the REST binary
 * extension, gRPC): health, metadata and inference on the server's registry and scheduler. Each
 * model has one version, {@value #VERSION}.
 */
@Singleton
public final class V2Inference {
  public static final String VERSION = "1";
  public static final String PLATFORM = "onnxruntime_onnx";
  public static final String SERVER_NAME = "mcdrop";

  /** The protocol extensions this server implements. */
  public static final List<String> EXTENSIONS = List.of("binary_tensor_data");

  private final ModelRegistry registry;
  private final InferenceScheduler scheduler;
  private final OptionsFactory optionsFactory;
  private final RequestTimer timer;
  private final String serverVersion;

  public V2Inference(
      ModelRegistry registry,
      InferenceScheduler scheduler,
      OptionsFactory optionsFactory,
      RequestTimer timer) {
    this.registry = registry;
    this.scheduler = scheduler;
    this.optionsFactory = optionsFactory;
    this.timer = timer;
    String v = V2Inference.class.getPackage().getImplementationVersion();
    this.serverVersion = v == null ? "0.1.0-SNAPSHOT" : v;
  }

  public String serverVersion() {
    return serverVersion;
  }

  /** Loading finished with at least one model served, and requests accepted. */
  public boolean serverReady() {
    return registry.serving() && scheduler.accepting();
  }

  /** The model is served and requests are accepted; NOT_FOUND for an unknown model or version. */
  public boolean modelReady(String name, String version) {
    if (!registry.contains(name)) {
      throw new McdropException(ErrorCode.NOT_FOUND, "no model named '" + name + "' is served");
    }
    checkVersion(name, version);
    return scheduler.accepting();
  }

  /** The model's input tensor and output tensors; NOT_FOUND for an unknown model or version. */
  public ModelMetadata metadata(String name, String version) {
    LoadedModel m = registry.get(name);
    checkVersion(name, version);
    ModelInfo info = m.info();
    long[] in = new long[info.inputShape().length + 1];
    in[0] = -1;
    System.arraycopy(info.inputShape(), 0, in, 1, info.inputShape().length);
    return new ModelMetadata(
        m.name(),
        List.of(VERSION),
        PLATFORM,
        List.of(new MetadataTensor(info.inputName(), Datatype.FP32.name(), in)),
        OutputTensors.metadata(info.classes()));
  }

  /**
   * Runs a request on the scheduler. Every check happens before any work is queued, so a bad
   * request costs nothing; the future fails with McdropException or ServerBusyException.
   *
   * @param endpoint the metrics label of the transport (e.g. {@code v2-infer}, {@code grpc-infer})
   */
  public CompletableFuture<InferenceResult> infer(
      String name, String version, InferenceRequest request, String endpoint) {
    LoadedModel model = registry.get(name);
    checkVersion(name, version);
    ModelInfo info = model.info();
    InferenceRequest.Input input = singleInput(request.inputs(), info);
    McOptions options = McParameters.options(request.parameters(), optionsFactory, info.classes());
    List<String> outputs = OutputTensors.select(request.outputs());
    String what = "input '" + info.inputName() + "'";
    int n = TensorData.batchOf(input.shape(), info.inputShape(), what);
    List<float[]> rows = TensorData.rows(input.values(), n, info.inputSize(), what);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put(McParameters.SAMPLES, options.samples());
    params.put(
        McParameters.STRATEGY,
        options.deterministic()
            ? "deterministic"
            : model.engine().resolve(options.strategy()).cliName());
    String v = version == null || version.isEmpty() ? null : version;
    return timer.time(
        model.name(),
        endpoint,
        scheduler
            .submitAll(model, options, rows)
            .thenApply(
                preds ->
                    new InferenceResult(
                        model.name(),
                        v,
                        request.id(),
                        params,
                        OutputTensors.build(outputs, preds, info.classes()))));
  }

  private static InferenceRequest.Input singleInput(
      List<InferenceRequest.Input> inputs, ModelInfo info) {
    if (inputs.isEmpty()) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "'inputs' is missing or empty; the model takes one input '" + info.inputName() + "'");
    }
    if (inputs.size() != 1) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          inputs.size() + " inputs given; the model takes one input '" + info.inputName() + "'");
    }
    InferenceRequest.Input in = inputs.get(0);
    if (!info.inputName().equals(in.name())) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "unknown input '"
              + (in.name() == null ? null : Text.abbreviate(in.name()))
              + "'; the model's input is '"
              + info.inputName()
              + "'");
    }
    if (in.datatype() != Datatype.FP32 || in.values() == null) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "input '"
              + in.name()
              + "' has datatype "
              + in.datatype()
              + "; the model takes "
              + Datatype.FP32);
    }
    return in;
  }

  private void checkVersion(String name, String version) {
    if (version != null && !version.isEmpty() && !VERSION.equals(version)) {
      throw new McdropException(
          ErrorCode.NOT_FOUND,
          "model '"
              + name
              + "' has no version '"
              + Text.abbreviate(version)
              + "'; its only version is "
              + VERSION);
    }
  }
}
