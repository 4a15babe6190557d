package io.mcdrop.onnx.inspect;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.mcdrop.onnx.McDropout;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.build.Tensors;
import io.mcdrop.onnx.graph.FrontierSplit;
import io.mcdrop.onnx.graph.GraphIndex;
import io.mcdrop.onnx.graph.StochasticFrontier;
import io.mcdrop.onnx.rewrite.McReadyRewriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Describes a model: its tensors, opset, dropout layers, batch-norm mode, metadata, frontier. */
public final class ModelInspector {
  private ModelInspector() {}

  public static ModelReport inspect(ModelProto model) {
    GraphIndex index = new GraphIndex(model.getGraph());
    List<ModelReport.DropoutInfo> dropouts = new ArrayList<>();
    int bn = 0;
    int bnTraining = 0;
    for (int i = 0; i < index.nodeCount(); i++) {
      NodeProto n = index.node(i);
      if (GraphIndex.isDropout(n)) {
        dropouts.add(describeDropout(n, i, index));
      } else if (GraphIndex.isDefaultDomain(n) && n.getOpType().equals("BatchNormalization")) {
        bn++;
        boolean training = n.getOutputCount() > 1;
        for (AttributeProto a : n.getAttributeList()) {
          training |= a.getName().equals("training_mode") && a.getI() != 0;
        }
        if (training) {
          bnTraining++;
        }
      }
    }
    List<String> notes = new ArrayList<>();
    boolean hasMc =
        model.getGraph().getInputList().stream()
            .anyMatch(v -> v.getName().equals(McDropout.INPUT_NAME));
    int opset = OnnxModels.defaultOpset(model);
    boolean mcCapable = !dropouts.isEmpty() && opset >= 12;
    if (dropouts.isEmpty()) {
      notes.add(
          "no Dropout nodes: only deterministic inference is possible. Export with dropout kept,"
              + " e.g. in PyTorch: model.eval(); set only the nn.Dropout modules to .train();"
              + " torch.onnx.export(..., training=torch.onnx.TrainingMode.PRESERVE,"
              + " do_constant_folding=False)");
    } else if (opset < 12) {
      notes.add(
          "opset " + opset + " Dropout has no training_mode input: re-export with opset >= 12");
    }
    if (bnTraining > 0) {
      notes.add(
          bnTraining
              + " BatchNormalization node(s) exported in training mode; mcdrop restores inference"
              + " mode at load (running statistics are used)");
    }
    List<String> frontier = List.of();
    int trunk = 0;
    int head = 0;
    if (mcCapable) {
      ModelProto ready = McReadyRewriter.rewrite(model, McReadyRewriter.Options.defaults()).model();
      Optional<FrontierSplit> split = StochasticFrontier.split(ready);
      if (split.isPresent()) {
        frontier = split.get().frontier();
        trunk = split.get().trunkNodes();
        head = split.get().headNodes();
      }
    }
    List<ModelReport.TensorInfo> inputs = new ArrayList<>();
    for (ValueInfoProto v : index.dataInputs()) {
      if (!v.getName().equals(McDropout.INPUT_NAME)) {
        inputs.add(tensorInfo(v));
      }
    }
    List<ModelReport.TensorInfo> outputs = new ArrayList<>();
    model.getGraph().getOutputList().forEach(v -> outputs.add(tensorInfo(v)));
    return new ModelReport(
        model.getProducerName(),
        model.getIrVersion(),
        opset,
        inputs,
        outputs,
        dropouts,
        index.nodeCount(),
        bn,
        bnTraining,
        hasMc,
        frontier,
        trunk,
        head,
        mcCapable,
        OnnxModels.metadata(model),
        notes);
  }

  public static ModelReport.TensorInfo tensorInfo(ValueInfoProto v) {
    List<String> shape = new ArrayList<>();
    String type = "?";
    if (v.getType().hasTensorType()) {
      type = elemTypeName(v.getType().getTensorType().getElemType());
      for (TensorShapeProto.Dimension d : v.getType().getTensorType().getShape().getDimList()) {
        shape.add(d.hasDimValue() ? Long.toString(d.getDimValue()) : symbolic(d));
      }
    }
    return new ModelReport.TensorInfo(v.getName(), type, shape);
  }

  private static String symbolic(TensorShapeProto.Dimension d) {
    return d.getDimParam().isEmpty() ? "?" : d.getDimParam();
  }

  static String elemTypeName(int type) {
    TensorProto.DataType t = TensorProto.DataType.forNumber(type);
    return t == null ? "type" + type : t.name().toLowerCase();
  }

  private static ModelReport.DropoutInfo describeDropout(
      NodeProto n, int position, GraphIndex index) {
    double rate = 0.5; // ONNX default when no ratio input is given
    if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
      rate = constantValue(n.getInput(1), index).orElse(Double.NaN);
    } else {
      for (AttributeProto a : n.getAttributeList()) {
        if (a.getName().equals("ratio")) {
          rate = a.getF(); // opset < 12 form
        }
      }
    }
    boolean seeded = n.getAttributeList().stream().anyMatch(a -> a.getName().equals("seed"));
    int p = index.producerOf(n.getInput(0));
    String after = p < 0 ? "input" : index.node(p).getOpType();
    // mcdrop exports spatial dropout as Dropout(ones[N,C,1,1]) multiplied into the activation.
    String kind = "standard";
    for (String o : n.getOutputList()) {
      for (int c : index.consumersOf(o)) {
        boolean fromOnes = after.equals("ConstantOfShape") || after.equals("Expand");
        if (fromOnes && index.node(c).getOpType().equals("Mul")) {
          kind = "spatial";
        }
      }
    }
    return new ModelReport.DropoutInfo(n.getName(), rate, position, after, kind, seeded);
  }

  /** Value of a scalar given as an initializer or by a Constant node. */
  static Optional<Double> constantValue(String tensor, GraphIndex index) {
    if (index.isInitializer(tensor)) {
      double[] v = Tensors.toDoubles(index.initializer(tensor));
      return v.length == 1 ? Optional.of(v[0]) : Optional.empty();
    }
    int p = index.producerOf(tensor);
    if (p >= 0 && index.node(p).getOpType().equals("Constant")) {
      for (AttributeProto a : index.node(p).getAttributeList()) {
        if (a.getName().equals("value")) {
          double[] v = Tensors.toDoubles(a.getT());
          return v.length == 1 ? Optional.of(v[0]) : Optional.empty();
        }
        if (a.getName().equals("value_float")) {
          return Optional.of((double) a.getF());
        }
      }
    }
    return Optional.empty();
  }
}
