package io.mcdrop.server.batching;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

/** Provides the real {@link EngineCall}; a bean registered by a test takes precedence. */
@Factory
final class EngineCallFactory {
  @Singleton
  @Secondary
  EngineCall engineCall() {
    return EngineCall.direct();
  }
}
