package io.mcdrop.server.grpc;

import com.google.protobuf.UnsafeByteOperations;
import inference.GrpcPredictV2.InferParameter;
import inference.GrpcPredictV2.InferTensorContents;
import inference.GrpcPredictV2.ModelInferRequest;
import inference.GrpcPredictV2.ModelInferRequest.InferInputTensor;
import inference.GrpcPredictV2.ModelInferResponse;
import inference.GrpcPredictV2.ModelInferResponse.InferOutputTensor;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.server.tensor.BinaryTensors;
import io.mcdrop.server.tensor.Datatype;
import io.mcdrop.server.tensor.Shapes;
import io.mcdrop.server.tensor.Text;
import io.mcdrop.server.v2.InferenceRequest;
import io.mcdrop.server.v2.InferenceResult;
import io.mcdrop.server.v2.OutputTensor;
import io.mcdrop.server.v2.Param;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Between {@code grpc_predict_v2.proto} messages and the transport-neutral request and result:
 * typed {@code contents} or {@code raw_input_contents} in, {@code raw_output_contents} out (what
 * tritonclient reads).
 */
final class GrpcMessages {
  private GrpcMessages() {}

  static InferenceRequest request(ModelInferRequest r) {
    Map<String, Param> params = new LinkedHashMap<>();
    r.getParametersMap().forEach((k, v) -> params.put(k, param(v)));
    int raw = r.getRawInputContentsCount();
    if (raw > 0 && raw != r.getInputsCount()) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          "raw_input_contents has "
              + raw
              + " entries but there are "
              + r.getInputsCount()
              + " inputs; give one per input, in order");
    }
    List<InferenceRequest.Input> inputs = new ArrayList<>(r.getInputsCount());
    for (int i = 0; i < r.getInputsCount(); i++) {
      InferInputTensor t = r.getInputs(i);
      String what = "input '" + Text.abbreviate(t.getName()) + "'";
      Datatype dt = Datatype.parse(t.getDatatype().isEmpty() ? null : t.getDatatype(), what);
      long[] shape = new long[t.getShapeCount()];
      for (int d = 0; d < shape.length; d++) {
        shape[d] = t.getShape(d);
      }
      long elements = Shapes.elements(shape, what);
      float[] values;
      if (raw > 0) {
        if (t.hasContents()) {
          throw new McdropException(
              ErrorCode.BAD_INPUT,
              what + ": has typed 'contents' although raw_input_contents is used; give one form");
        }
        byte[] b = r.getRawInputContents(i).toByteArray();
        values = BinaryTensors.read(dt, shape, b, 0, b.length, what);
      } else {
        values = typed(t.getContents(), dt, elements, what);
      }
      inputs.add(new InferenceRequest.Input(t.getName(), dt, shape, values));
    }
    List<String> outputs = new ArrayList<>(r.getOutputsCount());
    r.getOutputsList().forEach(o -> outputs.add(o.getName()));
    return new InferenceRequest(r.getId().isEmpty() ? null : r.getId(), params, inputs, outputs);
  }

  private static float[] typed(InferTensorContents c, Datatype dt, long elements, String what) {
    if (dt != Datatype.FP32) {
      return null;
    }
    int n = c.getFp32ContentsCount();
    if (n != elements) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          what
              + ": has "
              + n
              + " fp32_contents but the shape needs "
              + elements
              + (n == 0 ? " (send typed contents or raw_input_contents)" : ""));
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      float f = c.getFp32Contents(i);
      if (!Float.isFinite(f)) {
        throw new McdropException(
            ErrorCode.BAD_INPUT, what + ": the data contains a NaN or infinite value");
      }
      v[i] = f;
    }
    return v;
  }

  private static Param param(InferParameter p) {
    return switch (p.getParameterChoiceCase()) {
      case BOOL_PARAM -> new Param.Bool(p.getBoolParam());
      case INT64_PARAM -> new Param.Int(BigInteger.valueOf(p.getInt64Param()));
      case STRING_PARAM -> new Param.Str(p.getStringParam());
      default -> new Param.Other("a parameter with no value this protocol defines");
    };
  }

  static ModelInferResponse response(InferenceResult r) {
    ModelInferResponse.Builder b =
        ModelInferResponse.newBuilder()
            .setModelName(r.modelName())
            .setModelVersion(r.modelVersion() == null ? "" : r.modelVersion());
    if (r.id() != null) {
      b.setId(r.id());
    }
    r.parameters()
        .forEach(
            (k, v) ->
                b.putParameters(
                    k,
                    v instanceof Integer i
                        ? InferParameter.newBuilder().setInt64Param(i).build()
                        : InferParameter.newBuilder().setStringParam(String.valueOf(v)).build()));
    for (OutputTensor o : r.outputs()) {
      InferOutputTensor.Builder t =
          InferOutputTensor.newBuilder().setName(o.name()).setDatatype(o.datatype());
      for (long d : o.shape()) {
        t.addShape(d);
      }
      b.addOutputs(t);
      b.addRawOutputContents(UnsafeByteOperations.unsafeWrap(o.binary()));
    }
    return b.build();
  }
}
