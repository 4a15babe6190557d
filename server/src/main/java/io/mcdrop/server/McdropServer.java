package io.mcdrop.server;

import io.mcdrop.server.batching.InferenceScheduler;
import io.mcdrop.server.config.ServerConfig;
import io.mcdrop.server.grpc.GrpcConfig;
import io.mcdrop.server.grpc.GrpcEndpoint;
import io.mcdrop.server.registry.ModelRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts and stops the prediction server in-process; the CLI's {@code serve} command and the tests
 * use it.
 *
 * <p>{@link #close()} shuts down gracefully: new requests get 503, queued and running ones finish
 * (up to {@code mcdrop.server.shutdown-grace}), then the HTTP server and the models close.
 */
public final class McdropServer implements AutoCloseable {
  private final ApplicationContext context;
  private final EmbeddedServer server;
  private boolean closed;

  private McdropServer(ApplicationContext context, EmbeddedServer server) {
    this.context = context;
    this.server = server;
  }

  /** Starts the server; models load in the background (see {@link #awaitModels}). */
  public static McdropServer start(ServerSettings settings) {
    return start(settings, new Object[0]);
  }

  /**
   * Starts the server with extra beans that take precedence over the defaults, e.g. a test's {@link
   * io.mcdrop.server.batching.EngineCall} that holds engine calls at a gate.
   */
  public static McdropServer start(ServerSettings settings, Object... beans) {
    ApplicationContext ctx =
        ApplicationContext.builder()
            .deduceEnvironment(false)
            .properties(settings.properties())
            .singletons(beans)
            .start();
    try {
      // Fail fast on bad settings before binding a port.
      ctx.getBean(ServerConfig.class);
      ctx.getBean(GrpcConfig.class);
      EmbeddedServer server = ctx.getBean(EmbeddedServer.class);
      server.start();
      try {
        ctx.getBean(GrpcEndpoint.class).start();
      } catch (RuntimeException e) {
        server.stop();
        throw e;
      }
      return new McdropServer(ctx, server);
    } catch (RuntimeException e) {
      ctx.close();
      throw e;
    }
  }

  /** Waits until every model has been loaded (or failed to); returns whether that happened. */
  public boolean awaitModels(Duration timeout) throws InterruptedException {
    return context
        .getBean(ModelRegistry.class)
        .awaitLoaded(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public List<String> models() {
    return context.getBean(ModelRegistry.class).names();
  }

  public URI uri() {
    return server.getURI();
  }

  public int port() {
    return server.getPort();
  }

  /** The gRPC port ({@code inference.GRPCInferenceService}), or -1 when gRPC is off. */
  public int grpcPort() {
    return context.getBean(GrpcEndpoint.class).port();
  }

  public ApplicationContext context() {
    return context;
  }

  @Override
  public void close() {
    shutdown();
  }

  /**
   * Shuts down gracefully (see the class comment); returns whether every in-flight request was
   * answered within the grace period (false also when already closed).
   */
  public synchronized boolean shutdown() {
    if (closed) {
      return false;
    }
    closed = true;
    ServerConfig config = context.getBean(ServerConfig.class);
    boolean drained = context.getBean(InferenceScheduler.class).drain(config.shutdownGrace());
    context.getBean(GrpcEndpoint.class).close();
    server.stop();
    context.close();
    return drained;
  }
}
