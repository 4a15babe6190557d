package io.mcdrop.trainer.export;

import io.mcdrop.trainer.arch.NetworkFactory;
import io.mcdrop.trainer.checkpoint.Checkpoint;
import io.mcdrop.trainer.checkpoint.CheckpointFiles;
import io.mcdrop.trainer.layers.Network;
import java.nio.file.Path;

/** Exports any training checkpoint to ONNX ({@code mcdrop export CHECKPOINT --out FILE}). */
public final class CheckpointExporter {
  private CheckpointExporter() {}

  /** Rebuilds the checkpoint's network and writes it as ONNX; returns the restored network. */
  public static Network export(Path checkpoint, Path out) {
    Checkpoint ck = CheckpointFiles.read(checkpoint);
    Network net = NetworkFactory.build(ck.architecture(), ck.config().seed());
    ck.restore(net, null);
    ModelInfo info =
        ModelInfo.of(
            ck.architecture(),
            ck.config(),
            ck.preprocess(),
            ck.labels(),
            ck.data(),
            ck.history(),
            null,
            ck.history().stream().mapToDouble(e -> e.seconds()).sum());
    OnnxExporter.write(net, info, out);
    return net;
  }
}
