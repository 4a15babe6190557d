package io.mcdrop.server.api;

import io.mcdrop.server.registry.ModelRegistry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/** Lists and describes the served models. */
@Controller("/api/v1/models")
@Tag(name = "models")
public class ModelsController {
  private final ModelRegistry registry;

  public ModelsController(ModelRegistry registry) {
    this.registry = registry;
  }

  /** Every served model with its labels, input shape and dropout layers. */
  @Get
  public List<ModelSummary> list() {
    return registry.all().stream().map(ModelSummary::of).toList();
  }

  /** One model; 404 if no model of that name is served. */
  @Get("/{name}")
  public ModelSummary get(String name) {
    return ModelSummary.of(registry.get(name));
  }
}
