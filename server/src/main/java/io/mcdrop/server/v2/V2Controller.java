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
import io.mcdrop.server.tensor.TensorData;
import io.mcdrop.server.v2.V2Dto.InferRequest;
import io.mcdrop.server.v2.V2Dto.InferResponse;
import io.mcdrop.server.v2.V2Dto.MetadataTensor;
import io.mcdrop.server.v2.V2Dto.ModelMetadata;
import io.mcdrop.server.v2.V2Dto.RequestInput;
import io.mcdrop.server.v2.V2Dto.ServerMetadata;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Open Inference Protocol REST endpoints. Each model has one version, {@value #VERSION}; the {@code
 * /versions/{version}} forms accept only that.
 */
@Controller("/v2")
@Tag(name = "open-inference-protocol")
public class V2Controller {
  static final String VERSION = "1";
  static final String PLATFORM = "onnxruntime_onnx";
  static final String FP32 = "FP32";

  private final ModelRegistry registry;
  private final InferenceScheduler scheduler;
  private final OptionsFactory optionsFactory;
  private final RequestTimer timer;
  private final String serverVersion;

  public V2Controller(
      ModelRegistry registry,
      InferenceScheduler scheduler,
      OptionsFactory optionsFactory,
      RequestTimer timer) {
    this.registry = registry;
    this.scheduler = scheduler;
    this.optionsFactory = optionsFactory;
    this.timer = timer;
    String v = V2Controller.class.getPackage().getImplementationVersion();
    this.serverVersion = v == null ? "0.1.0-SNAPSHOT" : v;
  }

  /** Server metadata. */
  @Get
  public ServerMetadata server() {
    return new ServerMetadata("mcdrop", serverVersion, List.of());
  }

  /** Server live: 200 while the server can answer. */
  @Get("/health/live")
  public HttpResponse<?> live() {
    return HttpResponse.ok();
  }

  /** Server ready: 200 once every model is loaded and while requests are accepted, else 400. */
  @Get("/health/ready")
  public HttpResponse<?> ready() {
    return registry.ready() && scheduler.accepting()
        ? HttpResponse.ok()
        : HttpResponse.status(HttpStatus.BAD_REQUEST);
  }

  /** Model ready: 200 if the model is loaded, 404 if no such model is served. */
  @Get("/models/{name}/ready")
  public HttpResponse<?> modelReady(String name) {
    return registry.contains(name) && scheduler.accepting()
        ? HttpResponse.ok()
        : HttpResponse.status(
            registry.contains(name) ? HttpStatus.BAD_REQUEST : HttpStatus.NOT_FOUND);
  }

  @Get("/models/{name}/versions/{version}/ready")
  public HttpResponse<?> versionReady(String name, String version) {
    return VERSION.equals(version) ? modelReady(name) : HttpResponse.status(HttpStatus.NOT_FOUND);
  }

  /** Model metadata: the input tensor and the output tensors. */
  @Get("/models/{name}")
  public ModelMetadata model(String name) {
    LoadedModel m = registry.get(name);
    ModelInfo info = m.info();
    long[] in = new long[info.inputShape().length + 1];
    in[0] = -1;
    System.arraycopy(info.inputShape(), 0, in, 1, info.inputShape().length);
    return new ModelMetadata(
        m.name(),
        List.of(VERSION),
        PLATFORM,
        List.of(new MetadataTensor(info.inputName(), FP32, in)),
        OutputTensors.metadata(info.classes()));
  }

  @Get("/models/{name}/versions/{version}")
  public ModelMetadata modelVersion(String name, String version) {
    checkVersion(name, version);
    return model(name);
  }

  /** Inference: one FP32 input tensor, batched or not; MC options in {@code parameters}. */
  @Post(uri = "/models/{name}/infer", consumes = MediaType.APPLICATION_JSON)
  public CompletableFuture<InferResponse> infer(String name, @Body InferRequest request) {
    return infer(name, null, request);
  }

  @Post(uri = "/models/{name}/versions/{version}/infer", consumes = MediaType.APPLICATION_JSON)
  public CompletableFuture<InferResponse> inferVersion(
      String name, String version, @Body InferRequest request) {
    checkVersion(name, version);
    return infer(name, version, request);
  }

  private CompletableFuture<InferResponse> infer(
      String name, String version, InferRequest request) {
    LoadedModel model = registry.get(name);
    ModelInfo info = model.info();
    RequestInput input = singleInput(request.inputs(), info);
    McOptions options = McParameters.options(request.parameters(), optionsFactory, info.classes());
    List<String> outputs = OutputTensors.select(request.outputs());
    String what = "input '" + info.inputName() + "'";
    if (input.shape() == null) {
      throw new McdropException(ErrorCode.BAD_INPUT, what + ": 'shape' is missing");
    }
    int n = TensorData.batchOf(input.shape(), info.inputShape(), what);
    float[] flat = TensorData.flatten(input.data(), what);
    List<float[]> rows = TensorData.rows(flat, n, info.inputSize(), what);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put(McParameters.SAMPLES, options.samples());
    params.put(
        McParameters.STRATEGY,
        options.deterministic()
            ? "deterministic"
            : model.engine().resolve(options.strategy()).cliName());
    return timer.time(
        model.name(),
        "v2-infer",
        scheduler
            .submitAll(model, options, rows)
            .thenApply(
                preds ->
                    new InferResponse(
                        model.name(),
                        version,
                        request.id(),
                        params,
                        OutputTensors.build(outputs, preds, info.classes()))));
  }

  private static RequestInput singleInput(List<RequestInput> inputs, ModelInfo info) {
    if (inputs == null || inputs.isEmpty()) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "'inputs' is missing or empty; the model takes one input '" + info.inputName() + "'");
    }
    if (inputs.size() != 1) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          inputs.size() + " inputs given; the model takes one input '" + info.inputName() + "'");
    }
    RequestInput in = inputs.get(0);
    if (in == null || !info.inputName().equals(in.name())) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "unknown input '"
              + (in == null ? null : in.name())
              + "'; the model's input is '"
              + info.inputName()
              + "'");
    }
    if (!FP32.equals(in.datatype())) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "input '" + in.name() + "' has datatype " + in.datatype() + "; the model takes " + FP32);
    }
    return in;
  }

  private void checkVersion(String name, String version) {
    registry.get(name);
    if (!VERSION.equals(version)) {
      throw new McdropException(
          ErrorCode.NOT_FOUND,
          "model '" + name + "' has no version '" + version + "'; its only version is " + VERSION);
    }
  }
}
