package io.mcdrop.server.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/** The protocol's JSON objects, named as in its specification. */
public final class V2Dto {
  private V2Dto() {}

  /** {@code $metadata_server_response}. */
  @Serdeable
  public record ServerMetadata(String name, String version, List<String> extensions) {}

  /** {@code $metadata_tensor}: variable-size dimensions are -1. */
  @Serdeable
  public record MetadataTensor(String name, String datatype, long[] shape) {}

  /** {@code $metadata_model_response}. */
  @Serdeable
  public record ModelMetadata(
      String name,
      List<String> versions,
      String platform,
      List<MetadataTensor> inputs,
      List<MetadataTensor> outputs) {}

  /** {@code $inference_request}. */
  @Serdeable
  public record InferRequest(
      @Nullable String id,
      @Nullable Map<String, JsonNode> parameters,
      @Nullable List<RequestInput> inputs,
      @Nullable List<RequestOutput> outputs) {}

  /** {@code $request_input}. */
  @Serdeable
  public record RequestInput(
      @Nullable String name,
      @Nullable long[] shape,
      @Nullable String datatype,
      @Nullable Map<String, JsonNode> parameters,
      @Nullable JsonNode data) {}

  /** {@code $request_output}. */
  @Serdeable
  public record RequestOutput(@Nullable String name, @Nullable Map<String, JsonNode> parameters) {}

  /** {@code $inference_response}. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record InferResponse(
      @JsonProperty("model_name") String modelName,
      @JsonProperty("model_version") @Nullable String modelVersion,
      @Nullable String id,
      @Nullable Map<String, Object> parameters,
      List<ResponseOutput> outputs) {}

  /** {@code $response_output}. */
  @Serdeable
  public record ResponseOutput(String name, long[] shape, String datatype, JsonNode data) {}
}
