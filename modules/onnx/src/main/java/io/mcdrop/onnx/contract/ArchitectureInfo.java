package io.mcdrop.onnx.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The {@code mcdrop.architecture} entry.
 *
 * @param name preset name
 * @param spec the architecture spec text
 * @param input input shape [C, H, W]
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "spec", "input"})
public record ArchitectureInfo(String name, String spec, List<Integer> input) {
  public ArchitectureInfo {
    input = input == null ? null : List.copyOf(input);
  }
}
