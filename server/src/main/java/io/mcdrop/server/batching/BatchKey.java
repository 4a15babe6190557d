package io.mcdrop.server.batching;

import io.mcdrop.runtime.mc.McOptions;

/**
 * Requests with equal keys may share an engine call. Seeded requests never share one: their numbers
 * must equal those of the same request made alone.
 */
record BatchKey(String model, McOptions options) {
  boolean coalescable() {
    return options.seed() == null;
  }
}
