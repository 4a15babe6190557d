package io.mcdrop.server.v2;

import io.mcdrop.server.tensor.Datatype;
import java.util.List;
import java.util.Map;

/**
 * An inference request as every transport (REST JSON, REST binary, gRPC) delivers it, once its
 * tensors are decoded.
 *
 * @param id the client's request id, echoed (may be null)
 * @param parameters request parameters (MC options among them)
 * @param inputs the input tensors in request order
 * @param outputs the requested outputs in order; empty = all
 */
public record InferenceRequest(
    String id, Map<String, Param> parameters, List<Input> inputs, List<String> outputs) {

  public InferenceRequest {
    parameters = parameters == null ? Map.of() : parameters;
    inputs = inputs == null ? List.of() : inputs;
    outputs = outputs == null ? List.of() : outputs;
  }

  /**
   * One decoded input tensor.
   *
   * @param name its name
   * @param datatype its datatype
   * @param shape its shape
   * @param values its values when it is FP32 (the only datatype models here take), else null
   */
  public record Input(String name, Datatype datatype, long[] shape, float[] values) {}
}
