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
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Classifies an image (multipart field {@code image}, or the raw bytes as the body) or a JSON
 * tensor. Work is queued on the inference workers; the event loop only parses the request.
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

  /** Classifies an image uploaded as multipart form field {@code image}. */
  @Post(uri = "/classify", consumes = MediaType.MULTIPART_FORM_DATA)
  public CompletableFuture<PredictionBody> classifyUpload(
      String name,
      @Nullable @Part(IMAGE_FIELD) CompletedFileUpload image,
      @Nullable @QueryValue Integer samples,
      @Nullable @QueryValue Double tolerance,
      @Nullable @QueryValue Long seed,
      @Nullable @QueryValue String strategy,
      @Nullable @QueryValue Integer topK,
      @Nullable @QueryValue Boolean raw,
      @Nullable @QueryValue Boolean calibrated) {
    if (image == null) {
      throw new McdropException(
          ErrorCode.BAD_IMAGE,
          "multipart form field '"
              + IMAGE_FIELD
              + "' is missing: upload the image under that name");
    }
    byte[] bytes;
    try {
      bytes = image.getBytes();
    } catch (IOException e) {
      throw new McdropException(ErrorCode.BAD_IMAGE, "cannot read the uploaded image", e);
    }
    return classify(
        name,
        bytes,
        image.getFilename(),
        samples,
        tolerance,
        seed,
        strategy,
        topK,
        raw,
        calibrated);
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
      })
  public CompletableFuture<PredictionBody> classifyBytes(
      String name,
      @Nullable @Body byte[] body,
      @Nullable @QueryValue Integer samples,
      @Nullable @QueryValue Double tolerance,
      @Nullable @QueryValue Long seed,
      @Nullable @QueryValue String strategy,
      @Nullable @QueryValue Integer topK,
      @Nullable @QueryValue Boolean raw,
      @Nullable @QueryValue Boolean calibrated) {
    return classify(
        name,
        body == null ? new byte[0] : body,
        "request body",
        samples,
        tolerance,
        seed,
        strategy,
        topK,
        raw,
        calibrated);
  }

  /** Predicts on a JSON tensor that is already preprocessed as the model expects. */
  @Post(uri = "/predict", consumes = MediaType.APPLICATION_JSON)
  public CompletableFuture<PredictionBody> predict(String name, @Body PredictRequest request) {
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
    float[] flat = TensorData.flatten(request.data(), "tensor");
    if (request.shape() != null
        && TensorData.batchOf(request.shape(), info.inputShape(), "tensor") != 1) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "tensor: /predict takes one input; send batches to /v2/models/" + name + "/infer");
    }
    float[] input = TensorData.rows(flat, 1, info.inputSize(), "tensor").get(0);
    return run(model, options, "predict", () -> input);
  }

  private CompletableFuture<PredictionBody> classify(
      String name,
      byte[] bytes,
      String origin,
      Integer samples,
      Double tolerance,
      Long seed,
      String strategy,
      Integer topK,
      Boolean raw,
      Boolean calibrated) {
    LoadedModel model = registry.get(name);
    ModelInfo info = model.info();
    if (info.preprocessing() == null) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "model '"
              + name
              + "' has no image preprocessing metadata; send a tensor to /api/v1/models/"
              + name
              + "/predict instead");
    }
    if (bytes.length == 0) {
      throw new McdropException(ErrorCode.BAD_IMAGE, "the image is empty (0 bytes)");
    }
    McOptions options =
        optionsFactory
            .options(samples, tolerance, seed, strategy, topK, raw, info.classes())
            .withCalibrated(calibrated == null || calibrated);
    String what = origin == null || origin.isBlank() ? "uploaded image" : origin;
    return run(
        model, options, "classify", () -> ImageLoader.decode(bytes, what, info.preprocessing()));
  }

  private CompletableFuture<PredictionBody> run(
      LoadedModel model,
      McOptions options,
      String endpoint,
      java.util.function.Supplier<float[]> input) {
    String strategy =
        options.deterministic()
            ? "deterministic"
            : model.engine().resolve(options.strategy()).cliName();
    return timer.time(
        model.name(),
        endpoint,
        scheduler
            .submit(model, options, input)
            .thenApply(p -> PredictionBody.of(model.name(), strategy, p)));
  }
}
