package io.mcdrop.onnx.build;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.mcdrop.onnx.McDropout;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an ONNX model node by node, handing out unique tensor names.
 *
 * <p>Used by the trainer's exporter and by test fixtures. Nodes must be added in topological order
 * (each input defined before use), which is what ONNX requires of a graph anyway.
 *
 * <pre>{@code
 * GraphBuilder g = new GraphBuilder("tiny");
 * String x = g.floatInput("input", "N", 4);
 * String mc = g.mcDropoutInput();
 * String y = g.dropout(x, 0.5f, mc);
 * g.output(y, "logits", "N", 4);
 * ModelProto model = g.build();
 * }</pre>
 */
public final class GraphBuilder {
  /** Opset of the default domain used by mcdrop's own models (see the ONNX contract). */
  public static final int DEFAULT_OPSET = 17;

  /** IR version 8 goes with opset 17 and is accepted by ONNX Runtime 1.29. */
  public static final int IR_VERSION = 8;

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private final Map<String, Integer> counters = new HashMap<>();
  private final int opset;
  private String producer = "mcdrop";
  private String docString = "";
  private long modelVersion = 1;
  private String mcInput;

  public GraphBuilder(String name) {
    this(name, DEFAULT_OPSET);
  }

  public GraphBuilder(String name, int opset) {
    graph.setName(name);
    this.opset = opset;
  }

  /** Returns a fresh tensor or node name starting with {@code prefix}. */
  public String uniqueName(String prefix) {
    int k = counters.merge(prefix, 1, Integer::sum);
    return k == 1 ? prefix : prefix + "_" + k;
  }

  /** Adds a float input; each dim is an Integer/Long (fixed) or a String (symbolic). */
  public String floatInput(String name, Object... dims) {
    graph.addInput(valueInfo(name, TensorProto.DataType.FLOAT, dims));
    return name;
  }

  /**
   * Adds the shared boolean {@code mc_dropout} input with an initializer {@code false}, so plain
   * ONNX tools run the model deterministically. Idempotent.
   */
  public String mcDropoutInput() {
    if (mcInput == null) {
      mcInput = McDropout.INPUT_NAME;
      graph.addInput(valueInfo(mcInput, TensorProto.DataType.BOOL));
      graph.addInitializer(Tensors.bool(mcInput, false));
    }
    return mcInput;
  }

  public String initializer(String prefix, float[] data, long... dims) {
    String name = uniqueName(prefix);
    graph.addInitializer(Tensors.floats(name, data, dims));
    return name;
  }

  public String initializer(TensorProto tensor) {
    graph.addInitializer(tensor);
    return tensor.getName();
  }

  public String longInitializer(String prefix, long[] data, long... dims) {
    String name = uniqueName(prefix);
    graph.addInitializer(Tensors.longs(name, data, dims));
    return name;
  }

  /** Adds a node with one output and returns the output's name. */
  public String node(String opType, List<String> inputs, AttributeProto... attrs) {
    return nodeWithOutputs(opType, inputs, 1, attrs)[0];
  }

  /** Adds a node with {@code outputs} outputs and returns their names. */
  public String[] nodeWithOutputs(
      String opType, List<String> inputs, int outputs, AttributeProto... attrs) {
    String nodeName = uniqueName(opType);
    String[] outs = new String[outputs];
    for (int i = 0; i < outputs; i++) {
      outs[i] = uniqueName(nodeName + "_out" + (i == 0 ? "" : String.valueOf(i)));
    }
    addNode(nodeName, opType, inputs, List.of(outs), attrs);
    return outs;
  }

  /** Adds a node with explicit names (for outputs that must carry a contract name). */
  public void addNode(
      String nodeName,
      String opType,
      List<String> inputs,
      List<String> outputs,
      AttributeProto... attrs) {
    NodeProto.Builder n =
        NodeProto.newBuilder()
            .setName(nodeName)
            .setOpType(opType)
            .addAllInput(inputs)
            .addAllOutput(outputs);
    for (AttributeProto a : attrs) {
      n.addAttribute(a);
    }
    graph.addNode(n);
  }

  /**
   * Adds a standard ONNX Dropout whose {@code training_mode} is the shared {@code mc_dropout}
   * input; the ratio is an initializer as the ONNX contract asks.
   */
  public String dropout(String x, float ratio, String trainingMode) {
    String name = uniqueName("Dropout");
    String r = uniqueName(name + "_ratio");
    graph.addInitializer(Tensors.scalar(r, ratio));
    String out = uniqueName(name + "_out");
    addNode(name, "Dropout", List.of(x, r, trainingMode), List.of(out));
    return out;
  }

  /** Marks {@code tensor} as a graph output named {@code name} (through Identity if needed). */
  public String output(String tensor, String name, Object... dims) {
    String out = tensor;
    if (!tensor.equals(name)) {
      addNode(uniqueName("Identity"), "Identity", List.of(tensor), List.of(name));
      out = name;
    }
    graph.addOutput(valueInfo(out, TensorProto.DataType.FLOAT, dims));
    return out;
  }

  public GraphBuilder metadata(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  public GraphBuilder producer(String name) {
    this.producer = name;
    return this;
  }

  public GraphBuilder docString(String doc) {
    this.docString = doc;
    return this;
  }

  public GraphBuilder modelVersion(long version) {
    this.modelVersion = version;
    return this;
  }

  public ModelProto build() {
    ModelProto.Builder m =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .setProducerName(producer)
            .setProducerVersion("0.1")
            .setModelVersion(modelVersion)
            .setDocString(docString)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
            .setGraph(graph.build());
    metadata.forEach(
        (k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return m.build();
  }

  /**
   * A value-info for a tensor of {@code type}; dims are Integer/Long (fixed) or String (symbolic).
   */
  public static ValueInfoProto valueInfo(String name, TensorProto.DataType type, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d instanceof Number num) {
        dim.setDimValue(num.longValue());
      } else {
        dim.setDimParam(String.valueOf(d));
      }
      shape.addDim(dim);
    }
    TypeProto.Tensor.Builder tensor =
        TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape);
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(tensor))
        .build();
  }
}
