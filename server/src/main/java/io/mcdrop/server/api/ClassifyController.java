package io.mcdrop.server.api;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.model.ModelInfo;
import io.mcdrop.runtime.preprocess.ImageLoader;
import io.mcdrop.server.batching.InferenceScheduler;
import io.mcdrop.server.config.OptionsFactory;
import io.mcdrop.server.metrics.RequestTimer;
import io.mcdrop.server.registry.LoadedModel;
import io.mcdrop.server.registry.ModelRegistry;
import io.mcdrop.server.tensor.TensorData;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.multipart.MultipartBody;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Classifies an image (multipart field {@code image}, or the raw bytes as the body) or a JSON
 * tensor. Work is queued on the inference workers; the event loop only parses the request. Query
 * parameters are parsed strictly ({@link QueryParameters}).
 */
@Controller("/api/v1/models/{name}")
@Tag(name = "inference")
public class ClassifyController {
  static final String IMAGE_FIELD = "image";

  private final ModelRegistry registry;
  private final InferenceScheduler scheduler;
  private final OptionsFactory optionsFactory;
  private final RequestTimer timer;

  public ClassifyController(
      ModelRegistry registry,
      InferenceScheduler scheduler,
      OptionsFactory optionsFactory,
      RequestTimer timer) {
    this.registry = registry;
    this.scheduler = scheduler;
    this.optionsFactory = optionsFactory;
    this.timer = timer;
  }

  /** Classifies an image uploaded as multipart form field {@code image} (exactly one file). */
  @Post(
      uri = "/classify",
      consumes = MediaType.MULTIPART_FORM_DATA,
      produces = MediaType.APPLICATION_JSON)
  @ApiResponse(
      responseCode = "200",
      description = "the prediction",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = PredictionBody.class)))
  public CompletableFuture<HttpResponse<byte[]>> classifyUpload(
      String name,
      @Body MultipartBody body,
      @Nullable @QueryValue String samples,
      @Nullable @QueryValue String tolerance,
      @Nullable @QueryValue String seed,
      @Nullable @QueryValue String strategy,
      @Nullable @QueryValue String topK,
      @Nullable @QueryValue String raw,
      @Nullable @QueryValue String calibrated) {
    LoadedModel model = imageModel(name);
    McOptions options = options(model, samples, tolerance, seed, strategy, topK, raw, calibrated);
    return MultipartImage.read(body, IMAGE_FIELD)
        .thenCompose(
            upload -> {
              try {
                return classify(model, options, upload.bytes(), upload.filename());
              } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
              }
            });
  }

  /** Classifies an image sent as the raw request body (PNG, JPEG, BMP or GIF bytes). */
  @Post(
      uri = "/classify",
      consumes = {
        MediaType.IMAGE_PNG,
        MediaType.IMAGE_JPEG,
        MediaType.IMAGE_GIF,
        "image/bmp",
        MediaType.APPLICATION_OCTET_STREAM
      },
      produces = MediaType.APPLICATION_JSON)
  @ApiResponse(
      responseCode = "200",
      description = "the prediction",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = PredictionBody.class)))
  public CompletableFuture<HttpResponse<byte[]>> classifyBytes(
      String name,
      @Nullable @Body byte[] body,
      @Nullable @QueryValue String samples,
      @Nullable @QueryValue String tolerance,
      @Nullable @QueryValue String seed,
      @Nullable @QueryValue String strategy,
      @Nullable @QueryValue String topK,
      @Nullable @QueryValue String raw,
      @Nullable @QueryValue String calibrated) {
    LoadedModel model = imageModel(name);
    McOptions options = options(model, samples, tolerance, seed, strategy, topK, raw, calibrated);
    return classify(model, options, body == null ? new byte[0] : body, "request body");
  }

  /**
   * Predicts on a JSON tensor that is already preprocessed as the model expects. The body is read
   * by the streaming codec ({@link NativeJson}), the tensor straight into a {@code float[]}.
   */
  @Post(
      uri = "/predict",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  @RequestBody(content = @Content(schema = @Schema(implementation = PredictRequest.class)))
  @ApiResponse(
      responseCode = "200",
      description = "the prediction",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = PredictionBody.class)))
  public CompletableFuture<HttpResponse<byte[]>> predict(String name, @Nullable @Body byte[] body) {
    PredictRequest request = NativeJson.read(body);
    LoadedModel model = registry.get(name);
    ModelInfo info = model.info();
    McOptions options =
        optionsFactory.options(
            request.samples(),
            request.tolerance(),
            request.seed(),
            request.strategy(),
            request.topK(),
            request.raw(),
            info.classes());
    float[] flat = request.data();
    if (flat == null) {
      throw new McdropException(ErrorCode.BAD_INPUT, "tensor: 'data' is missing");
    }
    if (request.shape() != null
        && TensorData.batchOf(request.shape(), info.inputShape(), "tensor") != 1) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "tensor: /predict takes one input; send batches to /v2/models/" + name + "/infer");
    }
    float[] input = TensorData.rows(flat, 1, info.inputSize(), "tensor").get(0);
    return run(model, options, "predict", () -> input);
  }

  private LoadedModel imageModel(String name) {
    LoadedModel model = registry.get(name);
    if (model.info().preprocessing() == null) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "model '"
              + name
              + "' has no image preprocessing metadata; send a tensor to /api/v1/models/"
              + name
              + "/predict instead");
    }
    return model;
  }

  private McOptions options(
      LoadedModel model,
      String samples,
      String tolerance,
      String seed,
      String strategy,
      String topK,
      String raw,
      String calibrated) {
    Boolean cal = QueryParameters.bool("calibrated", calibrated);
    return optionsFactory
        .options(
            QueryParameters.integer("samples", samples),
            QueryParameters.decimal("tolerance", tolerance),
            QueryParameters.longInteger("seed", seed),
            QueryParameters.text("strategy", strategy),
            QueryParameters.integer("topK", topK),
            QueryParameters.bool("raw", raw),
            model.info().classes())
        // calibrated=false: a calibrated model's raw numbers
        .withCalibrated(cal == null || cal);
  }

  private CompletableFuture<HttpResponse<byte[]>> classify(
      LoadedModel model, McOptions options, byte[] bytes, String origin) {
    if (bytes.length == 0) {
      throw new McdropException(ErrorCode.BAD_IMAGE, "the image is empty (0 bytes)");
    }
    ModelInfo info = model.info();
    String what = origin == null || origin.isBlank() ? "uploaded image" : origin;
    return run(
        model, options, "classify", () -> ImageLoader.decode(bytes, what, info.preprocessing()));
  }

  /** Queues the input; the answer is written by the streaming codec on the worker that ran it. */
  private CompletableFuture<HttpResponse<byte[]>> run(
      LoadedModel model, McOptions options, String endpoint, Supplier<float[]> input) {
    String strategy =
        options.deterministic()
            ? "deterministic"
            : model.engine().resolve(options.strategy()).cliName();
    return timer.time(
        model.name(),
        endpoint,
        scheduler
            .submit(model, options, input)
            .thenApply(
                p ->
                    HttpResponse.ok(NativeJson.write(PredictionBody.of(model.name(), strategy, p)))
                        .contentType(MediaType.APPLICATION_JSON_TYPE)));
  }
}
