package io.mcdrop.trainer.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.build.GraphBuilder;
import io.mcdrop.onnx.contract.ArchitectureInfo;
import io.mcdrop.onnx.contract.ContractJson;
import io.mcdrop.onnx.contract.DropoutLayer;
import io.mcdrop.onnx.contract.MetadataKeys;
import io.mcdrop.onnx.contract.TrainingProvenance;
import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.layers.OnnxContext;
import io.mcdrop.trainer.tensor.Shape;
import java.nio.file.Path;
import java.util.List;

/** Writes a trained {@link Network} as an ONNX model that follows the mcdrop contract. */
public final class OnnxExporter {
  public static final String INPUT = "input";
  public static final String OUTPUT = "logits";

  private OnnxExporter() {}

  public static ModelProto export(Network net, ModelInfo info) {
    if (info.labels().size() != net.classes()) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "the network has "
              + net.classes()
              + " outputs but "
              + info.labels().size()
              + " labels were given");
    }
    GraphBuilder g = new GraphBuilder(info.name());
    Shape in = net.inputShape();
    String x = g.floatInput(INPUT, "N", in.c(), in.h(), in.w());
    OnnxContext ctx = new OnnxContext(g);
    String logits = net.toOnnx(ctx, x);
    g.output(logits, OUTPUT, "N", net.classes());
    List<DropoutLayer> dropouts =
        ctx.dropouts().stream()
            .map(d -> new DropoutLayer(d.node(), d.kind(), d.rate(), d.position()))
            .toList();
    // Every mcdrop.* entry goes through the contract's records and codec (io.mcdrop.onnx.contract).
    g.metadata(MetadataKeys.LABELS, ContractJson.writeLabels(info.labels()))
        .metadata(MetadataKeys.PREPROCESS, info.preprocess().toSpec().toJson())
        .metadata(MetadataKeys.DROPOUT, ContractJson.writeDropout(dropouts))
        .metadata(
            MetadataKeys.ARCHITECTURE,
            ContractJson.write(
                ContractJson.fromMap(
                    info.architecture(), ArchitectureInfo.class, MetadataKeys.ARCHITECTURE)))
        .metadata(
            MetadataKeys.TRAINING,
            ContractJson.write(
                ContractJson.fromMap(
                    info.training(), TrainingProvenance.class, MetadataKeys.TRAINING)))
        .producer("mcdrop")
        .docString(info.description());
    return g.build();
  }

  /** Exports and writes atomically. */
  public static void write(Network net, ModelInfo info, Path file) {
    OnnxModels.write(export(net, info), file);
  }
}
