package io.mcdrop.cli.serve;

import io.mcdrop.cli.ExitCodes;
import io.mcdrop.server.McdropServer;
import io.mcdrop.server.ServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Starts the prediction server and runs until Ctrl-C (or SIGTERM), then shuts down gracefully.
 * Options left out keep the server's defaults (application.yml and {@code MCDROP_SERVER_*}
 * environment variables), so defaults live in one place.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve every .onnx model in a directory over HTTP: native REST API (/api/v1), the Open"
          + " Inference Protocol (/v2), a web page (/), health, Prometheus metrics and OpenAPI.",
      "Binds to 127.0.0.1 unless --host says otherwise. Ctrl-C finishes in-flight requests,"
          + " then stops."
    })
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--models",
      paramLabel = "DIR",
      description =
          "Directory of .onnx models, each served under its file stem (default: ./models if it"
              + " holds models, else the models directory of the mcdrop installation, as classify"
              + " finds its default model).")
  Path models;

  @Option(names = "--host", description = "Address to bind (default: 127.0.0.1).")
  String host;

  @Option(names = "--port", description = "Port to listen on (default: 8080; 0 picks a free one).")
  Integer port;

  @Option(
      names = "--grpc-port",
      paramLabel = "PORT",
      description =
          "Port of the gRPC endpoint (inference.GRPCInferenceService, grpc.health.v1; default:"
              + " 8081, or a free one with --port 0; 0 picks a free one).")
  Integer grpcPort;

  @Option(names = "--no-grpc", description = "Serve no gRPC endpoint.")
  boolean noGrpc;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Inference workers (default: one per CPU core).")
  Integer threads;

  @Option(
      names = "--max-samples",
      paramLabel = "N",
      description = "Largest MC sample count a request may ask for (default: 1000).")
  Integer maxSamples;

  @Option(
      names = "--api-key-env",
      paramLabel = "VAR",
      description =
          "Require the API key held in environment variable VAR on every request except health"
              + " checks (header 'X-API-Key' or 'Authorization: Bearer').")
  String apiKeyEnv;

  @Override
  public Integer call() throws Exception {
    String apiKey = null;
    if (apiKeyEnv != null) {
      apiKey = System.getenv(apiKeyEnv);
      if (apiKey == null || apiKey.isBlank()) {
        throw new ParameterException(
            spec.commandLine(), "environment variable " + apiKeyEnv + " is not set or empty");
      }
    }
    if (models != null && !Files.isDirectory(models)) {
      throw new ParameterException(
          spec.commandLine(), "--models " + models + " is not a directory");
    }
    Path dir = models != null ? models : defaultModels();
    if (dir == null || !hasModels(dir)) {
      spec.commandLine()
          .getErr()
          .println(
              "mcdrop serve: "
                  + (dir == null
                      ? "no models directory found (looked for ./models and the installation's"
                          + " models directory)"
                      : "no .onnx models in " + dir.toAbsolutePath())
                  + "; pass --models DIR with at least one .onnx file");
      return ExitCodes.MODEL;
    }
    if (threads != null && threads < 1) {
      throw new ParameterException(spec.commandLine(), "--threads must be >= 1");
    }
    if (port != null && (port < 0 || port > 65535)) {
      throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535");
    }
    if (grpcPort != null && (grpcPort < 0 || grpcPort > 65535)) {
      throw new ParameterException(spec.commandLine(), "--grpc-port must be between 0 and 65535");
    }
    if (grpcPort != null && noGrpc) {
      throw new ParameterException(spec.commandLine(), "--grpc-port and --no-grpc contradict");
    }
    // Micronaut takes -1 for "any free port".
    Integer bindPort = port != null && port == 0 ? Integer.valueOf(-1) : port;
    ServerSettings settings =
        new ServerSettings(dir, host, bindPort, threads, maxSamples, apiKey, null);
    if (grpcPort != null) {
      settings = settings.with("mcdrop.server.grpc.port", grpcPort);
    }
    if (noGrpc) {
      settings = settings.with("mcdrop.server.grpc.enabled", false);
    }
    McdropServer server;
    try {
      server = McdropServer.start(settings);
    } catch (RuntimeException e) {
      // Bad settings or a port already in use: something the user fixes by changing options.
      spec.commandLine()
          .getErr()
          .println("mcdrop serve: cannot start the server: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    var err = spec.commandLine().getErr();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  err.println("mcdrop serve: shutting down");
                  err.flush();
                  boolean drained = server.shutdown();
                  err.println(
                      drained
                          ? "mcdrop serve: every request answered; stopped"
                          : "mcdrop serve: stopped with requests unanswered (grace period over)");
                  err.flush();
                  stopped.countDown();
                  // Ctrl-C and SIGTERM end the JVM with 130/143; a clean drain is a clean exit.
                  Runtime.getRuntime().halt(drained ? ExitCodes.OK : ExitCodes.PARTIAL);
                },
                "mcdrop-serve-shutdown"));
    err.println(
        "mcdrop serve: listening on " + server.uri() + " (web page at " + server.uri() + "/)");
    if (server.grpcPort() >= 0) {
      err.println("mcdrop serve: gRPC on port " + server.grpcPort());
    }
    if (server.awaitModels(Duration.ofMinutes(10))) {
      err.println(
          "mcdrop serve: serving " + server.models().size() + " model(s): " + server.models());
    }
    err.flush();
    stopped.await();
    return ExitCodes.OK;
  }

  /** ./models when it holds models, else MCDROP_HOME/models (as classify finds its model). */
  private static Path defaultModels() {
    Path local = Path.of("models");
    if (hasModels(local)) {
      return local;
    }
    String home = System.getenv("MCDROP_HOME");
    if (home != null && Files.isDirectory(Path.of(home, "models"))) {
      return Path.of(home, "models");
    }
    return Files.isDirectory(local) ? local : null;
  }

  private static boolean hasModels(Path dir) {
    try (var files = Files.list(dir)) {
      return files.anyMatch(p -> p.getFileName().toString().endsWith(".onnx"));
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
