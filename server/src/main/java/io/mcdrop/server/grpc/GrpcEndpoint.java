package io.mcdrop.server.grpc;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.mcdrop.server.config.ServerConfig;
import io.mcdrop.server.v2.V2Inference;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC server: {@code inference.GRPCInferenceService} and {@code grpc.health.v1.Health} on
 * their own port, sharing the REST server's registry, scheduler, limits, API key and metrics (it
 * runs in the same application context). grpc-java with its shaded Netty, so its Netty never meets
 * Micronaut's.
 *
 * <p>Limits: an inbound message may be at most {@code micronaut.server.max-request-size} bytes (10
 * MiB by default), the same as a REST body; larger ones get RESOURCE_EXHAUSTED from gRPC itself.
 * Work per request is bounded by the scheduler exactly as for REST.
 */
@Singleton
public final class GrpcEndpoint implements AutoCloseable {
  private final GrpcConfig config;
  private final ServerConfig serverConfig;
  private final V2Inference inference;
  private final String host;
  private final int httpPort;
  private final int maxMessageBytes;
  private Server server;

  public GrpcEndpoint(
      GrpcConfig config,
      ServerConfig serverConfig,
      V2Inference inference,
      @Value("${micronaut.server.host:127.0.0.1}") String host,
      @Value("${micronaut.server.port:8080}") int httpPort,
      @Value("${micronaut.server.max-request-size:10485760}") long maxRequestSize) {
    this.config = config;
    this.serverConfig = serverConfig;
    this.inference = inference;
    this.host = host;
    this.httpPort = httpPort;
    this.maxMessageBytes = (int) Math.min(Integer.MAX_VALUE, maxRequestSize);
  }

  /** Starts listening unless gRPC is turned off; fails with a clear message if it cannot bind. */
  public synchronized void start() {
    if (!config.enabled() || server != null) {
      return;
    }
    int port = config.portFor(httpPort);
    var service = new InferenceService(inference);
    var health = new HealthService(inference);
    NettyServerBuilder b =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
            .directExecutor()
            .maxInboundMessageSize(maxMessageBytes);
    if (serverConfig.apiKey() != null) {
      ApiKeyInterceptor keys = new ApiKeyInterceptor(serverConfig.apiKey());
      b.addService(ServerInterceptors.intercept(service, keys))
          .addService(ServerInterceptors.intercept(health, keys));
    } else {
      b.addService(service).addService(health);
    }
    try {
      server = b.build().start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot listen for gRPC on "
              + host
              + ":"
              + port
              + ": "
              + e.getMessage()
              + " (set mcdrop.server.grpc.port to another port, or mcdrop.server.grpc.enabled to"
              + " false)",
          e);
    }
  }

  /** The port gRPC listens on, or -1 when it does not. */
  public synchronized int port() {
    return server == null ? -1 : server.getPort();
  }

  /** The largest inbound message accepted, in bytes. */
  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  @Override
  @PreDestroy
  public synchronized void close() {
    if (server == null) {
      return;
    }
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    server = null;
  }
}
