package io.mcdrop.trainer.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.McDropout;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.build.GraphBuilder;
import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.layers.OnnxContext;
import io.mcdrop.trainer.tensor.Shape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a trained {@link Network} as an ONNX model that follows the mcdrop contract. */
public final class OnnxExporter {
  public static final String INPUT = "input";
  public static final String OUTPUT = "logits";
  private static final ObjectMapper JSON = new ObjectMapper();

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
    List<Map<String, Object>> dropouts =
        ctx.dropouts().stream()
            .map(
                d -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("node", d.node());
                  m.put("kind", d.kind());
                  m.put("rate", d.rate());
                  m.put("position", d.position());
                  return m;
                })
            .toList();
    g.metadata(McDropout.META_LABELS, json(info.labels()))
        .metadata(McDropout.META_PREPROCESS, json(info.preprocess().toMap()))
        .metadata(McDropout.META_DROPOUT, json(dropouts))
        .metadata(McDropout.META_ARCHITECTURE, json(info.architecture()))
        .metadata(McDropout.META_TRAINING, json(info.training()))
        .producer("mcdrop")
        .docString(info.description());
    return g.build();
  }

  /** Exports and writes atomically. */
  public static void write(Network net, ModelInfo info, Path file) {
    OnnxModels.write(export(net, info), file);
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new McdropException(
          ErrorCode.INTERNAL, "cannot encode model metadata: " + e.getMessage(), e);
    }
  }
}
