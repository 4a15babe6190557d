package io.mcdrop.cli.train;

import io.mcdrop.cli.ExitCodes;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.trainer.export.CheckpointExporter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mcdrop export}: writes any training checkpoint as an MC-ready ONNX model. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export a training checkpoint (.ckpt) to ONNX with its dropout kept for MC sampling.",
      "Example: mcdrop export model.ckpt --out model.onnx"
    })
public final class ExportCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "CHECKPOINT",
      description = "a .ckpt written by mcdrop train")
  Path checkpoint;

  @Option(names = "--out", required = true, description = "ONNX file to write")
  Path out;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    try {
      CheckpointExporter.export(checkpoint, out);
    } catch (McdropException e) {
      if (e.code() != ErrorCode.BAD_INPUT) {
        throw e;
      }
      // A damaged checkpoint is a model problem (exit 3), not a partly failed batch of inputs.
      spec.commandLine().getErr().println("error: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return ExitCodes.MODEL;
    }
    spec.commandLine().getOut().println("exported " + checkpoint + " to " + out);
    return 0;
  }
}
