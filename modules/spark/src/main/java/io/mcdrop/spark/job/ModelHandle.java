package io.mcdrop.spark.job;

import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.spark.engine.EngineSpec;
import io.mcdrop.spark.engine.ExecutorEngines;
import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;

/**
 * What a task needs to find (or load) its executor's engine: the broadcast model bytes, a key for
 * bytes plus spec, the file name and the spec.
 */
record ModelHandle(String key, String name, Broadcast<byte[]> bytes, EngineSpec spec)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  McEngine engine() {
    return ExecutorEngines.get(key, name, bytes::value, spec);
  }
}
