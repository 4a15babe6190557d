package io.mcdrop.server.v2;

import io.mcdrop.server.v2.V2Dto.ModelMetadata;
import io.mcdrop.server.v2.V2Dto.ServerMetadata;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;

/**
 * Open Inference Protocol REST endpoints, with the binary tensor data extension. Each model has one
 * version, {@value V2Inference#VERSION}; the {@code /versions/{version}} forms accept only that.
 */
@Controller("/v2")
@Tag(name = "open-inference-protocol")
public class V2Controller {
  private final V2Inference inference;

  public V2Controller(V2Inference inference) {
    this.inference = inference;
  }

  /** Server metadata. */
  @Get
  public ServerMetadata server() {
    return new ServerMetadata(
        V2Inference.SERVER_NAME, inference.serverVersion(), V2Inference.EXTENSIONS);
  }

  /** Server live: 200 while the server can answer. */
  @Get("/health/live")
  public HttpResponse<?> live() {
    return HttpResponse.ok();
  }

  /** Server ready: 200 once every model is loaded and while requests are accepted, else 400. */
  @Get("/health/ready")
  public HttpResponse<?> ready() {
    return inference.serverReady()
        ? HttpResponse.ok()
        : HttpResponse.status(HttpStatus.BAD_REQUEST);
  }

  /** Model ready: 200 if the model is loaded, 404 if no such model is served. */
  @Get("/models/{name}/ready")
  public HttpResponse<?> modelReady(String name) {
    return versionReady(name, null);
  }

  @Get("/models/{name}/versions/{version}/ready")
  public HttpResponse<?> versionReady(String name, @Nullable String version) {
    return inference.modelReady(name, version)
        ? HttpResponse.ok()
        : HttpResponse.status(HttpStatus.BAD_REQUEST);
  }

  /** Model metadata: the input tensor and the output tensors. */
  @Get("/models/{name}")
  public ModelMetadata model(String name) {
    return inference.metadata(name, null);
  }

  @Get("/models/{name}/versions/{version}")
  public ModelMetadata modelVersion(String name, String version) {
    return inference.metadata(name, version);
  }

  /**
   * Inference: one FP32 input tensor, batched or not, as JSON or binary data; MC options in {@code
   * parameters}. Any content type is accepted, as clients of the binary extension differ.
   */
  @Post(
      uri = "/models/{name}/infer",
      consumes = MediaType.ALL,
      produces = {MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
  public CompletableFuture<MutableHttpResponse<byte[]>> infer(
      String name,
      @Nullable @Body byte[] body,
      @Nullable @Header(V2Json.HEADER_LENGTH) String headerLength) {
    return infer(name, null, body, headerLength);
  }

  @Post(
      uri = "/models/{name}/versions/{version}/infer",
      consumes = MediaType.ALL,
      produces = {MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
  public CompletableFuture<MutableHttpResponse<byte[]>> inferVersion(
      String name,
      String version,
      @Nullable @Body byte[] body,
      @Nullable @Header(V2Json.HEADER_LENGTH) String headerLength) {
    return infer(name, version, body, headerLength);
  }

  private CompletableFuture<MutableHttpResponse<byte[]>> infer(
      String name, String version, byte[] body, String headerLength) {
    V2Json.Parsed parsed = V2Json.read(body, headerLength);
    return inference
        .infer(name, version, parsed.request(), "v2-infer")
        .thenApply(
            result -> {
              V2Json.Encoded e = V2Json.write(result, parsed);
              MutableHttpResponse<byte[]> r = HttpResponse.ok(e.body());
              if (e.headerLength() < 0) {
                return r.contentType(MediaType.APPLICATION_JSON_TYPE);
              }
              return r.contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE)
                  .header(V2Json.HEADER_LENGTH, Integer.toString(e.headerLength()));
            });
  }
}
