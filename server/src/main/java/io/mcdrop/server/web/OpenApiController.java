package io.mcdrop.server.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import java.io.IOException;
import java.io.InputStream;

/**
 * Serves the OpenAPI document that micronaut-openapi generates at compile time, at the stable URL
 * {@code /openapi.yml} (the generated file's name contains the API version).
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = OpenApiController.TITLE,
            version = OpenApiController.VERSION,
            description =
                "Image classification with Monte Carlo dropout uncertainty: native REST API and"
                    + " the Open Inference Protocol (V2)."))
@Controller
public class OpenApiController {
  static final String TITLE = "mcdrop";
  static final String VERSION = "1";
  static final String RESOURCE = "META-INF/swagger/" + TITLE + "-" + VERSION + ".yml";

  private final byte[] document;

  public OpenApiController() throws IOException {
    try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("OpenAPI document " + RESOURCE + " missing from the build");
      }
      this.document = in.readAllBytes();
    }
  }

  /** The OpenAPI 3 document describing every endpoint. */
  @Hidden
  @Get(uri = "/openapi.yml", produces = "application/yaml")
  public HttpResponse<byte[]> openApi() {
    return HttpResponse.ok(document).contentType(MediaType.of("application/yaml"));
  }
}
