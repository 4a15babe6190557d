package io.mcdrop.runtime.model;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.McDropout;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.contract.ContractJson;
import io.mcdrop.onnx.contract.MetadataKeys;
import io.mcdrop.onnx.contract.PreprocessSpec;
import io.mcdrop.onnx.graph.GraphIndex;
import io.mcdrop.runtime.preprocess.Preprocessing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a model's graph and metadata say about how to call it, read without ONNX Runtime: the one
 * float data input and its declared dims, whether the batch is dynamic, the preprocessing (given,
 * from {@code mcdrop.preprocess}, or plain from an image-shaped input), the row shape, the labels
 * in the metadata, and the output's {@link OutputKind}.
 *
 * @param inputName the data input
 * @param declaredDims declared input dims, symbolic or unknown ones as -1
 * @param dynamicBatch whether the batch dimension is symbolic
 * @param rowShape dims of one input row (without the batch)
 * @param preprocessing how images become rows, or null (tensor input only)
 * @param metadataLabels the {@code mcdrop.labels} names, or null
 * @param outputName the class-score output
 * @param outputKind logits, probabilities or log-probabilities
 */
public record ModelSignature(
    String inputName,
    long[] declaredDims,
    boolean dynamicBatch,
    long[] rowShape,
    Preprocessing preprocessing,
    List<String> metadataLabels,
    String outputName,
    OutputKind outputKind) {

  /**
   * Reads the signature of an (MC-ready) model.
   *
   * @param givenPreprocessing overrides the metadata; null to read it
   */
  public static ModelSignature of(ModelProto model, Preprocessing givenPreprocessing) {
    GraphIndex index = new GraphIndex(model.getGraph());
    ValueInfoProto input = singleDataInput(index);
    long[] declared = dims(input);
    String name = input.getName();
    if (declared.length < 2) {
      throw new McdropException(
          ErrorCode.NOT_A_CLASSIFIER,
          "model input '"
              + name
              + "' has rank "
              + declared.length
              + "; mcdrop needs a batch of images [N, C, H, W] (or feature rows [N, D])");
    }
    boolean dynamicBatch = declared[0] <= 0;
    if (!dynamicBatch && declared[0] != 1) {
      throw new McdropException(
          ErrorCode.NOT_A_CLASSIFIER,
          "model input '"
              + name
              + "' has a fixed batch of "
              + declared[0]
              + "; export it with a dynamic batch dimension (dynamic_axes) or batch 1");
    }
    Preprocessing pre =
        givenPreprocessing != null ? givenPreprocessing : preprocessing(model, declared);
    List<String> labels =
        OnnxModels.metadata(model, MetadataKeys.LABELS).map(ContractJson::labels).orElse(null);
    String out = model.getGraph().getOutput(0).getName();
    return new ModelSignature(
        name,
        declared,
        dynamicBatch,
        rowShape(declared, pre, name),
        pre,
        labels,
        out,
        outputKind(index, out));
  }

  /**
   * The class names for a model with {@code classes} outputs: the given ones, else the metadata's,
   * else "0", "1", ...
   */
  public List<String> labels(int classes, List<String> given) {
    List<String> labels = given != null ? given : metadataLabels;
    if (labels != null && labels.size() != classes) {
      throw new McdropException(
          given != null ? ErrorCode.BAD_OPTION : ErrorCode.MODEL_INVALID,
          labels.size()
              + " labels given ("
              + (given != null ? "the engine configuration" : "model metadata")
              + ") but the model has "
              + classes
              + " classes");
    }
    if (labels != null) {
      return List.copyOf(labels);
    }
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < classes; i++) {
      numbers.add(Integer.toString(i));
    }
    return List.copyOf(numbers);
  }

  /** Floats in one input row. */
  public int rowSize() {
    long n = 1;
    for (long d : rowShape) {
      n *= d;
    }
    return (int) n;
  }

  private static ValueInfoProto singleDataInput(GraphIndex index) {
    List<ValueInfoProto> inputs = new ArrayList<>();
    for (ValueInfoProto v : index.dataInputs()) {
      if (!v.getName().equals(McDropout.INPUT_NAME)) {
        inputs.add(v);
      }
    }
    if (inputs.size() != 1) {
      throw new McdropException(
          ErrorCode.NOT_A_CLASSIFIER,
          "mcdrop needs a model with exactly one data input (the image batch), found "
              + inputs.stream().map(ValueInfoProto::getName).toList());
    }
    ValueInfoProto in = inputs.get(0);
    if (!in.getType().hasTensorType()
        || in.getType().getTensorType().getElemType() != TensorProto.DataType.FLOAT_VALUE) {
      throw new McdropException(
          ErrorCode.NOT_A_CLASSIFIER, "model input '" + in.getName() + "' is not a float tensor");
    }
    return in;
  }

  /** Declared dims; symbolic or unknown dims are -1. */
  static long[] dims(ValueInfoProto v) {
    List<TensorShapeProto.Dimension> d = v.getType().getTensorType().getShape().getDimList();
    long[] out = new long[d.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = d.get(i).hasDimValue() && d.get(i).getDimValue() > 0 ? d.get(i).getDimValue() : -1;
    }
    return out;
  }

  private static Preprocessing preprocessing(ModelProto model, long[] dims) {
    var meta = OnnxModels.metadata(model, MetadataKeys.PREPROCESS);
    if (meta.isPresent()) {
      return Preprocessing.of(PreprocessSpec.fromJson(meta.get()));
    }
    if (dims.length == 4 && (dims[1] == 1 || dims[1] == 3) && dims[2] > 0 && dims[3] > 0) {
      return Preprocessing.plain((int) dims[1], (int) dims[2], (int) dims[3]);
    }
    return null;
  }

  private static long[] rowShape(long[] declared, Preprocessing pre, String inputName) {
    long[] row = Arrays.copyOfRange(declared, 1, declared.length);
    if (pre != null && declared.length == 4) {
      long[] fromPre = {pre.channels(), pre.height(), pre.width()};
      for (int i = 0; i < 3; i++) {
        if (row[i] > 0 && row[i] != fromPre[i]) {
          throw new McdropException(
              ErrorCode.BAD_OPTION,
              "preprocessing gives input "
                  + Arrays.toString(fromPre)
                  + " but the model's input '"
                  + inputName
                  + "' is "
                  + Arrays.toString(row));
        }
      }
      return fromPre;
    }
    for (long d : row) {
      if (d <= 0) {
        throw new McdropException(
            ErrorCode.NOT_A_CLASSIFIER,
            "model input '"
                + inputName
                + "' has unknown dimensions "
                + Arrays.toString(declared)
                + "; give the image size and channels (a preprocessing rule in the engine"
                + " configuration)");
      }
    }
    return row;
  }

  private static OutputKind outputKind(GraphIndex index, String outName) {
    int producer = index.producerOf(outName);
    NodeProto last = producer >= 0 ? index.node(producer) : null;
    while (last != null && last.getOpType().equals("Identity")) {
      int p = index.producerOf(last.getInput(0));
      last = p >= 0 ? index.node(p) : null;
    }
    if (last != null && last.getOpType().equals("Softmax")) {
      return OutputKind.PROBABILITIES;
    }
    if (last != null && last.getOpType().equals("LogSoftmax")) {
      return OutputKind.LOG_PROBABILITIES;
    }
    return OutputKind.LOGITS;
  }
}
