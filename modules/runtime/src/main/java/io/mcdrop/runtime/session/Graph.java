package io.mcdrop.runtime.session;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.mcdrop.onnx.McDropout;
import java.util.List;

/** One ONNX Runtime session on one graph variant; opaque outside this package. */
public final class Graph implements AutoCloseable {
  final OrtSession session;
  private final String firstOutput;
  private final boolean takesFlag;
  private boolean closed;

  Graph(OrtSession session) {
    this.session = session;
    this.firstOutput = session.getOutputNames().iterator().next();
    this.takesFlag = session.getInputNames().contains(McDropout.INPUT_NAME);
  }

  /** The first graph output (the class scores for a whole model or head). */
  public String firstOutput() {
    return firstOutput;
  }

  public List<String> firstOutputList() {
    return List.of(firstOutput);
  }

  /** Whether the graph has the {@code mc_dropout} input. */
  boolean takesFlag() {
    return takesFlag;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      session.close();
    } catch (OrtException e) {
      // after a native failure there is nothing left to release
    }
  }
}
