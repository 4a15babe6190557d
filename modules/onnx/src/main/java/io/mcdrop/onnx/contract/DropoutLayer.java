package io.mcdrop.onnx.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One dropout node of an exported model, as listed in {@code mcdrop.dropout}.
 *
 * @param node the ONNX node name
 * @param kind {@code standard} (element-wise) or {@code spatial} (whole channels)
 * @param rate the drop probability
 * @param position where it sits, in words (block and layer)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"node", "kind", "rate", "position"})
public record DropoutLayer(String node, String kind, double rate, String position) {}
