package io.mcdrop.server.web;

import io.mcdrop.server.batching.InferenceScheduler;
import io.mcdrop.server.registry.ModelRegistry;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * {@code /health} and {@code /health/readiness} are DOWN until the models are loaded, and stay DOWN
 * when none loaded or no worker is alive.
 */
@Singleton
@Readiness
public final class ModelsReadiness implements HealthIndicator {
  private final ModelRegistry registry;
  private final InferenceScheduler scheduler;

  public ModelsReadiness(ModelRegistry registry, InferenceScheduler scheduler) {
    this.registry = registry;
    this.scheduler = scheduler;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    boolean up = registry.serving() && scheduler.accepting();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("loaded", registry.ready());
    details.put("models", registry.names());
    details.put("accepting", scheduler.accepting());
    if (!registry.failures().isEmpty()) {
      details.put("failed", registry.failures());
    }
    return Publishers.just(
        HealthResult.builder("models", up ? HealthStatus.UP : HealthStatus.DOWN)
            .details(details)
            .build());
  }
}
