package io.mcdrop.server.v2;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The protocol's metadata objects, named as in its specification (inference requests and responses
 * are streamed by {@link V2Json}).
 */
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
}
