package io.mcdrop.server.grpc;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The gRPC endpoint's settings ({@code mcdrop.server.grpc.*}, also from the environment: {@code
 * MCDROP_SERVER_GRPC_PORT}, {@code MCDROP_SERVER_GRPC_ENABLED}). It binds the REST server's host
 * ({@code micronaut.server.host}) and takes the same request size limit ({@code
 * micronaut.server.max-request-size}) as its largest inbound message.
 *
 * @param enabled whether to serve gRPC at all
 * @param port the port; 0 picks a free one; unset: {@value #DEFAULT_PORT}, or a free one when the
 *     REST port is itself "any free port" (so servers started for tests never collide)
 */
@ConfigurationProperties("mcdrop.server.grpc")
public record GrpcConfig(@Bindable(defaultValue = "true") boolean enabled, @Nullable Integer port) {
  public static final int DEFAULT_PORT = 8081;

  public GrpcConfig {
    if (port != null && (port < 0 || port > 65535)) {
      throw new IllegalArgumentException(
          "mcdrop.server.grpc.port must be between 0 and 65535, got " + port);
    }
  }

  /** The port to bind given the REST port ({@code <= 0}: any free port). */
  public int portFor(int httpPort) {
    if (port != null) {
      return port;
    }
    return httpPort <= 0 ? 0 : DEFAULT_PORT;
  }
}
