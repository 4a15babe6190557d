package io.mcdrop.server.registry;

import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.model.ModelInfo;

/** A model being served: its name (file stem) and its shared engine. */
public record LoadedModel(String name, McEngine engine) {
  public ModelInfo info() {
    return engine.info();
  }
}
